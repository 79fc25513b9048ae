package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Journal events as the API gives them (timeline, police activity, evidence): newest first. */
final class EventTable {

    private EventTable() {}

    /**
     * @param tenants whether to show the tenant column (the police routes name tenants; the API
     *                leaves the field out for everyone else, so the column would be empty)
     */
    static Html render(Request r, JsonNode events, String caption, boolean tenants) {
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        Collections.reverse(list);
        if (list.isEmpty()) {
            return Html.of("<p class=\"muted\">{}：没有记录。</p>", caption);
        }
        boolean cards = list.stream().anyMatch(e -> e.hasNonNull("credential"));
        Html rows = Html.each(list, e -> Html.of("""
                <tr><td data-label="时间" class="nowrap">{}</td><td data-label="事件">{}</td><td data-label="设备/人员">{}</td>{}{}</tr>
                """, r.times.time(Alerts.text(e, "ts")), Labels.event(e.path("type").asText()),
                e.hasNonNull("by") ? e.path("by").asText() : e.path("device").asText(""),
                cards ? Html.of("<td data-label=\"卡号\">{}</td>", e.path("credential").asText("")) : Html.EMPTY,
                tenants ? Html.of("<td data-label=\"租户\">{}</td>", e.path("tenant").asText("")) : Html.EMPTY));
        return Html.of("""
                <table class="list events">
                <caption>{}</caption>
                <thead><tr><th scope="col">时间</th><th scope="col">事件</th><th scope="col">设备/人员</th>{}{}</tr></thead>
                <tbody>{}</tbody>
                </table>""", caption, cards ? Html.of("<th scope=\"col\">卡号（已脱敏）</th>") : Html.EMPTY,
                tenants ? Html.of("<th scope=\"col\">租户</th>") : Html.EMPTY, rows);
    }
}

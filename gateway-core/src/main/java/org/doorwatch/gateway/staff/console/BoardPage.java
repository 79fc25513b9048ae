package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * 大屏: the security room's wall screen. The alerts that still need somebody, as large tiles,
 * most urgent first, readable from across the room; counts per stage; the site's clock. No
 * buttons (nobody clicks a wall); live like the alert list.
 */
final class BoardPage {

    private BoardPage() {}

    static Reply page(Request r) throws Exception {
        List<JsonNode> active = Alerts.active(r);
        Html tiles = tiles(r, active);
        if ("tiles".equals(r.param("part"))) {
            return Reply.html(tiles);
        }
        return Reply.html(Layout.page(r, "值班大屏", "board", "board", "board", Html.of("""
                <div class="board-head"><h1>值班大屏</h1>
                <p class="clock" data-zone="{}" data-now="{}"><time data-clock>{}</time></p></div>
                {}""", r.times.zone().getId(), r.times.now().toEpochMilli(), r.times.clock(r.times.now()), tiles)));
    }

    private static Html tiles(Request r, List<JsonNode> active) {
        int[] counts = new int[6];
        for (JsonNode a : active) {
            counts[Labels.severity(a.path("stage").asText())]++;
        }
        Html summary = Html.of("""
                <ul class="board-counts">
                <li class="st-alarm">报警 <strong>{}</strong></li><li class="st-visit">上门询问 <strong>{}</strong></li>
                <li class="st-callback">电话回访 <strong>{}</strong></li><li class="st-warning">预警 <strong>{}</strong></li>
                <li class="st-notice">提示 <strong>{}</strong></li></ul>""", counts[5], counts[4], counts[3], counts[2], counts[1]);
        Html list = active.isEmpty() ? Html.of("<p class=\"all-clear\">目前没有待处理的报警</p>")
                : Html.each(active, a -> tile(r, a));
        return Html.of("<div class=\"board-body\" data-refresh=\"/board?part=tiles\" data-live>{}<div class=\"tiles\">{}</div></div>",
                summary, list);
    }

    private static Html tile(Request r, JsonNode a) {
        String household = Alerts.text(a, "household");
        String where = household == null ? a.path("device").asText("") : Alerts.address(r, household);
        Instant raised = Alerts.ts(a);
        return Html.of("""
                <a class="tile {}" href="/alerts/{}" data-alert-id="{}" data-summary="{} {}">
                <span class="tile-stage">{}</span><span class="tile-where">{}</span>
                <span class="tile-what">{}</span>{}
                <span class="tile-when">{}前 · {}</span></a>""", Labels.stageClass(a.path("stage").asText()),
                Html.seg(a.path("id").asText()), a.path("id").asText(), where, Labels.stage(a.path("stage").asText()),
                Labels.stage(a.path("stage").asText()), where, Labels.rule(a.path("rule").asText()),
                a.path("sensorOffline").asBoolean() ? Html.of("<span class=\"tile-warn\">门磁离线，可能是设备问题</span>")
                        : Html.EMPTY, r.times.since(raised), Labels.state(a.path("state").asText()));
    }
}

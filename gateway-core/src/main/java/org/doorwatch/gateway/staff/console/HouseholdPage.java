package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One household: state, sensors, the buttons, its contacts when the API gives them to this
 * caller (property and community in scope; police only while a VISIT is open), its recent
 * alerts, the door picture and the timeline of the last three days. What a role may not see is
 * not asked for by the page but refused by the API, and the page leaves that part out.
 */
final class HouseholdPage {

    private static final Duration TIMELINE = Duration.ofDays(3);

    private HouseholdPage() {}

    static Reply page(Request r) throws Exception {
        String id = r.params.get("id");
        JsonNode h = r.get("GET /api/households/:id", Map.of("id", id), Map.of());
        Html main = main(r, h);
        if ("main".equals(r.param("part"))) {
            return Reply.html(main);
        }
        String address = h.path("address").asText(id);
        return Reply.html(Layout.page(r, "住户：" + address, "households", "page", Html.of("""
                <p class="crumbs"><a href="/households">住户</a> › {}</p>
                <h1 data-household-id="{}">{}</h1>
                {}""", address, id, address, main)));
    }

    private static Html main(Request r, JsonNode h) throws Exception {
        String id = h.path("id").asText();
        Instant last = Times.parse(Alerts.text(h, "lastActivity"));
        String back = "/households/" + Html.seg(id);
        Html facts = Html.of("""
                <dl class="facts">
                <div><dt>状态</dt><dd>{}</dd></div>
                <div><dt>最后活动</dt><dd>{} {}</dd></div>
                <div><dt>标签</dt><dd>{}</dd></div>
                <div><dt>门磁</dt><dd>{}</dd></div>
                </dl>""", HouseholdsPage.states(h), r.times.time(last),
                last == null ? Html.EMPTY : Html.of("<span class=\"ago\">（{}前）</span>", r.times.since(last)),
                HouseholdsPage.tags(h), HouseholdsPage.sensors(r, h));
        Html buttons = Actions.householdButtons(r, id, back, h.path("away").asBoolean(false));
        List<JsonNode> alerts = Alerts.list(r, Map.of("household", id, "limit", "20"));
        Html alertRows = alerts.isEmpty() ? Html.of("<tr class=\"empty\"><td colspan=\"7\">近期没有报警。</td></tr>")
                : Html.each(alerts, a -> QueuePage.row(r, a, back, null));
        JsonNode activity = r.getIfAllowed("GET /api/households/:id/activity", Map.of("id", id), Map.of("days", "14"));
        JsonNode timeline = r.getIfAllowed("GET /api/households/:id/timeline", Map.of("id", id),
                Map.of("from", r.times.now().minus(TIMELINE).toString(), "limit", "1000"));
        return Html.of("""
                <div data-refresh="/households/{}?part=main" data-household-id="{}">
                {}
                {}
                {}
                <section aria-labelledby="alerts-title"><h2 id="alerts-title">近期报警</h2>
                <table class="list queue"><caption class="visually-hidden">这户的近期报警</caption>
                <thead><tr><th scope="col">级别</th><th scope="col">住户/设备</th><th scope="col">时间</th><th scope="col">描述</th><th scope="col">持续时间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
                <tbody>{}</tbody></table></section>
                {}
                {}
                </div>""", Html.seg(id), id, facts,
                buttons.isEmpty() ? Html.EMPTY : Html.of("<div class=\"actions big\">{}</div>", buttons),
                contacts(h), alertRows, ActivityPicture.render(r, activity), timeline(r, timeline));
    }

    /** Contacts exactly as the API gave them; absent when the API left them out for this caller. */
    private static Html contacts(JsonNode h) {
        JsonNode list = h.get("contacts");
        if (!(list instanceof ArrayNode) || list.isEmpty()) {
            return Html.EMPTY;
        }
        Html items = Html.each(toList(list), c -> Html.of("<li><span class=\"name\">{}</span> <a href=\"tel:{}\" class=\"phone\">{}</a></li>",
                c.path("name").asText(), c.path("phone").asText(), c.path("phone").asText()));
        return Html.of("""
                <section aria-labelledby="contacts-title" class="contacts"><h2 id="contacts-title">联系人</h2>
                <p class="hint">个人信息，仅用于联系住户，请勿外传。</p><ul>{}</ul></section>""", items);
    }

    private static Html timeline(Request r, JsonNode timeline) {
        if (timeline == null) {
            return Html.EMPTY;
        }
        // what tells of life and of staff; closings and heartbeats only say the sensor works
        ArrayNode shown = Request.JSON.createArrayNode();
        int closed = 0;
        int heartbeats = 0;
        for (JsonNode e : timeline.path("events")) {
            switch (e.path("type").asText()) {
                case "HEARTBEAT" -> heartbeats++;
                case "DOOR_CLOSED" -> closed++;
                default -> shown.add(e);
            }
        }
        return Html.of("<section aria-labelledby=\"timeline-title\"><h2 id=\"timeline-title\">最近3天时间线</h2>{}{}</section>",
                EventTable.render(r, shown, "最近3天的开门、刷卡、访客和工作人员记录", false),
                closed + heartbeats == 0 ? Html.EMPTY
                        : Html.of("<p class=\"muted\">另有 {} 条关门记录和 {} 条设备心跳未列出。</p>", closed, heartbeats));
    }

    private static List<JsonNode> toList(JsonNode array) {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}

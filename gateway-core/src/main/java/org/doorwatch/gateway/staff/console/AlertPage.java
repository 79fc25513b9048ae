package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.doorwatch.gateway.staff.ApiException;

/**
 * One alert: what it is and where, the buttons, the evidence of a security alert (with the visits
 * a visitor-frequency notice counted, for the police), its 处理过程, and the household's door
 * activity of the last 14 days as a picture. The part below the title is refreshed in place after
 * an action ({@code ?part=main}).
 */
final class AlertPage {

    private AlertPage() {}

    static Reply page(Request r) throws Exception {
        String id = r.params.get("id");
        JsonNode a = r.get("GET /api/alerts/:id", Map.of("id", id), Map.of());
        Html main = main(r, a);
        if ("main".equals(r.param("part"))) {
            return Reply.html(main);
        }
        String household = Alerts.text(a, "household");
        String where = household == null ? a.path("device").asText("") : Alerts.address(r, household);
        return Reply.html(Layout.page(r, Labels.stage(a.path("stage").asText()) + "：" + where, "alerts", "page",
                Html.of("""
                        <p class="crumbs"><a href="/">报警列表</a> › 报警详情</p>
                        <h1>{} {}</h1>
                        {}""", Layout.stage(a.path("stage").asText()), where, main)));
    }

    private static Html main(Request r, JsonNode a) throws Exception {
        String id = a.path("id").asText();
        String household = Alerts.text(a, "household");
        Instant raised = Alerts.ts(a);
        boolean done = "resolved".equals(a.path("state").asText()) || "RESOLVED".equals(a.path("stage").asText());
        String back = "/alerts/" + Html.seg(id);
        Html buttons = Actions.buttons(r, a, back);
        JsonNode resolved = null;
        String resolvedBy = Alerts.text(a.path("history"), "resolvedBy");
        if (resolvedBy != null) {
            try {
                resolved = r.get("GET /api/alerts/:id", Map.of("id", resolvedBy), Map.of());
            } catch (ApiException e) {
                resolved = null; // shown as resolved without its notice
            }
        }
        Instant ended = resolved == null ? null : Alerts.ts(resolved);
        String lasted = !done ? r.times.since(raised)
                : ended != null && raised != null ? Times.span(java.time.Duration.between(raised, ended)) + "（已解除）" : "—";
        Html.Builder channels = new Html.Builder();
        a.path("channels").forEach(c -> channels.add("<span class=\"tag\">{}</span>", Labels.channel(c.asText())));
        Html facts = Html.of("""
                <dl class="facts">
                <div><dt>类型</dt><dd>{}</dd></div>
                <div><dt>住户</dt><dd>{}</dd></div>
                <div><dt>触发时间</dt><dd>{}</dd></div>
                <div><dt>持续时间</dt><dd>{}</dd></div>
                <div><dt>状态</dt><dd>{}</dd></div>
                <div><dt>通知对象</dt><dd>{}</dd></div>
                </dl>""", Labels.rule(a.path("rule").asText()),
                household == null ? Html.text(a.path("device").asText("—"))
                        : QueuePage.subject(household, Alerts.address(r, household), Alerts.text(a, "device")),
                r.times.time(raised), lasted, Layout.state(a.path("state").asText()),
                channels.build());
        JsonNode activity = household == null ? null
                : r.getIfAllowed("GET /api/households/:id/activity", Map.of("id", household), Map.of("days", "14"));
        return Html.of("""
                <div class="alert-main" data-refresh="/alerts/{}?part=main" data-alert-id="{}">
                <div class="lead-box">{}</div>
                {}
                {}
                {}
                {}
                {}
                {}
                </div>""", Html.seg(id), id, QueuePage.description(r, a, null), facts,
                buttons.isEmpty() ? Html.EMPTY : Html.of("<div class=\"actions big\">{}</div>", buttons),
                evidence(r, a), AlertHistory.render(r, a, resolved),
                household == null ? Html.EMPTY : ActivityPicture.render(r, activity),
                household == null ? Html.EMPTY
                        : Html.of("<p><a href=\"/households/{}\">查看住户页面（时间线、联系人）</a></p>", Html.seg(household)));
    }

    /** The evidence fields of a security alert, and the counted visits of a visitor-frequency notice. */
    private static Html evidence(Request r, JsonNode a) throws Exception {
        JsonNode ev = a.path("evidence");
        if (!ev.isObject() || ev.isEmpty()) {
            return Html.EMPTY;
        }
        Html.Builder items = new Html.Builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = ev.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String v = f.getValue().asText();
            Instant t = Times.parse(v);
            items.add("<div><dt>{}</dt><dd>{}</dd></div>", Labels.evidence(f.getKey()),
                    t != null ? r.times.time(t) : Html.text("trigger".equals(f.getKey()) || "heardBy".equals(f.getKey())
                            ? Labels.event(v) : v));
        }
        Html visits = Html.EMPTY;
        if ("visitor-frequency".equals(a.path("rule").asText())) {
            JsonNode e = r.getIfAllowed("GET /api/police/alerts/:id/evidence", Map.of("id", a.path("id").asText()), Map.of());
            if (e != null) {
                visits = EventTable.render(r, e.path("visits"), "计入的访客记录", true);
            }
        }
        return Html.of("""
                <section aria-labelledby="evidence-title" id="evidence">
                <h2 id="evidence-title">证据</h2>
                <dl class="facts">{}</dl>
                {}
                </section>""", items.build(), visits);
    }
}

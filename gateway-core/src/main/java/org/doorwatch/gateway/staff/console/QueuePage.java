package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.staff.ApiException;

/**
 * 报警列表, the home page: what a property officer opens the console for. One row per alert with
 * 级别、住户/设备、时间、描述、持续时间、状态、操作 (the columns of the alarm consoles property
 * offices know), the most urgent open ones first. The list body is live: the page script listens
 * to the API's stream and fetches the body again ({@code ?part=rows}) when an alert arrives.
 */
final class QueuePage {

    /** The views: key, tab label. */
    static final Map<String, String> VIEWS = views();

    private static Map<String, String> views() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("active", "待处理");
        m.put("open", "未受理");
        m.put("acknowledged", "已受理");
        m.put("resolved", "已解除");
        m.put("all", "全部");
        return m;
    }

    private QueuePage() {}

    static Reply page(Request r) throws Exception {
        String view = VIEWS.containsKey(r.param("view")) ? r.param("view") : "active";
        List<JsonNode> alerts;
        try {
            alerts = load(r, view);
        } catch (ApiException e) {
            if (e.status() == 403 && !r.fetch) {
                return Reply.redirect(Layout.home(r)); // an installer's console starts at the devices
            }
            throw e;
        }
        Html rows = rows(r, view, alerts);
        if ("rows".equals(r.param("part"))) {
            return Reply.html(rows);
        }
        Html.Builder tabs = new Html.Builder();
        VIEWS.forEach((k, label) -> tabs.add("<li><a href=\"/?view={}\"{}>{}</a></li>", k,
                Html.of(k.equals(view) ? " aria-current=\"page\"" : ""), label));
        return Reply.html(Layout.page(r, "报警列表", "alerts", "queue", Html.of("""
                <div class="page-head">
                <h1>报警列表</h1>
                <p class="live-note" data-live-note>新报警会自动出现在列表中，无需刷新。时间均为本小区时间。</p>
                </div>
                <nav aria-label="报警筛选" class="tabs"><ul>{}</ul></nav>
                <table class="list queue">
                <caption class="visually-hidden">报警列表：{}</caption>
                <thead><tr><th scope="col">级别</th><th scope="col">住户/设备</th><th scope="col">时间</th><th scope="col">描述</th><th scope="col">持续时间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
                {}
                </table>""", tabs.build(), VIEWS.get(view), rows)));
    }

    private static List<JsonNode> load(Request r, String view) throws Exception {
        switch (view) {
            case "active":
                return Alerts.active(r);
            case "open":
            case "acknowledged": {
                List<JsonNode> out = new ArrayList<>();
                for (JsonNode a : Alerts.list(r, Map.of("state", view, "limit", "500"))) {
                    if (!"RESOLVED".equals(a.path("stage").asText())) {
                        out.add(a);
                    }
                }
                out.sort(Alerts.TRIAGE);
                return out;
            }
            case "resolved": {
                List<JsonNode> out = new ArrayList<>();
                for (JsonNode a : Alerts.list(r, Map.of("limit", "300"))) {
                    if ("resolved".equals(a.path("state").asText()) || "RESOLVED".equals(a.path("stage").asText())) {
                        out.add(a);
                    }
                }
                return out;
            }
            default:
                return Alerts.list(r, Map.of("limit", "300"));
        }
    }

    /** The list body; the element the script replaces, so it names its own address. */
    static Html rows(Request r, String view, List<JsonNode> alerts) {
        String back = "/?view=" + view;
        Map<String, String> escalated = Alerts.escalated(alerts);
        Html body = alerts.isEmpty()
                ? Html.of("<tr class=\"empty\"><td colspan=\"7\">{}</td></tr>",
                        "active".equals(view) ? "目前没有待处理的报警。" : "没有符合条件的报警。")
                : Html.each(alerts, a -> row(r, a, back, escalated.get(a.path("id").asText())));
        return Html.of("<tbody data-refresh=\"/?view={}&amp;part=rows\" data-live>{}</tbody>", view, body);
    }

    static Html row(Request r, JsonNode a, String back, String escalatedTo) {
        String id = a.path("id").asText();
        String stage = a.path("stage").asText();
        String state = a.path("state").asText();
        String household = Alerts.text(a, "household");
        String address = Alerts.address(r, household);
        Instant raised = Alerts.ts(a);
        boolean done = "resolved".equals(state) || "RESOLVED".equals(stage);
        return Html.of("""
                <tr data-alert-id="{}" data-summary="{}" class="{}">
                <td data-label="级别" class="c-stage">{}<span class="rule">{}</span></td>
                <td data-label="住户/设备" class="c-subject">{}</td>
                <td data-label="时间" class="c-time nowrap">{}</td>
                <td data-label="描述" class="c-desc">{}</td>
                <td data-label="持续时间" class="c-dur nowrap">{}</td>
                <td data-label="状态" class="c-state">{}</td>
                <td data-label="操作" class="actions c-act">{}<a href="/alerts/{}" class="detail-link">详情<span class="visually-hidden">：{}</span></a></td>
                </tr>
                """, id, (address == null ? Alerts.text(a, "device") : address) + " " + Labels.stage(stage),
                "row-" + state, Layout.stage(stage), Labels.rule(a.path("rule").asText()),
                subject(household, address, Alerts.text(a, "device")), r.times.time(raised),
                description(r, a, escalatedTo), done ? Html.of("<span class=\"muted\">—</span>") : Html.text(r.times.since(raised)),
                Layout.state(state), Actions.buttons(r, a, back), Html.seg(id), address == null ? "" : address);
    }

    /** The household (linked, carrying its id) and the device. */
    static Html subject(String household, String address, String device) {
        Html h = household == null ? Html.EMPTY
                : Html.of("<a href=\"/households/{}\" data-household-id=\"{}\" class=\"address\">{}</a>",
                        Html.seg(household), household, address);
        Html d = device == null ? Html.EMPTY : Html.of("<span class=\"device\">{}</span>", device);
        return Html.of("{}{}", h, d);
    }

    /** The message, the silence so far, and the plain words for a sensor that may be the cause. */
    static Html description(Request r, JsonNode a, String escalatedTo) {
        Html.Builder b = new Html.Builder();
        b.add("<p class=\"message\">{}</p>", a.path("message").asText(""));
        if (a.path("sensorOffline").asBoolean(false)) {
            b.add("<p class=\"warn sensor-offline\"><strong>门磁离线，可能是设备问题</strong>。没有开门记录也可能是门磁没信号；请照常联系住户，并报修设备。</p>");
        }
        Instant last = Times.parse(Alerts.text(a, "lastActivity"));
        boolean open = !"resolved".equals(a.path("state").asText()) && !"RESOLVED".equals(a.path("stage").asText());
        if (Alerts.isElderlyStage(a) && last != null && open) {
            b.add("<p class=\"silence\">已 <strong>{}</strong> 没有开门活动（最后一次 {}）</p>", r.times.since(last),
                    r.times.time(last));
        }
        if (escalatedTo != null && open) {
            b.add("<p class=\"muted\">已升级为“{}”</p>", Labels.stage(escalatedTo));
        }
        return b.build();
    }
}

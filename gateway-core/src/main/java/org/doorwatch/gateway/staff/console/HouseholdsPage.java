package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * 住户: every household of the caller's scope (the API's watch board) with its state — 正常,
 * 预警, 电话回访, 上门询问, 外出, 门磁离线 — most urgent first; filter by building, search by
 * address. The filter is a plain GET form; the page script filters as one types.
 */
final class HouseholdsPage {

    private HouseholdsPage() {}

    static Reply page(Request r) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        r.get("GET /api/households", Map.of(), Map.of()).path("households").forEach(all::add);
        String building = r.param("building");
        String q = r.param("q");
        TreeSet<String> buildings = new TreeSet<>(Comparator.comparing(HouseholdsPage::numeric).thenComparing(s -> s));
        all.forEach(h -> buildings.add(building(h.path("id").asText())));
        List<JsonNode> shown = new ArrayList<>();
        for (JsonNode h : all) {
            if ((building == null || building.equals(building(h.path("id").asText()))) && matches(h, q)) {
                shown.add(h);
            }
        }
        shown.sort(Comparator.comparing((JsonNode h) -> -urgency(h)).thenComparing(h -> h.path("id").asText()));

        Html.Builder options = new Html.Builder().add("<option value=\"\">全部楼栋</option>");
        for (String b : buildings) {
            options.add("<option value=\"{}\"{}>{}</option>", b, Html.of(b.equals(building) ? " selected" : ""),
                    b.matches("\\d+") ? b + "栋" : b);
        }
        Html rows = shown.isEmpty()
                ? Html.of("<tr class=\"empty\"><td colspan=\"6\">没有符合条件的住户。</td></tr>")
                : Html.each(shown, h -> row(r, h));
        return Reply.html(Layout.page(r, "住户", "households", "households", Html.of("""
                <div class="page-head"><h1>住户</h1>{}</div>
                <form method="get" action="/households" class="filters" role="search">
                <div class="field"><label for="building">楼栋</label><select id="building" name="building">{}</select></div>
                <div class="field"><label for="q">搜索地址</label><input id="q" name="q" type="search" value="{}" placeholder="例如 3栋2单元"></div>
                <button type="submit" class="button secondary">筛选</button>
                </form>
                <table class="list households">
                <caption class="visually-hidden">住户列表</caption>
                <thead><tr><th scope="col">住户</th><th scope="col">楼栋</th><th scope="col">状态</th><th scope="col">最后活动</th><th scope="col">门磁</th><th scope="col">标签</th></tr></thead>
                <tbody>{}</tbody>
                </table>""", counts(shown), options.build(), q == null ? "" : q, rows)));
    }

    private static Html row(Request r, JsonNode h) {
        String id = h.path("id").asText();
        String address = h.path("address").asText(id);
        Instant last = Times.parse(Alerts.text(h, "lastActivity"));
        String b = building(id);
        return Html.of("""
                <tr data-household-id="{}" data-building="{}" data-search="{}">
                <td data-label="住户"><a href="/households/{}" class="address">{}</a></td>
                <td data-label="楼栋">{}</td>
                <td data-label="状态">{}</td>
                <td data-label="最后活动">{}{}</td>
                <td data-label="门磁">{}</td>
                <td data-label="标签">{}</td>
                </tr>
                """, id, b, (address + " " + id).toLowerCase(Locale.ROOT), Html.seg(id), address,
                b.matches("\\d+") ? b + "栋" : b, states(h), r.times.time(last),
                last == null ? Html.EMPTY : Html.of("<span class=\"ago\">{}前</span>", r.times.since(last)),
                sensors(r, h), tags(h));
    }

    /** The state badges of a household: its stage, away, a sensor offline or faulty; 正常 when none. */
    static Html states(JsonNode h) {
        Html.Builder b = new Html.Builder();
        String stage = h.path("stage").asText("NONE");
        boolean away = h.path("away").asBoolean(false);
        if (!"NONE".equals(stage) && !away) {
            b.add(Layout.stage(stage));
        }
        if (away) {
            String until = Alerts.text(h, "awayUntil");
            b.add("<span class=\"badge st-away\">外出{}</span>", until == null ? "" : "至 " + until.substring(0, 10));
        }
        if (offline(h)) {
            b.add("<span class=\"badge st-offline\">门磁离线</span>");
        }
        if (faulty(h)) {
            b.add("<span class=\"badge st-offline\">设备故障</span>");
        }
        Html out = b.build();
        return out.isEmpty() ? Html.of("<span class=\"badge st-normal\">正常</span>") : out;
    }

    static boolean offline(JsonNode h) {
        for (JsonNode s : h.path("sensors")) {
            if (s.path("offline").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean faulty(JsonNode h) {
        for (JsonNode s : h.path("sensors")) {
            if (s.path("faulty").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    static Html sensors(Request r, JsonNode h) {
        Html.Builder b = new Html.Builder();
        for (JsonNode s : h.path("sensors")) {
            Instant heard = Times.parse(Alerts.text(s, "lastHeard"));
            b.add("<span class=\"sensor\">{}：{}</span>", Labels.deviceKind(s.path("kind").asText()),
                    s.path("offline").asBoolean() ? Html.of("<strong class=\"bad\">离线</strong>")
                            : heard == null ? Html.of("<span class=\"muted\">尚无信号</span>")
                            : Html.text("正常（" + r.times.since(heard) + "前）"));
        }
        Html out = b.build();
        return out.isEmpty() ? Html.of("<span class=\"muted\">无</span>") : out;
    }

    static Html tags(JsonNode h) {
        Html.Builder b = new Html.Builder();
        h.path("tags").forEach(t -> b.add("<span class=\"tag\">{}</span>", Labels.tag(t.asText())));
        return b.build();
    }

    private static Html counts(List<JsonNode> shown) {
        int warning = 0;
        int callBack = 0;
        int visit = 0;
        int away = 0;
        int offline = 0;
        for (JsonNode h : shown) {
            boolean isAway = h.path("away").asBoolean(false);
            switch (isAway ? "AWAY" : h.path("stage").asText("NONE")) {
                case "WARNING" -> warning++;
                case "CALL_BACK" -> callBack++;
                case "VISIT" -> visit++;
                case "AWAY" -> away++;
                default -> { }
            }
            if (offline(h)) {
                offline++;
            }
        }
        return Html.of("<p class=\"counts\">共 {} 户 · 上门询问 {} · 电话回访 {} · 预警 {} · 外出 {} · 门磁离线 {}</p>",
                shown.size(), visit, callBack, warning, away, offline);
    }

    private static int urgency(JsonNode h) {
        if (h.path("away").asBoolean(false)) {
            return 1;
        }
        int stage = Labels.severity(h.path("stage").asText());
        return stage > 0 ? 10 + stage : offline(h) ? 5 : 0;
    }

    private static boolean matches(JsonNode h, String q) {
        if (q == null) {
            return true;
        }
        String needle = q.toLowerCase(Locale.ROOT);
        return h.path("address").asText("").toLowerCase(Locale.ROOT).contains(needle)
                || h.path("id").asText("").toLowerCase(Locale.ROOT).contains(needle);
    }

    /** The building of a household id: its first part ({@code 3} of {@code 3-2-501}). */
    static String building(String id) {
        int dash = id.indexOf('-');
        return dash > 0 ? id.substring(0, dash) : id;
    }

    private static long numeric(String s) {
        return s.matches("\\d{1,9}") ? Long.parseLong(s) : Long.MAX_VALUE;
    }
}

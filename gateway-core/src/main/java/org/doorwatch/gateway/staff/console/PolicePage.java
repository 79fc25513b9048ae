package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 民警: what community police watch — rental households ranked by visitor frequency with the
 * evidence, tenant cards used after the tenancy ended, activity of watched households in the
 * night window, and forced-door and tamper alarms. Built from the police routes of the API, which
 * refuse every other role but admin (so does this page, with the API's 403).
 */
final class PolicePage {

    private static final Set<String> VISITS = Set.of("VISITOR_CALL", "VISITOR_ADMITTED");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);

    /** A rental household with its visit counts. */
    private record Rental(JsonNode household, int day, int week, JsonNode latestNotice) {}

    private PolicePage() {}

    static Reply page(Request r) throws Exception {
        JsonNode rentals = r.get("GET /api/police/rentals", Map.of(), Map.of());
        Map<String, JsonNode> notices = new HashMap<>();
        for (JsonNode a : Alerts.list(r, Map.of("rule", "visitor-frequency", "limit", "500"))) {
            notices.putIfAbsent(a.path("household").asText(), a); // newest first: keep the first
        }
        Instant now = r.times.now();
        List<Rental> ranked = new ArrayList<>();
        for (JsonNode h : rentals.path("rentals")) {
            String id = h.path("id").asText();
            JsonNode events = r.get("GET /api/police/activity", Map.of(),
                    Map.of("household", id, "from", now.minus(WEEK).toString(), "limit", "5000")).path("events");
            int day = 0;
            int week = 0;
            for (JsonNode e : events) {
                if (VISITS.contains(e.path("type").asText())) {
                    week++;
                    Instant t = Times.parse(e.path("ts").asText());
                    if (t != null && t.isAfter(now.minus(DAY))) {
                        day++;
                    }
                }
            }
            ranked.add(new Rental(h, day, week, notices.get(id)));
        }
        ranked.sort(Comparator.comparing((Rental x) -> -x.day()).thenComparing(x -> -x.week())
                .thenComparing(x -> x.household().path("id").asText()));

        List<JsonNode> expired = Alerts.list(r, Map.of("rule", "tenant-expired", "limit", "200"));
        List<JsonNode> night = Alerts.list(r, Map.of("rule", "watch-window", "limit", "200"));
        List<JsonNode> alarms = new ArrayList<>(Alerts.list(r, Map.of("rule", "door-forced", "limit", "200")));
        alarms.addAll(Alerts.list(r, Map.of("rule", "tamper", "limit", "200")));
        alarms.removeIf(a -> "RESOLVED".equals(a.path("stage").asText()));
        alarms.sort(Comparator.comparing(Alerts::ts, Comparator.nullsLast(Comparator.reverseOrder())));

        return Reply.html(Layout.page(r, "民警", "police", "page", Html.of("""
                <div class="page-head"><h1>民警</h1>
                <p class="hint">出租屋访客、租约过期刷卡、重点时段活动、撬门与防拆报警。时间为本小区时间。</p></div>
                <nav aria-label="本页内容" class="tabs"><ul>
                <li><a href="#rentals">出租屋访客</a></li><li><a href="#expired">租约过期刷卡</a></li>
                <li><a href="#night">重点时段</a></li><li><a href="#alarms">撬门/防拆</a></li></ul></nav>
                <section id="rentals" aria-labelledby="rentals-title"><h2 id="rentals-title">出租屋访客频次</h2>
                <table class="list rentals"><caption class="visually-hidden">出租屋按近24小时访客次数排列</caption>
                <thead><tr><th scope="col">住户</th><th scope="col">近24小时访客</th><th scope="col">近7天访客</th><th scope="col">租户与租约</th><th scope="col">证据</th></tr></thead>
                <tbody>{}</tbody></table></section>
                <section id="expired" aria-labelledby="expired-title"><h2 id="expired-title">租约到期后仍在使用的门卡</h2>{}</section>
                <section id="night" aria-labelledby="night-title"><h2 id="night-title">重点关注户的夜间活动提示</h2>{}</section>
                <section id="alarms" aria-labelledby="alarms-title"><h2 id="alarms-title">撬门与防拆报警</h2>{}</section>
                """, ranked.isEmpty() ? Html.of("<tr class=\"empty\"><td colspan=\"5\">没有出租屋。</td></tr>")
                        : Html.each(ranked, x -> rental(r, x)),
                alertTable(r, expired, "没有租约过期后刷卡的记录。"), alertTable(r, night, "没有夜间活动提示。"),
                alertTable(r, alarms, "没有撬门或防拆报警。"))));
    }

    private static Html rental(Request r, Rental x) {
        JsonNode h = x.household();
        String id = h.path("id").asText();
        Html.Builder tenancies = new Html.Builder();
        for (JsonNode t : h.path("tenancies")) {
            tenancies.add("<li>{} <span class=\"device\">{}</span> {}至{}{}</li>", t.path("tenant").asText("未登记"),
                    t.path("credential").asText(""), day(t, "from"), day(t, "until"),
                    t.path("active").asBoolean() ? Html.EMPTY : Html.of(" <strong class=\"bad\">已到期</strong>"));
        }
        JsonNode n = x.latestNotice();
        return Html.of("""
                <tr data-household-id="{}">
                <td data-label="住户"><a href="/households/{}" class="address">{}</a></td>
                <td data-label="近24小时访客" class="num{}">{}</td>
                <td data-label="近7天访客" class="num">{}</td>
                <td data-label="租户与租约"><ul class="plain">{}</ul></td>
                <td data-label="证据">{}</td>
                </tr>""", id, Html.seg(id), h.path("address").asText(id), Html.of(n != null ? " hot" : ""), x.day(),
                x.week(), tenancies.build(),
                n == null ? Html.of("<span class=\"muted\">未达提示次数</span>")
                        : Html.of("<a href=\"/alerts/{}#evidence\" data-alert-id=\"{}\">{} 访客频繁提示</a>",
                                Html.seg(n.path("id").asText()), n.path("id").asText(), r.times.time(Alerts.ts(n))));
    }

    /**
     * A tenancy's day: {@code from} as it is; {@code until} is exclusive in the API (a tenancy
     * "until 2027-12-31" ends at 2028-01-01 00:00), so the last day covered is the day before.
     */
    private static String day(JsonNode t, String field) {
        if (Times.parse(Alerts.text(t, field)) == null) {
            return field.equals("until") ? "长期" : "—";
        }
        // the API writes site time with its offset: the local date and time are in the text
        java.time.LocalDateTime local = java.time.OffsetDateTime.parse(t.path(field).asText()).toLocalDateTime();
        if (field.equals("until") && local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            local = local.minusDays(1);
        }
        return local.toLocalDate().toString();
    }

    /** A compact list of alerts with their evidence line. */
    private static Html alertTable(Request r, List<JsonNode> alerts, String empty) {
        if (alerts.isEmpty()) {
            return Html.of("<p class=\"muted\">{}</p>", empty);
        }
        Html rows = Html.each(alerts, a -> {
            String household = Alerts.text(a, "household");
            return Html.of("""
                    <tr data-alert-id="{}">
                    <td data-label="时间" class="nowrap">{}</td>
                    <td data-label="级别">{}</td>
                    <td data-label="住户/设备">{}</td>
                    <td data-label="描述">{}</td>
                    <td data-label="状态">{}</td>
                    <td data-label="详情" class="nowrap"><a href="/alerts/{}">详情</a></td>
                    </tr>""", a.path("id").asText(), r.times.time(Alerts.ts(a)), Layout.stage(a.path("stage").asText()),
                    QueuePage.subject(household, Alerts.address(r, household), Alerts.text(a, "device")),
                    a.path("message").asText(""), Layout.state(a.path("state").asText()), Html.seg(a.path("id").asText()));
        });
        return Html.of("""
                <table class="list"><thead><tr><th scope="col">时间</th><th scope="col">级别</th><th scope="col">住户/设备</th><th scope="col">描述</th><th scope="col">状态</th><th scope="col">详情</th></tr></thead>
                <tbody>{}</tbody></table>""", rows);
    }
}

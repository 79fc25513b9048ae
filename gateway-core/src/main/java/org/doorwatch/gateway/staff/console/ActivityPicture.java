package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * The household's door activity of the last days as a day × hour picture, from
 * {@code GET /api/households/{id}/activity}. It is a real HTML table, not a chart: it shows
 * before any script, a screen reader reads it cell by cell with its headers, it prints, and its
 * colours come from five classes of the style sheet (the CSP allows no inline style). A day with
 * no colour at the hours someone usually goes out is what a duty officer looks for.
 */
final class ActivityPicture {

    private ActivityPicture() {}

    static Html render(Request r, JsonNode grid) {
        if (grid == null) {
            return Html.of("""
                    <section class="activity" aria-labelledby="activity-title"><h2 id="activity-title">开门活动</h2>
                    <p class="muted">您的角色看不到这户的开门记录。</p></section>""");
        }
        ZonedDateTime now = r.times.now().atZone(r.times.zone());
        LocalDate today = now.toLocalDate();
        Html.Builder head = new Html.Builder().add("<th scope=\"col\" class=\"day\">日期</th>");
        for (int h = 0; h < 24; h++) {
            head.add("<th scope=\"col\"><span class=\"{}\">{}</span></th>", h % 3 == 0 ? "hour" : "hour minor", h);
        }
        Html.Builder body = new Html.Builder();
        for (JsonNode d : grid.path("days")) {
            LocalDate date = LocalDate.parse(d.path("date").asText());
            Html.Builder cells = new Html.Builder();
            int hour = 0;
            for (JsonNode n : d.path("hours")) {
                int count = n.asInt();
                boolean future = date.isAfter(today) || (date.equals(today) && hour > now.getHour());
                String title = r.times.day(date) + " " + hour + "时：" + (future ? "尚未到" : count + "次");
                cells.add("<td class=\"{}\" title=\"{}\">{}</td>", future ? "future" : level(count), title,
                        count == 0 ? Html.of("<span class=\"visually-hidden\">{}</span>", future ? "尚未到" : "0")
                                : Html.of("<span class=\"n\">{}</span>", count));
                hour++;
            }
            String day = r.times.day(date);
            body.add("<tr{}><th scope=\"row\" class=\"day\">{}<span class=\"wd\">{}</span></th>{}</tr>",
                    Html.of(date.equals(today) ? " class=\"today\"" : ""), day.substring(0, 5), day.substring(5),
                    cells.build());
        }
        return Html.of("""
                <section class="activity" aria-labelledby="activity-title">
                <h2 id="activity-title">近{}天开门活动</h2>
                <p class="hint">每一格是一小时，颜色越深开门越多，数字是次数（开门和刷卡）。共 {} 次。时间为本小区时间。{}</p>
                <div class="heat-wrap"><table class="heat">
                <caption class="visually-hidden">每天每小时的开门次数</caption>
                <thead><tr>{}</tr></thead>
                <tbody>{}</tbody>
                </table></div>
                <p class="legend" aria-hidden="true">少 <span class="h0"></span><span class="h1"></span><span class="h2"></span><span class="h3"></span><span class="h4"></span> 多</p>
                </section>""", grid.path("days").size(), grid.path("total").asInt(),
                grid.path("truncated").asBoolean() ? "记录太多，只统计了一部分。" : "", head.build(), body.build());
    }

    /** Five steps: none, one, a few, several, many. */
    static String level(int count) {
        if (count <= 0) {
            return "h0";
        }
        if (count == 1) {
            return "h1";
        }
        if (count <= 3) {
            return "h2";
        }
        return count <= 6 ? "h3" : "h4";
    }
}

package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * 处理过程: an alert's whole history as one list in time order — raised, each delivery, each
 * acknowledgement, each outcome, resolved — with 处理人、操作、时间、说明.
 *
 * <p>The API's {@code history} object has one array per kind of entry. Each known kind has a
 * reader here; any other array (the per-person notification attempts the people/notification
 * work adds, for one) is read by {@link #generic}, so a new kind shows up in the list the day the
 * API sends it, and gets its own words when a reader is added to {@link #READERS}.
 */
final class AlertHistory {

    /** One line of the history. */
    record Entry(Instant at, String who, String what, Html detail) {}

    private interface Reader {
        Entry read(JsonNode item, Request r);
    }

    private static final Map<String, Reader> READERS = Map.of(
            "deliveries", AlertHistory::delivery,
            "acknowledgements", (k, r) -> new Entry(time(k, "at"), k.path("by").asText("?"), "受理",
                    note(k.path("note"))),
            "outcomes", (o, r) -> new Entry(time(o, "at"), o.path("by").asText("?"),
                    "记录结果：" + Labels.outcome(o.path("code").asText()), outcomeDetail(r, o)));

    /** The field names of a generic entry that say when, and who. */
    private static final List<String> WHEN = List.of("at", "sentAt", "deliveredAt", "failedAt", "ts", "time");
    private static final List<String> WHO = List.of("by", "person", "name", "to");
    /** Words for the kinds of entry the API adds later (issue 14: who was notified); another kind shows its own name. */
    static final Map<String, String> KINDS = Map.of("notifications", "通知", "attempts", "通知尝试",
            "calls", "电话", "messages", "消息");

    private AlertHistory() {}

    /** @param resolved the RESOLVED alert that ended this one, when the caller may see it, or null */
    static Html render(Request r, JsonNode alert, JsonNode resolved) {
        List<Entry> entries = new ArrayList<>();
        JsonNode history = alert.path("history");
        entries.add(new Entry(Times.parse(history.path("raised").asText(alert.path("ts").asText())), "系统",
                "触发" + Labels.stage(alert.path("stage").asText()), Html.text(alert.path("message").asText(""))));
        for (Iterator<Map.Entry<String, JsonNode>> it = history.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isArray()) {
                continue;
            }
            Reader reader = READERS.getOrDefault(f.getKey(), (item, rq) -> generic(f.getKey(), item));
            for (JsonNode item : f.getValue()) {
                entries.add(reader.read(item, r));
            }
        }
        if (resolved != null) {
            entries.add(new Entry(Alerts.ts(resolved), "系统", "已解除",
                    Html.of("{} <a href=\"/alerts/{}\">解除通知</a>", resolved.path("message").asText(""),
                            Html.seg(resolved.path("id").asText()))));
        } else if (!history.path("resolvedBy").isNull() && !history.path("resolvedBy").isMissingNode()) {
            entries.add(new Entry(null, "系统", "已解除", Html.EMPTY));
        }
        // stable: entries without a time (a delivery still being tried) stay last
        entries.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.naturalOrder())));
        Html rows = Html.each(entries, e -> Html.of("""
                <tr><td data-label="时间">{}</td><td data-label="处理人">{}</td><td data-label="操作">{}</td><td data-label="说明">{}</td></tr>
                """, r.times.time(e.at()), e.who(), e.what(), e.detail()));
        return Html.of("""
                <section aria-labelledby="history-title">
                <h2 id="history-title">处理过程</h2>
                <table class="list history">
                <caption class="visually-hidden">这条报警的处理过程，按时间先后</caption>
                <thead><tr><th scope="col">时间</th><th scope="col">处理人</th><th scope="col">操作</th><th scope="col">说明</th></tr></thead>
                <tbody>{}</tbody>
                </table>
                </section>""", rows);
    }

    private static Entry delivery(JsonNode d, Request r) {
        String where = "发送到" + Labels.channel(d.path("channel").asText()) + "（" + transport(d.path("transport").asText()) + "）";
        Instant delivered = time(d, "deliveredAt");
        Instant failed = time(d, "failedAt");
        int attempts = d.path("attempts").asInt(0);
        if (delivered != null) {
            return new Entry(delivered, "系统", where, Html.text("已送达" + (attempts > 1 ? "，共尝试 " + attempts + " 次" : "")));
        }
        if (failed != null) {
            return new Entry(failed, "系统", where, Html.of("<strong class=\"bad\">发送失败</strong>，已尝试 {} 次", attempts));
        }
        return new Entry(null, "系统", where, Html.text("正在发送，已尝试 " + attempts + " 次"));
    }

    private static Html outcomeDetail(Request r, JsonNode o) {
        Instant until = time(o, "until");
        return Html.of("{}{}", until == null ? Html.EMPTY : Html.of("返回日期 {}。", r.times.full(until).substring(0, 10)),
                note(o.path("note")));
    }

    /** An entry of a kind this page has no words for yet: its time, who, and its other fields. */
    private static Entry generic(String kind, JsonNode item) {
        Instant at = null;
        for (String f : WHEN) {
            at = at != null ? at : time(item, f);
        }
        String who = "系统";
        for (String f : WHO) {
            if (item.hasNonNull(f)) {
                who = item.get(f).asText();
                break;
            }
        }
        Html.Builder detail = new Html.Builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isValueNode() && !f.getValue().isNull() && !WHEN.contains(f.getKey()) && !WHO.contains(f.getKey())) {
                detail.add("<span class=\"kv\">{}：{}</span> ", f.getKey(), f.getValue().asText());
            }
        }
        return new Entry(at, who, KINDS.getOrDefault(kind, kind), detail.build());
    }

    private static String transport(String t) {
        return switch (t) {
            case "mqtt" -> "MQTT";
            case "webhook" -> "Webhook";
            case "wecom" -> "企业微信";
            case "dingtalk" -> "钉钉";
            case "sms" -> "短信";
            default -> t;
        };
    }

    private static Html note(JsonNode note) {
        return note == null || note.isNull() || note.isMissingNode() || note.asText().isBlank() ? Html.EMPTY
                : Html.of("<q class=\"note\">{}</q>", note.asText());
    }

    private static Instant time(JsonNode n, String field) {
        return Times.parse(n.path(field).asText(null));
    }
}

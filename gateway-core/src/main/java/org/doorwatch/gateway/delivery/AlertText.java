package org.doorwatch.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.doorwatch.domain.Stage;

/**
 * What people read of an alert: its SPEC 5 JSON (the outbox payload) worded for a phone screen,
 * in Chinese. The alert's own {@code message} already names the household by its address.
 *
 * <pre>
 * 【预警】3栋2单元501 已24小时未开门
 * 时间 11-23 08:15 · 编号 4f2a91c0
 * </pre>
 * A re-notification says which: {@code 【预警·第2次提醒】}.
 */
record AlertText(String id, String stage, String message, String time, String household) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    static AlertText of(String payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            String stage = n.path("stage").asText("");
            String label;
            try {
                label = Stage.valueOf(stage).label();
            } catch (IllegalArgumentException e) {
                label = stage;
            }
            String ts = n.path("ts").asText("");
            String time;
            try {
                time = OffsetDateTime.parse(ts).format(TIME);
            } catch (RuntimeException e) {
                time = ts;
            }
            return new AlertText(n.path("id").asText(""), label, n.path("message").asText(""), time,
                    n.path("household").asText(""));
        } catch (java.io.IOException e) {
            return new AlertText("", "告警", payload.length() > 200 ? payload.substring(0, 200) : payload, "", "");
        }
    }

    /** The first 8 characters of the id: enough for staff to find it in the console. */
    String shortId() {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    String title(int round) {
        return "【" + stage + (round > 0 ? "·第" + (round + 1) + "次提醒" : "") + "】";
    }

    /** The message of this alert alone. */
    String single(int round) {
        return title(round) + message + "\n时间 " + time + " · 编号 " + shortId();
    }

    /** One line of a digest. */
    String line(int round) {
        return title(round) + message + "（" + time + "，" + shortId() + "）";
    }
}

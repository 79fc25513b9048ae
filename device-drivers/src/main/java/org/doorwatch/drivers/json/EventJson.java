package org.doorwatch.drivers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/**
 * The normalized event as JSON (SPEC section 4): what the default MQTT profile carries and
 * what replay reads, one object per line.
 *
 * <pre>
 * {"ts":"2026-11-22T08:15:00+08:00","device":"door-3-2-501","type":"DOOR_OPENED"}
 * {"ts":"…","device":"gate-3","type":"ACCESS_GRANTED","household":"3-2-501","credential":"card:5A3C91","direction":"IN"}
 * {"ts":"…","type":"AWAY","household":"3-2-501","until":"2026-12-01T00:00:00+08:00","by":"staff-7"}
 * </pre>
 *
 * A timestamp carries its offset ({@code +08:00} or {@code Z}); one without is read in the
 * site's zone, because door controllers commonly print local time. Unknown fields are ignored
 * so vendors may add their own; a known field of the wrong type is an error.
 */
public final class EventJson {

    /** Payloads larger than this are refused before parsing: no door event is anywhere near. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    /**
     * Parses one event.
     *
     * @param text        the JSON text
     * @param zone        the site's zone, for timestamps without an offset
     * @param deviceHint  the device when the JSON names none (MQTT: from the topic), or null
     * @param receivedAt  the timestamp when the JSON has none (MQTT: receive time), or null to
     *                    require one (replay)
     */
    public static ParsedEvent parse(String text, ZoneId zone, String deviceHint, Instant receivedAt) {
        if (text.length() > MAX_BYTES) {
            return ParsedEvent.error("oversized", "payload of " + text.length() + " characters exceeds " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ParsedEvent.error("not-json", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return ParsedEvent.error("not-object", "expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        try {
            return ParsedEvent.ok(read(root, zone, deviceHint, receivedAt));
        } catch (FieldException e) {
            return ParsedEvent.error(e.reason, e.getMessage());
        }
    }

    private static DoorEvent read(JsonNode o, ZoneId zone, String deviceHint, Instant receivedAt) {
        String typeText = text(o, "type");
        if (typeText == null) {
            throw new FieldException("missing-field", "missing field 'type'");
        }
        EventType type;
        try {
            type = EventType.valueOf(typeText);
        } catch (IllegalArgumentException e) {
            throw new FieldException("bad-type", "field 'type': unknown event type '" + typeText + "'");
        }
        String tsText = text(o, "ts");
        Instant ts;
        if (tsText == null) {
            if (receivedAt == null) {
                throw new FieldException("missing-field", "missing field 'ts'");
            }
            ts = receivedAt;
        } else {
            ts = instant("ts", tsText, zone);
        }
        String device = text(o, "device");
        if (device == null) {
            device = deviceHint;
        }
        String household = text(o, "household");
        String credential = text(o, "credential");
        String by = text(o, "by");
        String directionText = text(o, "direction");
        Direction direction = null;
        if (directionText != null) {
            try {
                direction = Direction.valueOf(directionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FieldException("bad-field", "field 'direction': expected IN or OUT, found '" + directionText + "'");
            }
        }
        String untilText = text(o, "until");
        Instant until = untilText == null ? null : instant("until", untilText, zone);
        if (!type.isStaffAction() && device == null && household == null) {
            throw new FieldException("missing-field", "a " + type + " event needs 'device' or 'household'");
        }
        if (type.isStaffAction() && household == null) {
            throw new FieldException("missing-field", "a " + type + " action needs 'household'");
        }
        return new DoorEvent(ts, device, type, household, credential, direction, by, until);
    }

    /** A string field, null when absent or JSON null; any other type is an error. */
    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new FieldException("bad-field", "field '" + field + "': expected a string, found "
                    + v.getNodeType().name().toLowerCase(Locale.ROOT) + " " + v);
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /**
     * An ISO-8601 time such as {@code 2026-11-22T08:15:00+08:00}; without an offset it is local
     * time in {@code zone}.
     *
     * Years beyond the store's range ({@link TimeRange}) are refused too.
     *
     * @throws DateTimeException naming the text and the expected form
     */
    public static Instant parseTime(String text, ZoneId zone) {
        Instant t;
        try {
            t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                t = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
            } catch (DateTimeException local) {
                throw new DateTimeException(
                        "expected an ISO-8601 time like 2026-11-22T08:15:00+08:00, found '" + text + "'");
            }
        }
        if (!TimeRange.contains(t)) {
            throw new DateTimeException("the time '" + text + "' is outside the range a store can hold (years "
                    + TimeRange.MIN.atZone(java.time.ZoneOffset.UTC).getYear() + " to "
                    + TimeRange.MAX.atZone(java.time.ZoneOffset.UTC).getYear() + ")");
        }
        return t;
    }

    private static Instant instant(String field, String text, ZoneId zone) {
        try {
            return parseTime(text, zone);
        } catch (DateTimeException e) {
            throw new FieldException("bad-timestamp", "field '" + field + "': " + e.getMessage());
        }
    }

    /** Thrown inside the parser only; becomes a {@link ParsedEvent} error. */
    static final class FieldException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        FieldException(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

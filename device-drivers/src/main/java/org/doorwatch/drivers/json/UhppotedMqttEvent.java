package org.doorwatch.drivers.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;
import org.doorwatch.drivers.uhppote.UhppoteEvents;

/**
 * The built-in profile {@code uhppoted-mqtt}: the event messages the uhppoted-mqtt bridge
 * publishes (to {@code uhppoted/gateway/events/live} and {@code uhppoted/gateway/events} by
 * default), with signing, encryption and HMAC off, as its {@code mqtt/mqtt.go},
 * {@code mqtt/message.go} and {@code device/events.go} write them:
 *
 * <pre>
 * {"message": {"event": {"event": {
 *     "device-id": 405419896, "event-id": 17, "event-type": 1, "event-type-text": "card swipe",
 *     "access-granted": true, "door-id": 1, "direction": 1, "direction-text": "in",
 *     "card-number": 8165538, "timestamp": "2026-11-22 08:15:00 CST",
 *     "event-reason": 1, "event-reason-text": "swipe"}}},
 *  "hmac": "…"}
 *   -&gt; ACCESS_GRANTED of device "405419896/1" (renamed by the profile's values.device), IN,
 *      credential card:8165538, at 2026-11-22 08:15:00 in the site's zone
 * </pre>
 *
 * The codes mean what they mean on the UDP wire ({@link UhppoteEvents}), so a controller read by
 * uhppoted-mqtt and one read by the gateway's own {@code uhppote} port give the same events.
 * Records that are no SPEC 4 event come out as {@code TYPE/REASON} (fire: {@code 3/39}), which
 * is refused unless the profile's {@code values.type} maps it. The timestamp is read without its
 * zone: uhppoted-mqtt writes its host's abbreviation ({@code CST}), which Java would take for US
 * Central time; it is the site's local time when uhppoted-mqtt runs in the site's timezone.
 */
final class UhppotedMqttEvent {

    static final String NAME = "uhppoted-mqtt";

    /** The flat form the profile's fixed pointers read. */
    static final Map<String, String> FIELDS = Map.of(
            "device", "/device", "type", "/type", "ts", "/ts", "credential", "/credential", "direction", "/direction");
    static final String TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

    private UhppotedMqttEvent() {}

    /** uhppoted-mqtt's message as the flat object {@code {device, type, ts, credential, direction}}. */
    static JsonNode flatten(JsonNode root, Map<String, Map<String, String>> values) {
        JsonNode wrapped = root.at("/message/event");
        if (wrapped.isTextual()) {
            throw new EventJson.FieldException("bad-field", "an encrypted uhppoted-mqtt event at /message/event; the gateway "
                    + "reads plain events: set mqtt.security.outgoing.encrypt = false in uhppoted.conf");
        }
        JsonNode e = wrapped.path("event");
        if (!e.isObject()) {
            throw new EventJson.FieldException("missing-field", "expected uhppoted-mqtt's event object at /message/event/event, found "
                    + (e.isMissingNode() ? "nothing" : e.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        long controller = number(e, "device-id");
        long index = e.path("event-id").asLong(0);
        int type = (int) number(e, "event-type");
        int door = (int) number(e, "door-id");
        int reason = (int) e.path("event-reason").asLong(0);
        int direction = (int) e.path("direction").asLong(0);
        boolean granted = e.path("access-granted").asBoolean(false);
        long card = e.path("card-number").asLong(0);

        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        flat.put("device", controller + "/" + door);
        UhppoteEvents.Meaning m = UhppoteEvents.meaning(type, granted, direction, reason);
        String raw = type + "/" + reason;
        if (m.type() != null) {
            flat.put("type", m.type().name()); // the profile's values.type may still rename it
        } else if (values.getOrDefault("type", Map.of()).containsKey(raw)) {
            flat.put("type", raw);
        } else {
            throw new EventJson.FieldException("bad-type", "uhppoted-mqtt event " + index + " of controller " + controller + ": "
                    + UhppoteEvents.describe(type, reason) + " is no SPEC 4 door event; to count it, map it: values: { type: { \""
                    + raw + "\": TAMPER } }");
        }
        String ts = e.path("timestamp").asText("").trim();
        if (ts.length() >= 19 && TIME.matcher(ts.substring(0, 19)).matches()) {
            flat.put("ts", ts.substring(0, 19));
        } else if (!ts.isEmpty()) {
            throw new EventJson.FieldException("bad-timestamp", "field 'timestamp' at /message/event/event/timestamp: expected "
                    + "a time like 2026-11-22 08:15:00 CST, found '" + ts + "'");
        }
        if (m.hasCard() && card != 0) {
            flat.put("credential", "card:" + card);
        }
        if (m.direction() != null) {
            flat.put("direction", m.direction().name());
        }
        return flat;
    }

    private static long number(JsonNode e, String field) {
        JsonNode v = e.path(field);
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && v.asText().matches("\\d{1,10}")) {
            n = Long.parseLong(v.asText());
        } else {
            throw new EventJson.FieldException(v.isMissingNode() ? "missing-field" : "bad-field", "field '" + field
                    + "' at /message/event/event/" + field + ": expected a whole number, found "
                    + (v.isMissingNode() ? "nothing" : "'" + v.asText() + "'"));
        }
        if (n < 0 || n > 0xFFFF_FFFFL) {
            throw new EventJson.FieldException("bad-field", "field '" + field + "' at /message/event/event/" + field
                    + ": expected 0 to 4294967295, found " + n);
        }
        return n;
    }
}

package org.doorwatch.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * Writes door events the way devices send them: the default event JSON of SPEC section 4, or a
 * vendor's JSON by a payload profile (the profile read backwards: each normalized field goes
 * to its JSON Pointer, each normalized value to the vendor value that maps to it).
 */
final class EventEncoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZoneId zone;
    /** uhppoted-mqtt: each controller's event index, as its log would number them. */
    private final Map<Long, Long> eventIds = new HashMap<>();

    EventEncoder(ZoneId zone) {
        this.zone = zone;
    }

    /** SPEC section 4: {@code {"ts":"…+08:00","device":"…","type":"…", …}}. */
    String defaultJson(DoorEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.ts().atZone(zone).toOffsetDateTime()));
        if (e.device() != null) o.put("device", e.device());
        o.put("type", e.type().name());
        if (e.household() != null) o.put("household", e.household());
        if (e.credential() != null) o.put("credential", e.credential());
        if (e.direction() != null) o.put("direction", e.direction().name());
        return o.toString();
    }

    /** The vendor JSON of {@code profile} for {@code e}. */
    String profileJson(DoorEvent e, GatewayConfig.PayloadProfileConfig profile) {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, String> field : profile.fields().entrySet()) {
            String value = normalized(e, field.getKey(), profile);
            if (value != null) {
                put(root, field.getValue(), field.getKey().equals("ts") ? null : value, field.getKey().equals("ts") ? e.ts() : null, profile);
            }
        }
        return root.toString();
    }

    /**
     * What the uhppoted-mqtt bridge publishes for {@code e} on the door {@code controllerDoor}
     * ({@code "405419896/1"}, as the built-in profile's {@code values.device} names it), or null for
     * an event a controller never reports (HEARTBEAT, VISITOR_CALL ...). The timestamp carries the
     * zone's abbreviation, as uhppoted-mqtt writes it ({@code CST}).
     */
    String uhppotedMqttJson(DoorEvent e, String controllerDoor) {
        int[] record = UhppoteEvents.recordFor(e.type());
        int slash = controllerDoor.indexOf('/');
        if (record == null || slash < 0) {
            return null;
        }
        long controller = Long.parseLong(controllerDoor.substring(0, slash));
        int door = Integer.parseInt(controllerDoor.substring(slash + 1));
        long id = eventIds.merge(controller, 1L, Long::sum);
        boolean swipe = record[0] == org.doorwatch.drivers.uhppote.ControllerEvent.TYPE_SWIPE;
        int direction = e.direction() == Direction.OUT ? 2 : e.direction() == Direction.IN || swipe ? 1 : 0;
        ObjectNode event = JSON.createObjectNode();
        event.put("device-id", controller);
        event.put("event-id", id);
        event.put("event-type", record[0]);
        event.put("event-type-text", swipe ? "card swipe" : "door");
        event.put("access-granted", record[1] == 1);
        event.put("door-id", door);
        event.put("direction", direction);
        event.put("direction-text", direction == 1 ? "in" : direction == 2 ? "out" : "");
        event.put("card-number", swipe ? card(e.credential()) : 0);
        event.put("timestamp", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT).format(e.ts().atZone(zone)));
        event.put("event-reason", record[2]);
        event.put("event-reason-text", "");
        ObjectNode root = JSON.createObjectNode();
        root.putObject("message").putObject("event").set("event", event);
        return root.toString();
    }

    /** The card number of {@code card:8165538} (the profile's form); a credential that is no number gets a stable made-up one. */
    private static long card(String credential) {
        if (credential == null) {
            return 0;
        }
        String n = credential.startsWith("card:") ? credential.substring(5) : credential;
        for (int radix : new int[] {10, 16}) {
            try {
                long v = Long.parseLong(n, radix);
                if (v >= 0 && v <= 0xFFFF_FFFFL) {
                    return v;
                }
            } catch (NumberFormatException notThisRadix) {
                // try the next
            }
        }
        return Integer.toUnsignedLong(n.hashCode());
    }

    private String normalized(DoorEvent e, String field, GatewayConfig.PayloadProfileConfig profile) {
        String value = switch (field) {
            case "ts" -> "ts";
            case "device" -> e.device();
            case "type" -> e.type().name();
            case "household" -> e.household();
            case "credential" -> e.credential();
            case "direction" -> e.direction() == null ? null : e.direction().name();
            default -> null;
        };
        Map<String, String> map = profile.values().get(field);
        if (value != null && map != null) {
            for (Map.Entry<String, String> m : map.entrySet()) {
                if (m.getValue().equalsIgnoreCase(value)) {
                    return m.getKey();
                }
            }
        }
        return value;
    }

    private void put(ObjectNode root, String pointer, String text, Instant ts, GatewayConfig.PayloadProfileConfig profile) {
        String[] parts = pointer.startsWith("/") ? pointer.substring(1).split("/") : pointer.split("/");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        if (ts == null) {
            node.put(leaf, text);
            return;
        }
        String format = profile.timeFormat() == null ? "iso" : profile.timeFormat();
        switch (format) {
            case "epoch-ms" -> node.put(leaf, ts.toEpochMilli());
            case "epoch-s" -> node.put(leaf, ts.getEpochSecond());
            case "iso" -> node.put(leaf, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ts.atZone(zone).toOffsetDateTime()));
            default -> node.put(leaf, new DateTimeFormatterBuilder().appendPattern(format).toFormatter().format(ts.atZone(zone)));
        }
    }
}

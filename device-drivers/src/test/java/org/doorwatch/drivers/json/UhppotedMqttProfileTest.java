package org.doorwatch.drivers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;

/**
 * The built-in profile {@code uhppoted-mqtt} on messages shaped as uhppoted-mqtt publishes them
 * (its mqtt/mqtt.go wraps device/events.go's event in {"event": ...}, mqtt/message.go in
 * {"message": {"event": ...}, "hmac": ...}).
 */
class UhppotedMqttProfileTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant RECEIVED = Instant.parse("2026-11-22T00:20:00Z");
    static final PayloadProfile PROFILE = PayloadProfile.builtIn("uhppoted", "uhppoted-mqtt",
            Map.of("device", Map.of("405419896/1", "gate-3-in", "405419896/2", "door-3-2-501")));

    static String message(int type, boolean granted, int door, int direction, long card, String ts, int reason) {
        return """
                {"message":{"event":{"event":{"device-id":405419896,"event-id":17,"event-type":%d,"event-type-text":"x",
                "access-granted":%b,"door-id":%d,"direction":%d,"direction-text":"in","card-number":%d,
                "timestamp":"%s","event-reason":%d,"event-reason-text":"x"}}},
                "hmac":"a8c3e9b07b4bb1f8d8b1c1c4c0b8a5b9d43d1c5c4e5b5e5f1a2b3c4d5e6f7a8b"}"""
                .formatted(type, granted, door, direction, card, ts, reason);
    }

    private static DoorEvent ok(String text) {
        ParsedEvent p = PROFILE.parse(text, ZONE, null, RECEIVED);
        assertThat(p.isOk()).as("%s: %s", p.reason(), p.message()).isTrue();
        return p.event();
    }

    @Test
    void aSwipeIsAnAccessWithTheCardTheDoorsDeviceAndTheLocalTime() {
        DoorEvent e = ok(message(1, true, 1, 1, 8165538, "2026-11-22 08:15:00 CST", 1));
        assertThat(e).isEqualTo(new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "gate-3-in", EventType.ACCESS_GRANTED,
                null, "card:8165538", Direction.IN, null, null));
        assertThat(ok(message(1, false, 1, 2, 8165538, "2026-11-22 08:15:00 CST", 6)).type()).isEqualTo(EventType.ACCESS_DENIED);
        assertThat(ok(message(1, false, 1, 2, 8165538, "2026-11-22 08:15:00 CST", 6)).direction()).isEqualTo(Direction.OUT);
    }

    @Test
    void doorsAndAlarmsMapAsOnTheUdpWire() {
        assertThat(ok(message(2, false, 2, 0, 0, "2026-11-22 08:15:00 CST", 23)).type()).isEqualTo(EventType.DOOR_OPENED);
        assertThat(ok(message(2, false, 2, 0, 0, "2026-11-22 08:15:00 CST", 24)).type()).isEqualTo(EventType.DOOR_CLOSED);
        assertThat(ok(message(3, false, 2, 0, 0, "2026-11-22 08:15:00 CST", 38)).type()).isEqualTo(EventType.DOOR_FORCED);
        assertThat(ok(message(3, false, 2, 0, 0, "2026-11-22 08:15:00 CST", 37)).type()).isEqualTo(EventType.DOOR_HELD_OPEN);
        assertThat(ok(message(3, false, 2, 0, 0, "2026-11-22 08:15:00 CST", 41)).type()).isEqualTo(EventType.TAMPER);
        DoorEvent button = ok(message(2, false, 2, 1, 0, "2026-11-22 08:15:00 CST", 20));
        assertThat(button.type()).isEqualTo(EventType.ACCESS_GRANTED);
        assertThat(button.direction()).isEqualTo(Direction.OUT);
        assertThat(button.credential()).isNull();
        assertThat(button.device()).isEqualTo("door-3-2-501");
    }

    @Test
    void aDoorTheProfileDoesNotNameKeepsItsControllerAndDoorForTheIntakeToRefuse() {
        assertThat(ok(message(2, false, 3, 0, 0, "2026-11-22 08:15:00 CST", 23)).device()).isEqualTo("405419896/3");
    }

    @Test
    void aRecordThatIsNoDoorEventIsRefusedUnlessTheProfileMapsIt() {
        ParsedEvent fire = PROFILE.parse(message(3, false, 1, 0, 0, "2026-11-22 08:15:00 CST", 39), ZONE, null, RECEIVED);
        assertThat(fire.reason()).isEqualTo("bad-type");
        assertThat(fire.message()).isEqualTo("uhppoted-mqtt event 17 of controller 405419896: alarm, reason 39 (fire) is no "
                + "SPEC 4 door event; to count it, map it: values: { type: { \"3/39\": TAMPER } }");
        PayloadProfile mapped = PayloadProfile.builtIn("u", "uhppoted-mqtt", Map.of("type", Map.of("3/39", "TAMPER")));
        assertThat(mapped.parse(message(3, false, 1, 0, 0, "2026-11-22 08:15:00 CST", 39), ZONE, null, RECEIVED).event().type())
                .isEqualTo(EventType.TAMPER);
    }

    @Test
    void badAndForeignMessagesAreNamedValues() {
        assertThat(PROFILE.parse("{\"message\":{\"event\":\"c2VjcmV0\"},\"hmac\":\"00\"}", ZONE, null, RECEIVED).message())
                .contains("encrypted uhppoted-mqtt event").contains("mqtt.security.outgoing.encrypt = false");
        assertThat(PROFILE.parse("{\"message\":{\"reply\":{}}}", ZONE, null, RECEIVED).reason()).isEqualTo("missing-field");
        assertThat(PROFILE.parse(message(1, true, 1, 1, 1, "yesterday", 1), ZONE, null, RECEIVED).reason()).isEqualTo("bad-timestamp");
        assertThat(PROFILE.parse(message(1, true, 1, 1, 1, "2026-11-22 08:15:00 CST", 1).replace("405419896", "-1"), ZONE, null,
                RECEIVED).message()).isEqualTo("field 'device-id' at /message/event/event/device-id: expected 0 to 4294967295, found -1");
        assertThat(PROFILE.parse("[1]", ZONE, null, RECEIVED).reason()).isEqualTo("missing-field");
        assertThat(PROFILE.parse("not json", ZONE, null, RECEIVED).reason()).isEqualTo("not-json");
        // a zero time (uhppoted writes "" for it) is the receive time
        assertThat(ok(message(2, false, 1, 0, 0, "", 23)).ts()).isEqualTo(RECEIVED);
    }

    @Test
    void onlyKnownBuiltInsAndValidRenames() {
        assertThatThrownBy(() -> PayloadProfile.builtIn("x", "uhppoted-mqt", Map.of()))
                .hasMessage("profile 'x': builtin: unknown built-in profile 'uhppoted-mqt'; expected one of uhppoted-mqtt");
        assertThatThrownBy(() -> PayloadProfile.builtIn("x", "uhppoted-mqtt", Map.of("type", Map.of("3/39", "FIRE"))))
                .hasMessageContaining("values.type.3/39: 'FIRE' is not an event type");
    }
}

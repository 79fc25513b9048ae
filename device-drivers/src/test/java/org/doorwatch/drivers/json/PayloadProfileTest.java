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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadProfileTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The acme-v2 profile of the shared config schema. */
    private static final PayloadProfile ACME = PayloadProfile.of("acme-v2",
            Map.of("device", "/devId", "type", "/evt/code", "ts", "/evt/time", "credential", "/evt/card",
                    "household", "/room", "direction", "/evt/dir"),
            Map.of("type", Map.of("1", "DOOR_OPENED", "2", "DOOR_CLOSED", "9", "DOOR_FORCED"),
                    "direction", Map.of("0", "IN", "1", "OUT")),
            "epoch-ms");

    @Test
    void mapsAVendorMessageToTheNormalizedEvent() {
        ParsedEvent p = ACME.parse("{\"devId\":\"door-9\",\"room\":\"3-2-501\","
                + "\"evt\":{\"code\":1,\"time\":1795306500000,\"card\":\"5A3C91\",\"dir\":0}}", SHANGHAI, null, null);

        assertThat(p.isOk()).as(p.message()).isTrue();
        assertThat(p.event()).isEqualTo(new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "door-9",
                EventType.DOOR_OPENED, "3-2-501", "5A3C91", Direction.IN, null, null));
    }

    @Test
    void numericAndStringVendorCodesAreTheSameValue() {
        String asString = "{\"devId\":\"door-9\",\"evt\":{\"code\":\"9\",\"time\":\"1795306500000\"}}";
        String asNumber = "{\"devId\":\"door-9\",\"evt\":{\"code\":9,\"time\":1795306500000}}";
        assertThat(ACME.parse(asString, SHANGHAI, null, null).event())
                .isEqualTo(ACME.parse(asNumber, SHANGHAI, null, null).event())
                .extracting(DoorEvent::type).isEqualTo(EventType.DOOR_FORCED);
    }

    @Test
    void aValueOutsideTheMapMayAlreadyBeANormalizedName() {
        ParsedEvent p = ACME.parse("{\"devId\":\"d\",\"evt\":{\"code\":\"heartbeat\",\"time\":0}}", SHANGHAI, null, null);
        assertThat(p.event().type()).isEqualTo(EventType.HEARTBEAT);
    }

    @Test
    void renamesOtherFieldsAndPassesUnmappedValuesThrough() {
        PayloadProfile rooms = PayloadProfile.of("rooms",
                Map.of("type", "/t", "household", "/room"),
                Map.of("household", Map.of("R0501", "3-2-501")), "iso");
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        assertThat(rooms.parse("{\"t\":\"DOOR_OPENED\",\"room\":\"R0501\"}", SHANGHAI, "gate-3", now).event().household())
                .isEqualTo("3-2-501");
        assertThat(rooms.parse("{\"t\":\"DOOR_OPENED\",\"room\":\"3-2-502\"}", SHANGHAI, "gate-3", now).event().household())
                .isEqualTo("3-2-502");
    }

    @Test
    void whatTheProfileDoesNotMapComesFromTheCaller() {
        PayloadProfile minimal = PayloadProfile.of("minimal", Map.of("type", "/e"), Map.of(), null);
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        ParsedEvent p = minimal.parse("{\"e\":\"DOOR_CLOSED\",\"devId\":\"ignored\"}", SHANGHAI, "door-from-topic", now);
        assertThat(p.event()).isEqualTo(DoorEvent.device(now, "door-from-topic", EventType.DOOR_CLOSED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "iso                 | \"2026-11-22T08:15:00+08:00\" | 2026-11-22T00:15:00Z",
        "iso                 | \"2026-11-22T08:15:00\"       | 2026-11-22T00:15:00Z",
        "epoch-s             | 1795306500                    | 2026-11-22T00:15:00Z",
        "epoch-s             | 1795306500.25                 | 2026-11-22T00:15:00.250Z",
        "epoch-s             | \"1795306500\"                | 2026-11-22T00:15:00Z",
        "epoch-ms            | 1795306500001                 | 2026-11-22T00:15:00.001Z",
        "yyyyMMddHHmmss      | \"20261122081500\"            | 2026-11-22T00:15:00Z",
        "yyyy/MM/dd HH:mm:ss | \"2026/11/22 08:15:00\"       | 2026-11-22T00:15:00Z",
        "yyyy-MM-dd HH:mm:ssXXX | \"2026-11-22 08:15:00Z\"   | 2026-11-22T08:15:00Z",
    })
    void readsEveryTimeFormat(String format, String json, String expected) {
        PayloadProfile p = PayloadProfile.of("t", Map.of("type", "/type", "ts", "/at"), Map.of(), format);
        ParsedEvent e = p.parse("{\"type\":\"HEARTBEAT\",\"at\":" + json + "}", SHANGHAI, "d", null);
        assertThat(e.isOk()).as(e.message()).isTrue();
        assertThat(e.event().ts()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "garbage                                                | not-json      | not JSON",
        "42                                                     | not-object    | expected a JSON object, found number",
        "{\"devId\":\"d\",\"evt\":{\"time\":1}}                 | missing-field | missing field 'type' at /evt/code",
        "{\"devId\":\"d\",\"evt\":{\"code\":7,\"time\":1}}      | bad-type      | field 'type' at /evt/code: vendor value '7' is not in the profile's map",
        "{\"devId\":\"d\",\"evt\":{\"code\":\"AWAY\",\"time\":1}} | bad-type    | not a device event type",
        "{\"devId\":\"d\",\"evt\":{\"code\":{\"x\":1},\"time\":1}} | bad-field  | field 'type' at /evt/code: expected a string, number or boolean, found object",
        "{\"devId\":\"d\",\"evt\":{\"code\":1,\"time\":\"soon\"}} | bad-timestamp | field 'ts' at /evt/time: expected milliseconds since 1970-01-01T00:00Z, found 'soon'",
        "{\"devId\":\"d\",\"evt\":{\"code\":1}}                 | missing-field | missing field 'ts' at /evt/time",
        "{\"devId\":\"d\",\"evt\":{\"code\":1,\"time\":1,\"dir\":5}} | bad-field | field 'direction' at /evt/dir: vendor value '5' is not mapped to IN or OUT",
        "{\"evt\":{\"code\":1,\"time\":1}}                      | missing-field | needs 'device' or 'household'",
    })
    void badMessagesAreValuesWithAReasonAndAPlaceToLook(String json, String reason, String message) {
        ParsedEvent p = ACME.parse(json, SHANGHAI, null, null);
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.message()).contains(message);
    }

    @Test
    void aGoodMessageRightAfterABadOneParses() {
        assertThat(ACME.parse("{\"devId\":", SHANGHAI, null, null).isOk()).isFalse();
        assertThat(ACME.parse("{\"devId\":\"d\",\"evt\":{\"code\":2,\"time\":0}}", SHANGHAI, null, null).isOk()).isTrue();
    }

    @Test
    void oversizedPayloadsAreRefusedUnparsed() {
        String big = "{\"pad\":\"" + "x".repeat(EventJson.MAX_BYTES) + "\"}";
        assertThat(ACME.parse(big, SHANGHAI, "d", Instant.EPOCH).reason()).isEqualTo("oversized");
    }

    @Test
    void aBadProfileIsRefusedWithEveryMistakeNamed() {
        assertThatThrownBy(() -> PayloadProfile.of("bad",
                Map.of("device", "devId", "colour", "/c"),
                Map.of("type", Map.of("1", "OPENED"), "direction", Map.of("0", "UP")),
                "dd.MM.yyyy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields: 'type' is required")
                .hasMessageContaining("fields.device: 'devId' is not a JSON Pointer")
                .hasMessageContaining("fields.colour: unknown field 'colour'")
                .hasMessageContaining("values.type.1: 'OPENED' is not an event type")
                .hasMessageContaining("values.direction.0: 'UP' is not a direction")
                .hasMessageContaining("timeFormat: 'dd.MM.yyyy' does not give a date and a time of day");
    }

    @Test
    void theSharedChecksAnswerNullForGoodInput() {
        assertThat(PayloadProfile.pointerProblem("/a/b~1c/0")).isNull();
        assertThat(PayloadProfile.timeFormatProblem("epoch-s")).isNull();
        assertThat(PayloadProfile.timeFormatProblem("yyyy-MM-dd'T'HH:mm:ss")).isNull();
        assertThat(PayloadProfile.timeFormatProblem("yyyy-MM-dd nonsense")).contains("not iso, epoch-s");
        assertThat(PayloadProfile.valueProblem("type", "door_opened")).isNull();
        assertThat(PayloadProfile.valueProblem("type", "CONFIRMED_WELL")).contains("staff action");
        assertThat(PayloadProfile.valueProblem("household", "anything")).isNull();
    }
}

package org.doorwatch.drivers.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void readsTheSpecExamples() {
        DoorEvent door = ok("{\"ts\":\"2026-11-22T08:15:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}");
        assertThat(door).isEqualTo(DoorEvent.device(Instant.parse("2026-11-22T00:15:00Z"), "door-3-2-501", EventType.DOOR_OPENED));

        DoorEvent gate = ok("{\"ts\":\"2026-11-22T08:16:02+08:00\",\"device\":\"gate-3\",\"type\":\"ACCESS_GRANTED\","
                + "\"household\":\"3-2-501\",\"credential\":\"card:5A3C91\",\"direction\":\"in\"}");
        assertThat(gate.household()).isEqualTo("3-2-501");
        assertThat(gate.credential()).isEqualTo("card:5A3C91");
        assertThat(gate.direction()).isEqualTo(Direction.IN);

        DoorEvent away = ok("{\"ts\":\"2026-11-22T09:00:00+08:00\",\"type\":\"AWAY\",\"household\":\"3-2-501\","
                + "\"until\":\"2026-12-01T00:00:00+08:00\"}");
        assertThat(away.until()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
    }

    @Test
    void aTimestampWithoutOffsetIsSiteLocalTime() {
        assertThat(ok("{\"ts\":\"2026-11-22T08:15:00\",\"device\":\"d\",\"type\":\"DOOR_OPENED\"}").ts())
                .isEqualTo(Instant.parse("2026-11-22T00:15:00Z"));
    }

    @Test
    void theTopicAndReceiveTimeFillWhatThePayloadLeavesOut() {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        ParsedEvent p = EventJson.parse("{\"type\":\"HEARTBEAT\"}", SHANGHAI, "door-1", now);
        assertThat(p.event()).isEqualTo(DoorEvent.device(now, "door-1", EventType.HEARTBEAT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                                           | not-json",
        "[1,2]                                                     | not-object",
        "{\"device\":\"d\"}                                        | missing-field",
        "{\"ts\":\"2026-11-22T08:15:00+08:00\",\"device\":\"d\",\"type\":\"OPENED\"} | bad-type",
        "{\"ts\":12345,\"device\":\"d\",\"type\":\"DOOR_OPENED\"}  | bad-field",
        "{\"ts\":\"yesterday\",\"device\":\"d\",\"type\":\"DOOR_OPENED\"} | bad-timestamp",
        "{\"device\":\"d\",\"type\":\"DOOR_OPENED\"}               | missing-field",
        "{\"ts\":\"2026-11-22T08:15:00Z\",\"type\":\"AWAY\"}       | missing-field",
        "{\"ts\":\"2026-11-22T08:15:00Z\",\"type\":\"DOOR_OPENED\",\"device\":\"d\",\"direction\":\"UP\"} | bad-field",
    })
    void badInputIsAValueWithAReason(String json, String reason) {
        ParsedEvent p = EventJson.parse(json, SHANGHAI, null, null);
        assertThat(p.isOk()).isFalse();
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.message()).isNotBlank();
    }

    @Test
    void anErrorMessageNamesTheFieldAndWhatWasExpected() {
        ParsedEvent p = EventJson.parse("{\"ts\":\"22/11/2026\",\"device\":\"d\",\"type\":\"DOOR_OPENED\"}", SHANGHAI, null, null);
        assertThat(p.message()).isEqualTo(
                "field 'ts': expected an ISO-8601 time like 2026-11-22T08:15:00+08:00, found '22/11/2026'");
    }

    @Test
    void oversizedPayloadsAreRefusedUnparsed() {
        String big = "{\"type\":\"HEARTBEAT\",\"pad\":\"" + "x".repeat(EventJson.MAX_BYTES) + "\"}";
        assertThat(EventJson.parse(big, SHANGHAI, "d", Instant.EPOCH).reason()).isEqualTo("oversized");
    }

    private static DoorEvent ok(String json) {
        ParsedEvent p = EventJson.parse(json, SHANGHAI, null, null);
        assertThat(p.message()).isNull();
        return p.event();
    }
}

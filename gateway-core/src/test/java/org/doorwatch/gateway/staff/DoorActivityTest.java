package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.doorwatch.gateway.storage.ReadStore;
import org.junit.jupiter.api.Test;

/** The day × hour counts behind the console's activity picture (issue 15). */
class DoorActivityTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ReadStore.EventRow at(String ts) {
        Instant t = Instant.parse(ts);
        return new ReadStore.EventRow(1, t, t, "mqtt", "door-1", "DOOR_OPENED", null, null, null, null);
    }

    @Test
    void countsByDayAndHourOfTheSiteZone() {
        LocalDate today = LocalDate.of(2026, 11, 22);
        List<ReadStore.EventRow> rows = List.of(
                at("2026-11-21T23:30:00Z"), // 07:30 on the 22nd in Shanghai, not the 21st
                at("2026-11-22T00:10:00Z"), // 08:10 on the 22nd
                at("2026-11-22T00:50:00Z"), // 08:50 on the 22nd
                at("2026-11-08T16:00:00Z"), // 00:00 on the 9th: the first of 14 days
                at("2026-11-08T15:59:59Z"), // 23:59 on the 8th: before the window
                at("2026-11-22T17:00:00Z")); // the 23rd: a device clock ahead, not counted
        JsonNode g = DoorActivity.grid("3-1-101", rows, today, 14, SHANGHAI, false);
        assertThat(g.get("from").asText()).isEqualTo("2026-11-09");
        assertThat(g.get("to").asText()).isEqualTo("2026-11-22");
        assertThat(g.get("days")).hasSize(14);
        JsonNode last = g.get("days").get(13);
        assertThat(last.get("date").asText()).isEqualTo("2026-11-22");
        assertThat(last.get("hours")).hasSize(24);
        assertThat(last.get("hours").get(7).asInt()).isEqualTo(1);
        assertThat(last.get("hours").get(8).asInt()).isEqualTo(2);
        assertThat(g.get("days").get(0).get("hours").get(0).asInt()).isEqualTo(1);
        assertThat(g.get("total").asInt()).isEqualTo(4);
        assertThat(g.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void theDaysParameterIsCheckedAndNamed() {
        assertThat(DoorActivity.days(null)).isEqualTo(14);
        assertThat(DoorActivity.days("1")).isEqualTo(1);
        assertThat(DoorActivity.days("31")).isEqualTo(31);
        for (String bad : List.of("0", "32", "-1", "x", "1e3")) {
            assertThatThrownBy(() -> DoorActivity.days(bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("days:");
        }
    }
}

package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Time parameters of the staff API: what the store cannot hold is a 400, not a 500 from toEpochMilli. */
class CallTimeTest {

    private static Call call(String from) {
        return new Call("test", Map.of(), Map.of("from", from), null, "127.0.0.1", null, ZoneId.of("Asia/Shanghai"),
                Instant.parse("2026-11-22T00:00:00Z"));
    }

    @Test
    void hostileButHoldableTimesAreRead() {
        assertThat(call("-0001-06-01T00:00:00Z").time("from", null)).isEqualTo(Instant.parse("-0001-06-01T00:00:00Z"));
        assertThat(call("9999-12-31").time("from", null)).isEqualTo(Instant.parse("9999-12-30T16:00:00Z"));
        assertThat(call("1970-01-01T00:00:00Z").time("from", null).toEpochMilli()).isZero();
    }

    @Test
    void timesBeyondTheStoreAreABadRequest() {
        for (String t : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01", "+999999999-12-31"}) {
            assertThatThrownBy(() -> call(t).time("from", null)).as(t).isInstanceOf(ApiException.class)
                    .hasMessageContaining("outside the times the store can hold")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
    }
}

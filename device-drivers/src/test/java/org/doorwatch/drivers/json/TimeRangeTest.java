package org.doorwatch.drivers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every timestamp parser refuses a time the store could not write (epoch milliseconds in a long)
 * as {@code bad-timestamp}, and accepts every hostile time it can (1970, year -1, year 9999):
 * whether those are plausible is the gateway's window, not the parser's business.
 */
class TimeRangeTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @ParameterizedTest
    @CsvSource({
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "-0001-06-01T00:00:00Z, -0001-06-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
        "+292278994-08-17T07:12:55.807Z, +292278994-08-17T07:12:55.807Z",
    })
    void isoTimesTheStoreCanHoldAreRead(String text, String expected) {
        assertThat(EventJson.parseTime(text, SHANGHAI)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+292278994-08-17T07:12:55.808Z"})
    void isoTimesBeyondTheStoreAreRefused(String text) {
        assertThatThrownBy(() -> EventJson.parseTime(text, SHANGHAI)).isInstanceOf(DateTimeException.class)
                .hasMessageContaining("outside the range a store can hold");
        ParsedEvent p = EventJson.parse("{\"ts\":\"" + text + "\",\"device\":\"d\",\"type\":\"HEARTBEAT\"}", SHANGHAI,
                null, null);
        assertThat(p.reason()).isEqualTo("bad-timestamp");
        ParsedEvent until = EventJson.parse("{\"ts\":\"2026-11-22T00:00:00Z\",\"type\":\"AWAY\",\"household\":\"h\","
                + "\"until\":\"" + text + "\"}", SHANGHAI, null, null);
        assertThat(until.reason()).isEqualTo("bad-timestamp");
        assertThat(until.message()).contains("'until'");
    }

    @Test
    void vendorProfilesRefuseTimesBeyondTheStoreInEveryFormat() {
        for (String[] c : new String[][] {
                {"iso", "\"+999999999-12-31T23:59:59Z\""},
                {"epoch-s", "9223372036854775807"},
                {"epoch-s", "\"9223372036854775.808\""},
                {"epoch-ms", "\"99999999999999999999\""},
                {"uuuuuuuuuMMddHHmmss", "\"999999999123123595\""}}) {
            PayloadProfile p = PayloadProfile.of("t", Map.of("type", "/type", "ts", "/at"), Map.of(), c[0]);
            ParsedEvent e = p.parse("{\"type\":\"HEARTBEAT\",\"at\":" + c[1] + "}", SHANGHAI, "d", null);
            assertThat(e.reason()).as(c[0] + " " + c[1]).isEqualTo("bad-timestamp");
        }
    }

    @Test
    @Timeout(5)
    void epochSecondsWithAHugeExponentAreRefusedAtOnce() {
        // a string, so Jackson does not turn it into a double: BigDecimal's setScale would build a
        // billion-digit number (minutes of CPU and gigabytes) before longValueExact refused it
        PayloadProfile p = PayloadProfile.of("t", Map.of("type", "/type", "ts", "/at"), Map.of(), "epoch-s");
        for (String ts : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "-1e-999999999", "1E2147483647",
                "99e19999999", "-99e19999999", "9.9e-2147483647"}) { // 99e19999999: scripts/fuzz, vendor-profile
            ParsedEvent e = p.parse("{\"type\":\"HEARTBEAT\",\"at\":\"" + ts + "\"}", SHANGHAI, "d", null);
            if (e.isOk()) {
                assertThat(e.event().ts()).as(ts).isBetween(Instant.EPOCH.minusSeconds(1), Instant.EPOCH);
            } else {
                assertThat(e.reason()).as(ts).isEqualTo("bad-timestamp");
            }
        }
        assertThat(PayloadProfile.epochMillis(new BigDecimal("1e-999999999"))).isZero();
        assertThat(PayloadProfile.epochMillis(new BigDecimal("-1e-999999999"))).isEqualTo(-1);
        assertThat(PayloadProfile.epochMillis(new BigDecimal("1795306500.2509"))).isEqualTo(1795306500250L);
        assertThat(PayloadProfile.epochMillis(new BigDecimal("17953065e2"))).isEqualTo(1795306500000L);
        assertThat(PayloadProfile.epochMillis(new BigDecimal("-0.0005"))).isEqualTo(-1);
    }
}

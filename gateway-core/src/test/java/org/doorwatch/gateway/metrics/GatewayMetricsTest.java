package org.doorwatch.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code doorwatch_event_to_alert_seconds} publishes real percentiles: with Micrometer's default
 * precision (one significant digit) its p99 read a bucket edge (46.1 ms in every run of issue 16).
 */
class GatewayMetricsTest {

    @Test
    void eventToAlertPercentilesFollowTheLatenciesToAPercent() {
        GatewayMetrics metrics = new GatewayMetrics();
        for (int ms = 1; ms <= 1000; ms++) {
            metrics.eventToAlert(ms * 1_000_000L);
        }
        assertThat(quantile(metrics.scrape(), "0.5")).isCloseTo(0.500, within(0.005));
        assertThat(quantile(metrics.scrape(), "0.9")).isCloseTo(0.900, within(0.009));
        assertThat(quantile(metrics.scrape(), "0.99")).isCloseTo(0.990, within(0.0099));
    }

    @Test
    void aShiftOfTwoMillisecondsShowsInTheP99() {
        GatewayMetrics a = new GatewayMetrics();
        GatewayMetrics b = new GatewayMetrics();
        for (int i = 0; i < 1000; i++) {
            a.eventToAlert(40_000_000L + i * 10_000L); // 40.00 .. 49.99 ms
            b.eventToAlert(42_000_000L + i * 10_000L); // 42.00 .. 51.99 ms
        }
        assertThat(quantile(b.scrape(), "0.99") - quantile(a.scrape(), "0.99")).isCloseTo(0.002, within(0.0005));
    }

    private static double quantile(String scrape, String q) {
        Matcher m = Pattern.compile("^doorwatch_event_to_alert_seconds\\{quantile=\"" + Pattern.quote(q) + "\",?\\} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("quantile %s in%n%s", q, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 19, timestamp window: door events stamped 1970, year 9999, year -1 and two days either
 * side of the gateway clock, published with the real {@code mosquitto_pub}, are kept at their
 * receive time and counted as {@code bad-timestamp}, with one log line for the lot; an event an hour
 * old keeps its own time. A reloaded config's window (here: off) is in force at once.
 */
@Timeout(120)
class TimestampWindowIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eventsFarFromTheGatewayClockAreKeptAtTheirReceiveTimeAndCounted() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        ManualClock clock = new ManualClock(T0);
        Logger ingestLog = (Logger) LoggerFactory.getLogger("org.doorwatch.gateway.ingest");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ingestLog.addAppender(logged);
        GatewayConfig config = TestConfigs.load(file);
        try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            String[] outside = {"1970-01-01T00:00:00Z", "9999-06-01T00:00:00Z", "-0001-06-01T00:00:00Z",
                "2026-11-19T23:59:59Z", "2026-11-24T00:00:01+00:00"};
            for (String ts : outside) {
                SiteMqtt.publish(port, TestConfigs.deviceTopic(1), "{\"ts\":\"" + ts + "\",\"type\":\"DOOR_OPENED\"}");
            }
            SiteMqtt.publish(port, TestConfigs.deviceTopic(2),
                    "{\"ts\":\"2026-11-21T23:00:00Z\",\"type\":\"DOOR_OPENED\"}");

            await("all six committed").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 6.0);
            assertThat(Http.metric(http, "doorwatch_bad_payloads_total{device=\"door-h-1\",reason=\"bad-timestamp\","
                    + "source=\"mqtt\"}")).isEqualTo(5.0);
            assertThat(Http.metric(http, "doorwatch_bad_payloads_total{device=\"door-h-2\",reason=\"bad-timestamp\","
                    + "source=\"mqtt\"}")).as("an hour old is inside the window").isZero();
            assertThat(column(config, "SELECT ts FROM events WHERE device = 'door-h-1'"))
                    .as("kept at the receive time").hasSize(5).containsOnly(T0.toEpochMilli());
            assertThat(column(config, "SELECT ts FROM events WHERE device = 'door-h-2'"))
                    .containsExactly(Instant.parse("2026-11-21T23:00:00Z").toEpochMilli());
            assertThat(column(config, "SELECT last_activity FROM households WHERE id = 'h-1'"))
                    .containsExactly(T0.toEpochMilli());
            List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("bad-timestamp")).toList();
            assertThat(lines).as("the reason, logged once a minute").hasSize(1);
            assertThat(lines.get(0)).contains("door-h-1", "event time 1970-01-01T00:00:00Z is behind the gateway clock",
                    "more than 1d (ingest.timestampWindow)", "kept at its receive time");

            // a reload that turns the window off: the device's own time is taken again
            GatewayConfig off = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0,
                    "{ warning: 24h, callBack: 48h, visit: 72h }", 2,
                    "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n"
                            + "ingest: { timestampWindow: off }\n", ""));
            assertThat(off.ingest().timestampWindow()).isNull();
            gateway.apply(off);
            SiteMqtt.publish(port, TestConfigs.deviceTopic(2), "{\"ts\":\"2026-11-25T00:00:00Z\",\"type\":\"DOOR_OPENED\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 7.0);
            gateway.flush().get(10, TimeUnit.SECONDS);
            assertThat(column(config, "SELECT ts FROM events WHERE device = 'door-h-2' ORDER BY seq"))
                    .containsExactly(Instant.parse("2026-11-21T23:00:00Z").toEpochMilli(),
                            Instant.parse("2026-11-25T00:00:00Z").toEpochMilli());
        } finally {
            ingestLog.detachAppender(logged);
        }
    }

    private static List<Long> column(GatewayConfig config, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.storage().path());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}

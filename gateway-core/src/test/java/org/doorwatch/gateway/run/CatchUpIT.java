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
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.gateway.writer.Writer;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoPub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 19, start-up order: a door opened in time, but its event waited in the broker's queue for
 * the gateway's persistent session while the gateway was down, and the WARNING's deadline passed
 * meanwhile. With the start-up hold (the default) the queued opening is applied at its own time
 * first and no WARNING is raised for it, while the household that really stayed silent gets its
 * WARNING once the hold ends. With {@code ingest.catchUp: off} the same restart raises the false
 * WARNING: the case is real, and the test can tell.
 *
 * <p>Real Mosquitto (persistent session, QoS 1), real {@code mosquitto_pub}, a manual clock for
 * the gateway's time.
 */
@Timeout(180)
class CatchUpIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Instant OPENED = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(50));
    private static final Instant RESTART = T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    @Test
    void anOpeningQueuedAtTheBrokerWhileTheGatewayWasDownIsAppliedBeforeTheOverdueWarning() throws Exception {
        Restarted r = restartWithAnOpeningQueued("");
        assertThat(r.warnings).as("h-1's door opened at 23:50, before its deadline: no WARNING").containsExactly("h-2");
        assertThat(r.lastActivityOfH1).isEqualTo(OPENED.toEpochMilli());
        assertThat(r.log).anySatisfy(line -> assertThat(line).startsWith("start-up: overdue deadlines fire now: ")
                .contains("1 event(s) stamped before the start applied first"));
    }

    @Test
    void withoutTheHoldTheSameRestartRaisesTheFalseWarning() throws Exception {
        Restarted r = restartWithAnOpeningQueued("ingest: { catchUp: off }\n");
        assertThat(r.warnings).as("the overdue deadline fired before the queued opening was read")
                .containsExactlyInAnyOrder("h-1", "h-2");
    }

    /**
     * The kill -9 campaign's case (campaign 5): a run stopped during its own hold, after committing
     * one queued event. That commit's rows carry the tick's now (the start of the run, after the
     * deadlines), while the engine stood at the event's own time; the next run must resume where
     * the engine stood, or the opening still queued is applied after the deadline it cancels.
     */
    @Test
    void aRunStoppedDuringItsHoldAfterOneQueuedCommitLeavesTheNextRunWhereItsEngineStood() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), true)) {
            String rules = "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n";
            String thresholds = "{ warning: 24h, callBack: 48h, visit: 72h }";
            GatewayConfig longHold = TestConfigs.load(TestConfigs.write(dir, "url: " + mosquitto.url(), 0, thresholds, 3,
                    rules + "ingest: { catchUp: { quiet: 120s, max: 150s } }\n", ""));
            GatewayConfig config = TestConfigs.load(TestConfigs.write(dir, "url: " + mosquitto.url(), 0, thresholds, 3,
                    rules, ""));
            ManualClock clock = new ManualClock(T0);
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                int http = gateway.httpPort();
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            }
            Instant firstOpened = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(40));
            clock.set(firstOpened);
            MosquittoPub.publish(mosquitto.port(), TestConfigs.deviceTopic(1),
                    "{\"ts\":\"" + firstOpened + "\",\"type\":\"DOOR_OPENED\"}");
            clock.set(RESTART);
            try (Gateway gateway = Gateway.start(longHold, GatewayOptions.defaults().withClock(clock))) {
                await("h-1's queued opening committed during the hold").atMost(Duration.ofSeconds(30)).until(() ->
                        column(config, "SELECT count(*) FROM events WHERE device = 'door-h-1'").get(0) == 1);
            } // stopped while holding (120 s of quiet needed): nothing overdue fired
            assertThat(strings(config, "SELECT household FROM alerts")).as("the hold fired nothing").isEmpty();
            assertThat(column(config, "SELECT max(updated_at) FROM households").get(0))
                    .as("the rows of that commit carry the tick's now").isEqualTo(RESTART.toEpochMilli());
            clock.set(OPENED);
            MosquittoPub.publish(mosquitto.port(), TestConfigs.deviceTopic(2),
                    "{\"ts\":\"" + OPENED + "\",\"type\":\"DOOR_OPENED\"}"); // in time, queued while down
            clock.set(RESTART.plusSeconds(60));
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                await("h-3's WARNING raised once the hold ended").atMost(Duration.ofSeconds(30)).until(() ->
                        strings(config, "SELECT household FROM alerts WHERE stage = 'WARNING'").contains("h-3"));
                gateway.flush().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(strings(config, "SELECT household FROM alerts WHERE stage = 'WARNING' ORDER BY household"))
                        .as("h-2's door opened at 23:50, before its deadline: no WARNING").containsExactly("h-3");
                assertThat(column(config, "SELECT last_activity FROM households WHERE id = 'h-2'").get(0))
                        .isEqualTo(OPENED.toEpochMilli());
            }
        }
    }

    /**
     * A staff member confirms one household well during the hold, before a queued opening of
     * another is read: applied at once, the action would first fire every overdue deadline, that
     * opening's too. It waits for the hold's end instead.
     */
    @Test
    void aStaffActionDuringTheHoldFiresNoDeadlineAQueuedOpeningStillCancels() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), true)) {
            GatewayConfig config = TestConfigs.load(TestConfigs.write(dir, "url: " + mosquitto.url(), 0,
                    "{ warning: 24h, callBack: 48h, visit: 72h }", 3, "rules:\n  door-held-open: { enabled: false }\n"
                            + "  device-offline: { enabled: false }\ningest: { catchUp: { quiet: 10s, max: 30s } }\n", ""));
            ManualClock clock = new ManualClock(T0);
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                int http = gateway.httpPort();
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            }
            clock.set(RESTART);
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                java.util.concurrent.CompletableFuture<Void> confirmed =
                        gateway.staffAction(org.doorwatch.domain.EventType.CONFIRMED_WELL, "h-3", "staff-1", null);
                MosquittoPub.publish(mosquitto.port(), TestConfigs.deviceTopic(1),
                        "{\"ts\":\"" + OPENED + "\",\"type\":\"DOOR_OPENED\"}"); // read after the action, still during the hold
                await("h-1's opening committed").atMost(Duration.ofSeconds(30)).until(() ->
                        column(config, "SELECT count(*) FROM events WHERE device = 'door-h-1'").get(0) == 1);
                assertThat(confirmed).as("the action waits for the hold's end").isNotDone();
                confirmed.get(40, java.util.concurrent.TimeUnit.SECONDS);
                gateway.flush().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(strings(config, "SELECT household FROM alerts WHERE stage = 'WARNING' ORDER BY household"))
                        .as("h-1 opened at 23:50: no WARNING; h-2 and h-3 were silent past midnight (h-3's then resolved "
                                + "by the confirmation, as without the restart)").containsExactly("h-2", "h-3");
                assertThat(strings(config, "SELECT household FROM alerts WHERE stage = 'RESOLVED'")).containsExactly("h-3");
                assertThat(column(config, "SELECT last_activity FROM households WHERE id = 'h-3'").get(0))
                        .as("the confirmation counts from its own time").isEqualTo(RESTART.toEpochMilli());
                assertThat(column(config, "SELECT last_activity FROM households WHERE id = 'h-1'").get(0))
                        .isEqualTo(OPENED.toEpochMilli());
            }
        }
    }

    private record Restarted(List<String> warnings, long lastActivityOfH1, List<String> log) {}

    private Restarted restartWithAnOpeningQueued(String extra) throws Exception {
        Logger writerLog = (Logger) LoggerFactory.getLogger(Writer.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        writerLog.addAppender(logged);
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), true)) {
            Path file = TestConfigs.write(dir, "url: " + mosquitto.url(), 0, "{ warning: 24h, callBack: 48h, visit: 72h }", 2,
                    "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n" + extra, "");
            GatewayConfig config = TestConfigs.load(file);
            ManualClock clock = new ManualClock(T0);
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                int http = gateway.httpPort();
                // up, and the ingest's persistent session subscribed: the broker queues for it from now on
                await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            }
            clock.set(OPENED);
            MosquittoPub.publish(mosquitto.port(), TestConfigs.deviceTopic(1),
                    "{\"ts\":\"" + OPENED + "\",\"type\":\"DOOR_OPENED\"}");
            clock.set(RESTART); // both households' WARNING deadline (T0 + 24h) passed while the gateway was down

            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withClock(clock))) {
                await("the queued opening committed").atMost(Duration.ofSeconds(30)).until(() ->
                        column(config, "SELECT count(*) FROM events WHERE device = 'door-h-1'").get(0) == 1);
                await("h-2's WARNING raised").atMost(Duration.ofSeconds(30)).until(() ->
                        strings(config, "SELECT household FROM alerts WHERE stage = 'WARNING'").contains("h-2"));
                gateway.flush().get(10, java.util.concurrent.TimeUnit.SECONDS);
                return new Restarted(
                        strings(config, "SELECT household FROM alerts WHERE stage = 'WARNING' ORDER BY household"),
                        column(config, "SELECT last_activity FROM households WHERE id = 'h-1'").get(0),
                        logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            }
        } finally {
            writerLog.detachAppender(logged);
        }
    }

    private static List<Long> column(GatewayConfig config, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String s : strings(config, sql)) {
            out.add(Long.parseLong(s));
        }
        return out;
    }

    private static List<String> strings(GatewayConfig config, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.storage().path());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

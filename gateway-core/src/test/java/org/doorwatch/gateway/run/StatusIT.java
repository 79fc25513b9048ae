package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "status" and "SIGTERM": the packaged gateway keeps a retained {@code gw/<site>/status}
 * online message (version, start time) on a real Mosquitto; its MQTT last will says offline when
 * it dies by SIGKILL, and a clean stop says offline itself; SIGTERM flushes the event journal
 * (an event the gateway counted just before the signal is in SQLite afterwards) and exits 0.
 */
@Timeout(240)
class StatusIT {

    private static final String STATUS = "gw/" + TestConfigs.SITE + "/status";

    @TempDir
    Path dir;

    @Test
    void retainedOnlineThenOfflineByWillAndByCleanStop() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            int http = Ports.free();
            Path config = TestConfigs.write(dir, "url: " + mosquitto.url(), http, "{ warning: 1h, callBack: 2h, visit: 3h }", 2);

            // first run: online, then SIGKILL; the broker publishes the will
            String firstStart;
            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "first");
                 MosquittoSub sub = MosquittoSub.start(mosquitto.port(), STATUS, null, dir.resolve("sub1"))) {
                JsonNode online = await("online").atMost(Duration.ofSeconds(90))
                        .until(() -> last(sub), j -> j != null && j.get("status").asText().equals("online"));
                assertThat(online.get("site").asText()).isEqualTo(TestConfigs.SITE);
                assertThat(online.get("version").asText()).isNotBlank();
                firstStart = online.get("started").asText();
                assertThat(firstStart).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+08:00");
                g.kill();
                JsonNode will = await("last will").atMost(Duration.ofSeconds(30))
                        .until(() -> last(sub), j -> j != null && j.get("status").asText().equals("offline"));
                assertThat(will.get("started").asText()).isEqualTo(firstStart);
            }
            // the will was retained: a subscriber that comes later still learns the gateway is down
            try (MosquittoSub late = MosquittoSub.start(mosquitto.port(), STATUS, null, dir.resolve("sub2"))) {
                await("retained offline").atMost(Duration.ofSeconds(20))
                        .until(() -> last(late), j -> j != null && j.get("status").asText().equals("offline"));
            }

            // second run: a new start time; an event counted, then SIGTERM; exit 0, offline, event journaled
            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "second");
                 MosquittoSub sub = MosquittoSub.start(mosquitto.port(), STATUS, null, dir.resolve("sub3"))) {
                JsonNode online = await("online again").atMost(Duration.ofSeconds(90))
                        .until(() -> last(sub), j -> j != null && j.get("status").asText().equals("online"));
                assertThat(online.get("started").asText()).isNotEqualTo(firstStart);
                await("health").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);

                Instant opened = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                SiteMqtt.publish(mosquitto.port(), TestConfigs.deviceTopic(2), Events.opened(opened));
                await("event counted").atMost(Duration.ofSeconds(30)).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
                assertThat(g.terminate()).as("exit code after SIGTERM; stderr: %s", g.stderr()).isZero();
                await("offline at a clean stop").atMost(Duration.ofSeconds(20))
                        .until(() -> last(sub), j -> j != null && j.get("status").asText().equals("offline"));
                assertThat(journaled(dir.resolve("data/gateway.db"), "door-h-2")).isEqualTo(1);
            }
        }
    }

    private static JsonNode last(MosquittoSub sub) {
        List<Received> m = sub.messages();
        return m.isEmpty() ? null : m.get(m.size() - 1).json();
    }

    private static int journaled(Path db, String device) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM events WHERE device = '" + device + "'")) {
            return r.getInt(1);
        }
    }
}

package org.doorwatch.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.doorwatch.gateway.testing.EventPublisher;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.gateway.testing.SmallDisk;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, full disk: the packaged gateway with its store on a 4 MB tmpfs, an external
 * Mosquitto, a door-controller stand-in that records every PUBACK, a webhook receiver and an MQTT
 * staff console. The receiver refuses (503) until the disk is full, so the WARNINGs are stored and
 * owed when it fills. While the disk is full: {@code /health} says down with SQLite's reason,
 * no event is committed (so none is acknowledged: they wait at the broker), the owed WARNINGs
 * are still delivered once the receiver accepts, and nothing not stored is sent. When the filler
 * is deleted everything resumes by itself: every event the broker acknowledged to the publisher
 * is in the journal, the alerts raised meanwhile go out, the store passes integrity_check.
 */
@Timeout(300)
class FullDiskIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HOUSEHOLDS = 3;

    @TempDir
    Path dir;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private volatile boolean accept;

    @Test
    void aFullDiskStopsCommitsNotDeliveryAndEverythingResumesWhenSpaceReturns() throws Exception {
        Path site = dir.resolve("site");
        SmallDisk disk = SmallDisk.mount(site.resolve("data"), "4m");
        Assumptions.assumeTrue(disk != null, "cannot mount a size-limited tmpfs here (see stderr): test skipped");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", this::hook);
        receiver.start();
        Files.createDirectories(site.resolve("secrets"));
        Files.writeString(site.resolve("secrets/hook.key"), "full-disk-test-secret");
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            int http = Ports.free();
            Path config = TestConfigs.write(site, "url: " + mosquitto.url(), http, "{ warning: 2s, callBack: 1h }",
                    HOUSEHOLDS, "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n"
                            + "channels:\n  family-app:\n    mqtt: false\n    webhook: { url: \"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\", secretFile: secrets/hook.key, timeout: 5s }\n"
                            + "routes:\n  elderly-inactivity:\n    WARNING: [property, family-app]\n", "");
            try (MosquittoSub console = MosquittoSub.start(mosquitto.port(), TestConfigs.alertsFilter(), "console",
                         dir.resolve("sub")).awaitReady(mosquitto.port(), "gw/" + TestConfigs.SITE + "/alerts/probe");
                 GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "gw")) {
                await("gateway up").atMost(Duration.ofSeconds(60))
                        .until(() -> !g.isAlive() || g.isRunning() && Http.get(http, "/health").statusCode() == 200);
                assertThat(g.isAlive()).as("gateway alive; stderr: %s", g.stderr()).isTrue();
                await("the WARNINGs are stored and owed to the receiver").atMost(Duration.ofSeconds(30))
                        .until(() -> attempts.stream().distinct().count() == HOUSEHOLDS);

                long filled = disk.fill();
                EventPublisher doors = new EventPublisher(mosquitto.port(), HOUSEHOLDS, 20);
                await("the store refuses commits: /health down").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> Http.get(http, "/health").statusCode() == 503);
                String health = Http.get(http, "/health").body();
                assertThat(JSON.readTree(health).at("/database/status").asText()).as(health).isEqualTo("down");
                assertThat(JSON.readTree(health).at("/database/reason").asText())
                        .containsAnyOf("SQLITE_FULL", "SQLITE_IOERR").contains("commit failed");
                double committedAtFull = events(http);
                int ackedAtFull = doors.acked().size();

                accept = true;
                await("stored alerts still go out while the disk is full").atMost(Duration.ofSeconds(60))
                        .until(() -> accepted.size() == HOUSEHOLDS);
                await("the broker keeps acknowledging to the devices").atMost(Duration.ofSeconds(10))
                        .until(() -> doors.acked().size() > ackedAtFull + 20);
                assertThat(Http.get(http, "/health").statusCode()).as("still down: the disk is still full").isEqualTo(503);
                assertThat(events(http)).as("no event committed while full").isEqualTo(committedAtFull);
                Set<String> receivedWhileFull = new HashSet<>(accepted);

                disk.free();
                await("it resumes by itself").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Http.get(http, "/health").statusCode() == 200);
                doors.close();
                Set<String> acked = doors.acked();
                await("every acknowledged event committed").atMost(Duration.ofSeconds(60))
                        .until(() -> journaled(site).containsAll(acked));
                await("the RESOLVEDs raised meanwhile go out").atMost(Duration.ofSeconds(60))
                        .until(() -> query(site, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL").get(0).equals("0"));
                assertThat(g.terminate()).isZero();

                assertThat(query(site, "PRAGMA integrity_check")).containsExactly("ok");
                Set<String> stored = new HashSet<>(query(site, "SELECT id FROM alerts"));
                assertThat(stored).as("everything the receiver got was stored").containsAll(accepted);
                Set<String> consoleGot = console.messages().stream().filter(m -> !m.topic().contains("/probe"))
                        .map(m -> m.json().get("id").asText()).collect(Collectors.toSet());
                assertThat(stored).as("everything the console got was stored").containsAll(consoleGot);
                assertThat(query(site, "SELECT stage FROM alerts WHERE id IN ('" + String.join("','", receivedWhileFull)
                        + "')")).containsOnly("WARNING");
                assertThat(query(site, "SELECT count(*) FROM alerts WHERE stage = 'RESOLVED'").get(0)).isNotEqualTo("0");
                System.out.printf("full disk: filler %d bytes; %d events acknowledged by the broker, all journaled; "
                        + "%d alerts stored; webhook %d delivered while full; /health said: %s%n", filled, acked.size(),
                        stored.size(), receivedWhileFull.size(), JSON.readTree(health).at("/database/reason").asText());
            }
        } finally {
            receiver.stop(0);
            disk.close();
        }
    }

    private void hook(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        attempts.add(id);
        if (accept) {
            accepted.add(id);
        }
        ex.sendResponseHeaders(accept ? 200 : 503, -1);
        ex.close();
    }

    private static double events(int http) {
        return Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}");
    }

    private static Set<String> journaled(Path site) throws Exception {
        return new HashSet<>(query(site, "SELECT credential FROM events WHERE credential IS NOT NULL"));
    }

    private static List<String> query(Path site, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + site.resolve("data/gateway.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.UdpEndpoint;
import org.doorwatch.drivers.UhppoteSettings;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.Received;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, acceptance "end to end": the simulator's UHPPOTE controller feeds a real gateway
 * (in this JVM) over loopback UDP while it loses 10 % of the datagrams it receives and 10 % of
 * those it sends: requests, answers and pushed events alike. Swipes, doors, a denied-card burst, a
 * forced door, a door held open, a tamper alarm; part of them while the gateway is stopped. Every
 * event the controller logged must be in the gateway's journal exactly once, with the
 * controller's time, and the security alarms must reach the staff console.
 */
@Timeout(180)
class UhppoteAgainstGatewayIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long SERIAL = 423187757;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final org.doorwatch.drivers.Backoff FAST = new org.doorwatch.drivers.Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
    static final Map<Integer, String> DOORS = Map.of(1, "gate-1", 2, "door-101", 3, "door-102");

    @TempDir
    Path dir;

    @Test
    void everyEventOfALossyControllerReachesTheJournalOnceAndItsAlarmsTheConsole() throws Exception {
        int controllerPort = freeUdpPort();
        int listenPort = freeUdpPort();
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h, callBack: 2h, visit: 3h }", 2,
                "ports:\n"
                        + "  - id: ctl-1\n"
                        + "    protocol: uhppote\n"
                        + "    controller: " + SERIAL + "\n"
                        + "    address: 127.0.0.1:" + controllerPort + "\n"
                        + "    listen: 127.0.0.1:" + listenPort + "\n"
                        + "    doors: { 1: gate-1, 2: door-101, 3: door-102 }\n"
                        + "    timeout: 100ms\n"
                        + "    retries: 4\n"
                        + "    pollInterval: 300ms\n"
                        + "    faultAfter: 30s\n",
                "  - { id: gate-1, kind: card-reader, source: udp, port: ctl-1 }\n"
                        + "  - { id: door-101, kind: door-contact, household: \"h-1\", source: udp, port: ctl-1 }\n"
                        + "  - { id: door-102, kind: door-contact, household: \"h-2\", source: udp, port: ctl-1 }\n");
        GatewayConfig config = TestConfigs.load(file);
        UhppoteSettings settings = (UhppoteSettings) config.ports().get(0).protocol();
        Path db = config.storage().path();

        List<DoorEvent> sent = new ArrayList<>();
        try (UhppoteOutput controller = new UhppoteOutput((UdpEndpoint) config.ports().get(0).transport(), settings, ZONE,
                Instant::now, 0.10, 18)) {
            try (Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withPortBackoff(FAST));
                 AlertSubscriber console = SiteMqtt.console(gateway.brokerPort())) {
                int http = gateway.httpPort();
                await("ctl-1 up").atMost(WAIT).until(() -> "up".equals(source(http, "ctl-1").path("status").asText()));
                assertThat(controller.listener()).isEqualTo(new InetSocketAddress("127.0.0.1", listenPort));

                play(controller, sent, routine(0, 80));
                play(controller, sent, trouble());
                await("first part in the journal").atMost(WAIT).until(() -> journal(db).size() >= sent.size());
                await("door-forced on property and police").atMost(WAIT).until(() ->
                        console.about("door-101", "door-forced", "ALARM").size() == 2);
                await("the denied-card burst").atMost(WAIT).until(() ->
                        !console.about("gate-1", "access-denied-burst", "ALARM").isEmpty());
                await("the door held open").atMost(WAIT).until(() ->
                        !console.about("door-102", "door-held-open", "ALARM").isEmpty());
                await("tamper").atMost(WAIT).until(() -> !console.about("gate-1", "tamper", "ALARM").isEmpty());
                assertThat(console.alerts(a -> a.rule().equals("door-forced")))
                        .extracting(Received::channel).containsExactlyInAnyOrder("property", "police");
            }
            // the gateway is stopped (cleanly); the controller goes on logging, pushing to nobody
            play(controller, sent, routine(80, 40));
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults().withPortBackoff(FAST))) {
                play(controller, sent, routine(120, 80));
                await("all " + sent.size() + " in the journal").atMost(WAIT).until(() -> journal(db).size() >= sent.size());
                await("the stored index caught up").atMost(WAIT).until(() -> storedIndex(db) == sent.size());
                assertThat(gateway.httpPort()).isPositive();
            }
            assertThat(controller.dropped()).as("the controller did lose packets").isGreaterThan(20);

            // exactly once, with the controller's time of each event
            List<ControllerEvent> logged = controller.events();
            assertThat(logged).hasSize(sent.size());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                DoorEvent e = sent.get(i);
                Instant ts = logged.get(i).timestamp().atZone(ZONE).toInstant();
                expected.add(row(e.device(), e.type().name(), ts.toEpochMilli(), e.credential(),
                        e.direction() == null ? null : e.direction().name()));
            }
            List<String> journal = journal(db);
            assertThat(counts(journal)).isEqualTo(counts(expected));
            assertThat(journal).hasSize(sent.size());
        }
    }

    /** Everyday traffic: residents' cards at the gate, flat doors opening and closing. */
    private static List<DoorEvent> routine(int from, int n) {
        List<DoorEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Instant now = Instant.now();
            switch (i % 4) {
                case 0 -> out.add(new DoorEvent(now, "gate-1", EventType.ACCESS_GRANTED, null, "card:" + (1000 + i),
                        i % 8 == 0 ? Direction.IN : Direction.OUT, null, null));
                case 1 -> out.add(DoorEvent.device(now, "door-101", EventType.DOOR_OPENED));
                case 2 -> out.add(DoorEvent.device(now, "door-101", EventType.DOOR_CLOSED));
                default -> out.add(new DoorEvent(now, "gate-1", EventType.VISITOR_ADMITTED, null, null, Direction.IN, null, null));
            }
        }
        return out;
    }

    /** Six refused cards in a row, a forced door, a door left open, the anti-theft input. */
    private static List<DoorEvent> trouble() {
        List<DoorEvent> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(new DoorEvent(Instant.now(), "gate-1", EventType.ACCESS_DENIED, null, "card:666", Direction.IN, null, null));
        }
        out.add(DoorEvent.device(Instant.now(), "door-101", EventType.DOOR_FORCED));
        out.add(DoorEvent.device(Instant.now(), "door-102", EventType.DOOR_OPENED));
        out.add(DoorEvent.device(Instant.now(), "door-102", EventType.DOOR_HELD_OPEN));
        out.add(DoorEvent.device(Instant.now(), "door-102", EventType.DOOR_CLOSED));
        out.add(DoorEvent.device(Instant.now(), "gate-1", EventType.TAMPER));
        return out;
    }

    private static void play(UhppoteOutput controller, List<DoorEvent> sent, List<DoorEvent> events) {
        for (DoorEvent e : events) {
            assertThat(controller.send(e)).as("the controller carries %s", e.type()).isTrue();
            sent.add(e);
        }
    }

    /** The door events of the port in the journal, one line each, in journal order. */
    private static List<String> journal(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device, type, ts, credential, direction FROM events "
                     + "WHERE source = 'ctl-1' AND type NOT IN ('HEARTBEAT', 'DEVICE_FAULT') ORDER BY seq")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
            }
            return out;
        } catch (java.sql.SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return List.of(); // the gateway has not created its store yet
            }
            throw e;
        }
    }

    private static long storedIndex(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_index FROM controller_cursors WHERE controller = " + SERIAL)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static String row(String device, String type, long ts, String credential, String direction) {
        return device + " " + type + " " + Instant.ofEpochMilli(ts) + " " + credential + " " + direction;
    }

    private static Map<String, Long> counts(List<String> rows) {
        return rows.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static JsonNode source(int http, String id) {
        try {
            return new ObjectMapper().readTree(Http.get(http, "/health").body()).path("sources").path(id);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}

package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.UdpEndpoint;
import org.doorwatch.drivers.UhppoteSettings;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, acceptance "interoperability": the npm {@code uhppoted} package (uhppoted-nodejs, an
 * implementation of the protocol that shares no code with ours), installed here from the npm
 * registry into a temporary folder, talks to the simulator's controller over loopback UDP as a
 * client would talk to a real board: its get-status and get-event calls must be answered with
 * what the controller holds, its set-listener must make the controller push to it, and the
 * pushed events its listener decodes must carry the same values as the gateway's decoder reads
 * from the very same packets. Skipped, with the reason, only where node or npm is not installed.
 *
 * <p>Version 0.7.2 is pinned: the npm registry this project's machines reach serves that one, and a
 * pinned peer keeps the test from changing under us.
 */
@Timeout(240)
class UhppotedNodeInteropIT {

    static final String PACKAGE = "uhppoted@0.7.2";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long SERIAL = 405419896;
    static final DateTimeFormatter NODE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final ObjectMapper JSON = new ObjectMapper();
    /** uhppoted-nodejs' en-US texts for the reason codes our mapping writes (its src/lookup.js): the same meaning. */
    static final Map<EventType, String> NODE_REASON = Map.of(
            EventType.ACCESS_GRANTED, "swipe",
            EventType.ACCESS_DENIED, "access denied",
            EventType.DOOR_OPENED, "door opened",
            EventType.DOOR_CLOSED, "door closed",
            EventType.DOOR_HELD_OPEN, "door open too long",
            EventType.DOOR_FORCED, "forced open",
            EventType.TAMPER, "theft prevention",
            EventType.VISITOR_ADMITTED, "remote open door");

    @TempDir
    Path dir;

    @Test
    void theNpmUhppotedClientIsAnsweredAndDecodesThePushesAsTheGatewayDoes() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "skipped: node and npm are needed to install the npm 'uhppoted' package as an independent peer; "
                        + "install Node.js (20 or later) to run this test");
        npmInstall();
        Files.copy(getClass().getResourceAsStream("/uhppoted-interop.js"), dir.resolve("interop.js"));

        int controllerPort = UhppoteAgainstGatewayIT.freeUdpPort();
        int listenPort = UhppoteAgainstGatewayIT.freeUdpPort();
        UhppoteSettings settings = UhppoteSettings.of(SERIAL, "127.0.0.1", listenPort,
                Map.of(1, "gate-1", 2, "door-2", 4, "door-4"));
        try (UhppoteOutput controller = new UhppoteOutput(new UdpEndpoint("127.0.0.1", controllerPort), settings, ZONE,
                Instant::now, 0, 1)) {
            // stored before the client comes: read with get-event
            List<DoorEvent> stored = List.of(
                    new DoorEvent(Instant.now(), "gate-1", EventType.ACCESS_GRANTED, null, "card:8165538", Direction.IN, null, null),
                    new DoorEvent(Instant.now(), "door-4", EventType.ACCESS_DENIED, null, "card:4294967295", Direction.OUT, null, null),
                    DoorEvent.device(Instant.now(), "door-2", EventType.DOOR_FORCED));
            stored.forEach(controller::send);
            // pushed once the client listens
            List<DoorEvent> pushed = List.of(
                    DoorEvent.device(Instant.now(), "door-2", EventType.DOOR_OPENED),
                    DoorEvent.device(Instant.now(), "door-2", EventType.DOOR_HELD_OPEN),
                    DoorEvent.device(Instant.now(), "door-2", EventType.DOOR_CLOSED),
                    DoorEvent.device(Instant.now(), "gate-1", EventType.TAMPER),
                    new DoorEvent(Instant.now(), "gate-1", EventType.VISITOR_ADMITTED, null, null, Direction.IN, null, null),
                    new DoorEvent(Instant.now(), "door-4", EventType.ACCESS_GRANTED, null, "card:1", Direction.OUT, null, null));

            Process node = new ProcessBuilder("node", "interop.js", Long.toString(SERIAL), Integer.toString(controllerPort),
                    Integer.toString(listenPort), Integer.toString(stored.size()), Integer.toString(pushed.size()))
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            List<JsonNode> lines = new CopyOnWriteArrayList<>();
            List<String> raw = new CopyOnWriteArrayList<>();
            Thread reader = read(node.getInputStream(), lines, raw);
            try {
                await("the client set its listener; its output:\n" + raw).atMost(Duration.ofSeconds(30))
                        .until(() -> lines.stream().anyMatch(l -> l.has("ready")) || !node.isAlive());
                assertThat(lines).as("node's output: %s", raw).anyMatch(l -> l.has("ready"));
                assertThat(controller.listener()).isEqualTo(new InetSocketAddress("127.0.0.1", listenPort));
                pushed.forEach(controller::send);
                assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node exits; its output: %s", raw).isTrue();
            } finally {
                node.destroyForcibly();
            }
            reader.join(5000);
            assertThat(node.exitValue()).as("node's exit code; its output: %s", raw).isZero();
            List<ControllerEvent> log = controller.events();

            // get-status: the newest event and the controller's clock
            JsonNode status = call(lines, "get-status").get(0);
            assertThat(status.path("deviceId").asLong()).isEqualTo(SERIAL);
            assertThat(status.at("/state/serialNumber").asLong()).isEqualTo(SERIAL);
            assertSameEvent(status.at("/state/event"), log.get(stored.size() - 1), EventType.DOOR_FORCED);
            LocalDateTime clock = LocalDateTime.parse(status.at("/state/system/date").asText() + " "
                    + status.at("/state/system/time").asText(), NODE_TIME);
            assertThat(Duration.between(clock, LocalDateTime.now(ZONE)).abs()).isLessThan(Duration.ofSeconds(30));

            // get-event of every stored event
            List<JsonNode> events = call(lines, "get-event");
            assertThat(events).hasSize(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertThat(events.get(i).path("deviceId").asLong()).isEqualTo(SERIAL);
                assertSameEvent(events.get(i).path("event"), log.get(i), stored.get(i).type());
            }

            // set-listener and get-listener
            assertThat(call(lines, "set-listener").get(0).path("updated").asBoolean()).isTrue();
            JsonNode listener = call(lines, "get-listener").get(0);
            assertThat(listener.path("address").asText()).isEqualTo("127.0.0.1");
            assertThat(listener.path("port").asInt()).isEqualTo(listenPort);

            // the pushes: node's listener and the gateway's decoder read the same packets alike
            List<JsonNode> received = call(lines, "event");
            List<byte[]> packets = controller.pushed();
            assertThat(received).hasSize(pushed.size());
            assertThat(packets).hasSize(pushed.size());
            for (int i = 0; i < pushed.size(); i++) {
                UhppoteFrame f = UhppoteCodec.decodeReply(packets.get(i), SERIAL, "test");
                assertThat(f).isInstanceOf(UhppoteFrame.Message.class);
                UhppoteMessage.Status s = (UhppoteMessage.Status) ((UhppoteFrame.Message) f).message();
                JsonNode n = received.get(i);
                assertThat(n.path("deviceId").asLong()).isEqualTo(s.serial());
                assertSameEvent(n.at("/state/event"), s.event(), pushed.get(i).type());
                assertThat(s.event()).isEqualTo(log.get(stored.size() + i));
                for (int door = 1; door <= 4; door++) {
                    assertThat(n.at("/state/doors/" + door).asBoolean()).isEqualTo(s.doorOpen(door));
                }
                assertThat(n.at("/state/system/date").asText() + " " + n.at("/state/system/time").asText())
                        .isEqualTo(NODE_TIME.format(s.systemTime()));
                // and the gateway makes of it the event that was played
                UhppoteEvents.Meaning m = UhppoteEvents.meaning(s.event());
                assertThat(m.type()).isEqualTo(pushed.get(i).type());
                assertThat(settings.doors().get(s.event().door())).isEqualTo(pushed.get(i).device());
            }
        }
    }

    /** Node's view of one event record against the controller's, field by field, and the reason's meaning. */
    private static void assertSameEvent(JsonNode n, ControllerEvent e, EventType meant) {
        assertThat(n.path("index").asLong()).as("index").isEqualTo(e.index());
        assertThat(n.at("/type/code").asInt()).as("type").isEqualTo(e.type());
        assertThat(n.path("granted").asBoolean()).as("granted").isEqualTo(e.granted());
        assertThat(n.path("door").asInt()).as("door").isEqualTo(e.door());
        assertThat(n.at("/direction/code").asInt()).as("direction").isEqualTo(e.direction());
        assertThat(n.path("card").asLong()).as("card").isEqualTo(e.card());
        assertThat(n.path("timestamp").asText()).as("timestamp").isEqualTo(NODE_TIME.format(e.timestamp()));
        assertThat(n.at("/reason/code").asInt()).as("reason").isEqualTo(e.reason());
        assertThat(n.at("/reason/reason").asText()).as("what uhppoted-nodejs calls reason %d", e.reason())
                .isEqualTo(NODE_REASON.get(meant));
    }

    private static List<JsonNode> call(List<JsonNode> lines, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode l : lines) {
            if (name.equals(l.path("call").asText())) {
                out.add(l.path("result"));
            }
        }
        return out;
    }

    private void npmInstall() throws Exception {
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--prefix",
                dir.toString(), PACKAGE).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(180, TimeUnit.SECONDS)).as("npm install finishes").isTrue();
        assertThat(npm.exitValue()).as("npm install %s from the npm registry:%n%s", PACKAGE, output).isZero();
        assertThat(dir.resolve("node_modules/uhppoted/index.js")).exists();
    }

    private static Thread read(InputStream in, List<JsonNode> lines, List<String> raw) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    raw.add(line);
                    if (line.startsWith("{")) {
                        lines.add(JSON.readTree(line));
                    }
                }
            } catch (IOException e) {
                raw.add("(reading node's output: " + e + ")");
            }
        }, "node-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

package org.doorwatch.drivers;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorwatch.domain.EventType.DEVICE_FAULT;
import static org.doorwatch.domain.EventType.DOOR_CLOSED;
import static org.doorwatch.domain.EventType.DOOR_OPENED;
import static org.doorwatch.domain.EventType.HEARTBEAT;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.testpeers.ModbusSlave;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both protocols through a TCP "device server" on loopback, with a dropped connection and its reconnect. */
@Timeout(90)
class TcpPathTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final RecordingSink sink = new RecordingSink();
    private final RecordingStatus status = new RecordingStatus();
    private DeviceSource source;
    private ServerSocket server;
    private ModbusSlave slave;

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
        if (slave != null) {
            slave.close();
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(10_000);
        return s;
    }

    private static void print(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(US_ASCII));
        out.flush();
    }

    @Test
    void asciiLinesOverTcpSurviveADroppedConnection() throws Exception {
        server = listen(0);
        int port = server.getLocalPort();
        AsciiLineSettings settings = Lines.controller().faultAfter(Duration.ofSeconds(30)).build();
        source = DeviceSources.create(TcpEndpoint.parse("tcp://127.0.0.1:" + port), settings, sink, status, Lines.CLOCK, FAST);
        assertThat(source.name()).isEqualTo("tcp:127.0.0.1:" + port);
        source.start();

        try (Socket peer = server.accept()) {
            await().atMost(WAIT).until(source::isUp);
            // a line cut in two by the device server's packing, then one more
            print(peer, "2026-11-22 08:15:00,01,G,5A3C");
            print(peer, "91,1\r\n2026-11-22 08:15:02,03,O,,0\r\n2026-11-22 08:15:03,03,C");
        }
        // the device server dropped the connection mid-line: that half line must not glue onto the next.
        // (Read the recorded change, not isUp(): the reconnect into the listen backlog can end the down
        // state within the 100 ms backoff, between two polls.)
        await().atMost(WAIT).until(() -> status.downs() >= 1);
        assertThat(status.changes().stream().filter(c -> !c.up()).findFirst().orElseThrow().reason()).contains("lost");

        try (Socket peer = server.accept()) {
            await().atMost(WAIT).until(source::isUp);
            print(peer, ",,0\r\n2026-11-22 08:15:09,03,C,,0\r\n");
            await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events()).hasSize(3));
        }
        assertThat(sink.events()).containsExactly(
                new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "gate-3-in", EventType.ACCESS_GRANTED, null,
                        "card:5A3C91", Direction.IN, null, null),
                new DoorEvent(Instant.parse("2026-11-22T00:15:02Z"), "door-3-2-501", DOOR_OPENED, null, null, Direction.OUT, null, null),
                new DoorEvent(Instant.parse("2026-11-22T00:15:09Z"), "door-3-2-501", DOOR_CLOSED, null, null, Direction.OUT, null, null));
        assertThat(sink.invalid()).extracting(InvalidFrame::reason).containsExactly("no-match");
        assertThat(sink.events(e -> e.type() == DEVICE_FAULT)).isEmpty();
        // (the last close, the test's own, is a fourth change)
        assertThat(status.changes()).extracting(RecordingStatus.Change::up).startsWith(true, false, true);
    }

    @Test
    void aReaderThatPrintsItsDeviceIdsFaultsTheDevicesTheConfigPutsOnItsPort() throws Exception {
        int port = Ports.free();
        // device ids only in the text: the drivers alone know no device to fault
        AsciiLineSettings settings = AsciiLineSettings.builder("(?<device>\\S+) (?<type>\\w+)")
                .faultAfter(Duration.ofMillis(300)).build();
        source = DeviceSources.create(new TcpEndpoint("127.0.0.1", port), settings, sink, status, Lines.CLOCK, FAST,
                java.util.List.of("door-2", "door-1"));
        source.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == DEVICE_FAULT))
                .extracting(DoorEvent::device).containsExactly("door-1", "door-2"));

        server = listen(port);
        try (Socket peer = server.accept()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == HEARTBEAT))
                    .extracting(DoorEvent::device).containsExactly("door-1", "door-2"));
            print(peer, "door-3 door_opened\n");
            await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-3", DOOR_OPENED)).hasSize(1));
        }
        assertThat(sink.events(e -> e.type() == DEVICE_FAULT)).hasSize(2);
    }

    @Test
    void aDeviceServerThatIsDownAtStartIsRetriedWithBackoff() throws Exception {
        int port = Ports.free();
        AsciiLineSettings settings = AsciiLineSettings.builder("(?<type>\\w+)").device("door-1").faultAfter(Duration.ofMillis(300)).build();
        source = DeviceSources.create(new TcpEndpoint("127.0.0.1", port), settings, sink, status, Lines.CLOCK, FAST);
        source.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-1", DEVICE_FAULT)).hasSize(1));
        assertThat(source.isUp()).isFalse();
        assertThat(source.statusReason()).contains("cannot connect to 127.0.0.1:" + port);

        server = listen(port);
        try (Socket peer = server.accept()) {
            await().atMost(WAIT).until(source::isUp);
            await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-1", HEARTBEAT)).hasSize(1));
            print(peer, "door_opened\n");
            await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-1", DOOR_OPENED)).hasSize(1));
        }
    }

    @Test
    void modbusRtuOverTcpSurvivesADroppedConnection() throws Exception {
        int port = Ports.free();
        slave = new ModbusSlave(1, 2);
        SerialModbusPathTest.shutAll(slave);
        startSlave(port);
        source = DeviceSources.create(new TcpEndpoint("127.0.0.1", port), SerialModbusPathTest.SETTINGS, sink, status,
                Clock.systemUTC(), FAST);
        source.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == HEARTBEAT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("door-a", "door-b", "door-c"));
        await().atMost(WAIT).until(source::isUp);
        slave.discreteInput(1, 1, true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-b", DOOR_OPENED)).hasSize(1));

        // the device server goes away (reboot): connection dropped, every device faults once
        slave.stop();
        await().atMost(WAIT).until(() -> !source.isUp());
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == DEVICE_FAULT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("door-a", "door-b", "door-c"));
        slave.discreteInput(1, 1, false);

        // it is back on the same port: reconnect, door-b's closing while away is reported
        startSlave(port);
        await().atMost(WAIT).until(source::isUp);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-b", DOOR_CLOSED)).hasSize(1));
        slave.coil(2, 16, false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-c", DOOR_OPENED)).hasSize(1));
        assertThat(sink.events(e -> e.type() == DEVICE_FAULT)).hasSize(3);
        assertThat(status.changes()).extracting(RecordingStatus.Change::up).containsSubsequence(true, false, true);
    }

    private void startSlave(int port) throws Exception {
        slave.startTcp("127.0.0.1", port);
    }
}

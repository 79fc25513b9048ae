package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.testpeers.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ascii-line over a real pty pair: jSerialComm reads one end, the test plays the reader on the other. */
@Timeout(60)
class SerialLinePathTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingSink sink = new RecordingSink();
    private final RecordingStatus status = new RecordingStatus();
    private PtyPair pty;
    private DeviceSource source;

    @BeforeEach
    void ptys() throws IOException {
        pty = PtyPair.inTemp("line").start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
        pty.close();
    }

    /** The reader side: writes to the other end of the null-modem pair. */
    private void readerPrints(String text) throws IOException {
        pty.print(text);
    }

    @Test
    void linesBecomeEventsAndThePortComesBackAfterItVanished() throws Exception {
        AsciiLineSettings settings = Lines.controller().faultAfter(Duration.ofMillis(500)).build();
        source = DeviceSources.create(SerialSettings.of8N1(pty.gatewayEnd().toString(), 9600), settings, sink, status, Lines.CLOCK, FAST);
        String name = "serial:" + pty.gatewayEnd();
        assertThat(source.name()).isEqualTo(name);

        source.start();
        await().atMost(WAIT).until(source::isUp);
        readerPrints("2026-11-22 08:15:00,01,G,5A3C91,1\r\n" + "garbage\r\n" + "2026-11-22 08:15:02,03,O,,0\r\n");

        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events()).hasSize(2));
        assertThat(sink.events()).containsExactly(
                new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "gate-3-in", EventType.ACCESS_GRANTED, null,
                        "card:5A3C91", Direction.IN, null, null),
                new DoorEvent(Instant.parse("2026-11-22T00:15:02Z"), "door-3-2-501", EventType.DOOR_OPENED, null,
                        null, Direction.OUT, null, null));
        assertThat(sink.sources()).containsOnly(name);
        assertThat(sink.invalid()).extracting(InvalidFrame::reason).containsExactly("no-match");

        // the pty disappears (socat dies): down, and after faultAfter a DEVICE_FAULT per known device
        pty.kill();
        await().atMost(WAIT).until(() -> !source.isUp());
        assertThat(source.statusReason()).contains(pty.gatewayEnd().toString());
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == EventType.DEVICE_FAULT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("gate-3-in", "gate-3-out", "door-3-2-501"));

        // the same link names come back: the source reopens them by itself
        pty.start();
        await().atMost(WAIT).until(source::isUp);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == EventType.HEARTBEAT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("gate-3-in", "gate-3-out", "door-3-2-501"));
        readerPrints("2026-11-22 08:16:00,02,D,00FFEE,0\n");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == EventType.ACCESS_DENIED))
                .containsExactly(new DoorEvent(Instant.parse("2026-11-22T00:16:00Z"), "gate-3-out",
                        EventType.ACCESS_DENIED, null, "card:00FFEE", Direction.OUT, null, null)));
        assertThat(sink.events(e -> e.type() == EventType.DEVICE_FAULT)).hasSize(3);

        List<RecordingStatus.Change> changes = status.changes();
        assertThat(changes).extracting(RecordingStatus.Change::up).containsSubsequence(true, false, true);
        assertThat(changes).extracting(RecordingStatus.Change::source).containsOnly(name);
    }

    @Test
    void writingToAVanishedPortFailsInsteadOfSpinning() throws Exception {
        try (SerialConnection c = SerialConnection.open(SerialSettings.of8N1(pty.gatewayEnd().toString(), 9600))) {
            c.write(new byte[] {1, 2, 3});
            pty.kill();
            // jSerialComm's writeBytes returns 0 here, not -1; a loop waiting for -1 never ends
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    c.write(new byte[] {1, 2, 3});
                }
            }).isInstanceOf(IOException.class).hasMessageContaining(pty.gatewayEnd().toString());
            // and a reader sees the port gone
            assertThat(c.readUntilClosed((data, n) -> { })).contains("port gone");
            assertThat(c.isAlive()).isFalse();
        }
    }

    @Test
    void anOverLongLineOnTheWireIsDroppedAndTheNextLineDecodes() throws Exception {
        AsciiLineSettings settings = Lines.controller().maxLineLength(64).build();
        source = DeviceSources.create(SerialSettings.of8N1(pty.gatewayEnd().toString(), 115200), settings, sink, status, Lines.CLOCK, FAST);
        source.start();
        await().atMost(WAIT).until(source::isUp);

        readerPrints("X".repeat(5000) + "\r\n" + "2026-11-22 08:15:00,01,G,5A3C91,1\r\n");

        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events()).hasSize(1));
        assertThat(sink.invalid()).extracting(InvalidFrame::reason).containsExactly("line-too-long");
        assertThat(((LineSource) source).decoder().invalid("line-too-long")).isEqualTo(1);
    }

    @Test
    void aPortThatIsNotThereAtStartIsReportedAndOpenedWhenItAppears() throws Exception {
        pty.kill();
        AsciiLineSettings settings = AsciiLineSettings.builder("(?<type>\\w+)").device("door-1").faultAfter(Duration.ofMillis(200)).build();
        source = DeviceSources.create(SerialSettings.of8N1(pty.gatewayEnd().toString(), 9600), settings, sink, status, Lines.CLOCK, FAST);
        source.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(status.last()).isNotNull());
        assertThat(status.last().up()).isFalse();
        assertThat(status.last().reason()).contains("no such port");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-1", EventType.DEVICE_FAULT)).hasSize(1));

        pty.start();
        await().atMost(WAIT).until(source::isUp);
        readerPrints("DOOR_CLOSED\n");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-1", EventType.DOOR_CLOSED)).hasSize(1));
        // a port that never opened is reported down once, not once per retry
        assertThat(status.changes().stream().filter(c -> !c.up()).count()).isLessThanOrEqualTo(2);
    }
}

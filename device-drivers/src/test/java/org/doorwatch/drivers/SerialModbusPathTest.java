package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorwatch.domain.EventType.DEVICE_FAULT;
import static org.doorwatch.domain.EventType.DOOR_CLOSED;
import static org.doorwatch.domain.EventType.DOOR_OPENED;
import static org.doorwatch.domain.EventType.HEARTBEAT;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.testpeers.ModbusSlave;
import org.doorwatch.testpeers.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * modbus-rtu-di over a real pty pair: our source polls one end through jSerialComm, the digitalpetri
 * RTU server (its own serial transport) plays two DI modules on the other.
 */
@Timeout(90)
class SerialModbusPathTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Unit 1: discrete inputs (FC 02) from 0; unit 2: coils (FC 01) from 16. */
    static final ModbusDiSettings SETTINGS = new ModbusDiSettings(Duration.ofMillis(50), Duration.ofMillis(200), 3,
            Duration.ofSeconds(60), List.of(
                    new ModbusModule(1, 2, 0, List.of(new InputBinding(0, "door-a", true), new InputBinding(1, "door-b", false))),
                    new ModbusModule(2, 1, 16, List.of(new InputBinding(0, "door-c", true)))));

    private final RecordingSink sink = new RecordingSink();
    private final RecordingStatus status = new RecordingStatus();
    private PtyPair pty;
    private ModbusSlave slave;
    private DeviceSource source;

    @BeforeEach
    void setUp() throws Exception {
        pty = PtyPair.inTemp("modbus").start();
        slave = new ModbusSlave(1, 2);
        shutAll(slave);
        startSlave();
    }

    /** All doors shut: NC inputs on, NO input off. */
    static void shutAll(ModbusSlave slave) {
        slave.discreteInput(1, 0, true);
        slave.discreteInput(1, 1, false);
        slave.coil(2, 16, true);
    }

    private void startSlave() throws Exception {
        slave.startSerial(pty.deviceEnd().toString(), 19200);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
        slave.close();
        pty.close();
    }

    @Test
    void inputsBecomeDoorEventsAndAVanishedPortFaultsAndResumes() throws Exception {
        source = DeviceSources.create(new SerialSettings(pty.gatewayEnd().toString(), 19200, 8, Parity.NONE, StopBits.ONE),
                SETTINGS, sink, status, Clock.systemUTC(), FAST);
        source.start();
        String name = "serial:" + pty.gatewayEnd();

        // baseline: a heartbeat per device, no door event
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == HEARTBEAT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("door-a", "door-b", "door-c"));
        await().atMost(WAIT).until(source::isUp);
        assertThat(sink.doorEvents()).isEmpty();

        slave.discreteInput(1, 0, false); // NC contact opens: door-a opened
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-a", DOOR_OPENED)).hasSize(1));
        slave.discreteInput(1, 1, true);  // NO contact closes: door-b opened
        slave.coil(2, 16, false);         // door-c opened
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sink.events("door-b", DOOR_OPENED)).hasSize(1);
            assertThat(sink.events("door-c", DOOR_OPENED)).hasSize(1);
        });
        shutAll(slave);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.doorEvents()).extracting(e -> e.device() + " " + e.type())
                .containsExactlyInAnyOrder("door-a DOOR_OPENED", "door-b DOOR_OPENED", "door-c DOOR_OPENED",
                        "door-a DOOR_CLOSED", "door-b DOOR_CLOSED", "door-c DOOR_CLOSED"));
        assertThat(sink.sources()).containsOnly(name);

        // module 2 stops answering: its device faults once, the others carry on
        slave.mute(2, true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-c", DEVICE_FAULT)).hasSize(1));
        slave.discreteInput(1, 0, false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-a", DOOR_OPENED)).hasSize(2));
        assertThat(sink.events(e -> e.type() == DEVICE_FAULT)).extracting(DoorEvent::device).containsExactly("door-c");
        assertThat(sink.invalid()).extracting(InvalidFrame::reason).contains("timeout");
        assertThat(source.isUp()).isTrue();
        slave.mute(2, false);
        int heartbeatsBefore = sink.events("door-c", HEARTBEAT).size();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-c", HEARTBEAT)).hasSize(heartbeatsBefore + 1));

        // the pty vanishes: down, and DEVICE_FAULT once for every device
        slave.stop();
        pty.kill();
        await().atMost(WAIT).until(() -> !source.isUp());
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events(e -> e.type() == DEVICE_FAULT))
                .extracting(DoorEvent::device).containsExactlyInAnyOrder("door-c", "door-a", "door-b", "door-c"));

        // it comes back under the same name; door-a was shut meanwhile: reported on the first answer
        slave.discreteInput(1, 0, true);
        pty.start();
        startSlave();
        await().atMost(WAIT).until(source::isUp);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-a", DOOR_CLOSED)).hasSize(2));
        slave.coil(2, 16, false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.events("door-c", DOOR_OPENED)).hasSize(2));
        assertThat(sink.events(e -> e.type() == DEVICE_FAULT)).hasSize(4);
        assertThat(status.changes()).extracting(RecordingStatus.Change::up).containsSubsequence(true, false, true);
    }
}

package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.AsciiLineSettings;
import org.doorwatch.drivers.DeviceSource;
import org.doorwatch.drivers.DeviceSources;
import org.doorwatch.drivers.EventSink;
import org.doorwatch.drivers.InputBinding;
import org.doorwatch.drivers.InvalidFrame;
import org.doorwatch.drivers.ModbusDiSettings;
import org.doorwatch.drivers.ModbusModule;
import org.doorwatch.drivers.SerialSettings;
import org.doorwatch.drivers.SourceStatusListener;
import org.doorwatch.drivers.TcpEndpoint;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the simulator writes is what the gateway's own drivers read: lines over a real pty pair,
 * Modbus DI modules over real TCP, decoded by {@code DeviceSources}.
 */
@Timeout(60)
class OutputsThroughDriversTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final AsciiLineSettings READER = AsciiLineSettings.builder(
                    "(?<ts>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d),(?<device>\\d\\d),(?<type>[A-Z]),(?<credential>[0-9A-F]*),(?<direction>[01])")
            .timestampFormat("yyyy-MM-dd HH:mm:ss").zone(ZONE)
            .mapDevice("01", "gate-5").mapDevice("02", "gate-6")
            .mapType("O", EventType.DOOR_OPENED).mapType("G", EventType.ACCESS_GRANTED).mapType("H", EventType.HEARTBEAT)
            .mapDirection("1", Direction.IN).mapDirection("0", Direction.OUT)
            .build();

    final List<DoorEvent> received = new CopyOnWriteArrayList<>();
    final List<InvalidFrame> invalid = new CopyOnWriteArrayList<>();
    final EventSink sink = new EventSink() {
        @Override
        public void onEvent(DoorEvent event, String source) {
            received.add(event);
        }

        @Override
        public void onInvalid(InvalidFrame frame) {
            invalid.add(frame);
        }
    };

    @Test
    void uhppotedMqttMessagesAreReadBackByTheBuiltInProfile() {
        EventEncoder encoder = new EventEncoder(ZONE);
        java.util.Map<String, java.util.Map<String, String>> values =
                java.util.Map.of("device", java.util.Map.of("405419896/1", "gate-5", "405419896/2", "door-5-1-501"));
        org.doorwatch.drivers.json.PayloadProfile profile =
                org.doorwatch.drivers.json.PayloadProfile.builtIn("uhppoted", "uhppoted-mqtt", values);
        Instant ts = Instant.parse("2026-11-22T06:15:30Z");
        List<DoorEvent> played = List.of(
                new DoorEvent(ts, "gate-5", EventType.ACCESS_GRANTED, null, "card:8165538", Direction.IN, null, null),
                new DoorEvent(ts, "gate-5", EventType.ACCESS_DENIED, null, "card:42", Direction.OUT, null, null),
                DoorEvent.device(ts, "door-5-1-501", EventType.DOOR_FORCED),
                DoorEvent.device(ts, "door-5-1-501", EventType.DOOR_CLOSED));
        for (DoorEvent e : played) {
            String key = e.device().equals("gate-5") ? "405419896/1" : "405419896/2";
            String json = encoder.uhppotedMqttJson(e, key);
            assertThat(json).contains("\"timestamp\":\"2026-11-22 14:15:30 CST\"");
            assertThat(profile.parse(json, ZONE, null, null).event()).isEqualTo(e);
        }
        assertThat(encoder.uhppotedMqttJson(DoorEvent.device(ts, "gate-5", EventType.HEARTBEAT), "405419896/1")).isNull();
    }

    @Test
    void linesOverAPtyPairDecodeToTheEventsSent() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<DoorEvent> sent = List.of(
                new DoorEvent(now, "gate-5", EventType.ACCESS_GRANTED, null, "card:5A3C91", Direction.IN, null, null),
                new DoorEvent(now.plusSeconds(1), "gate-6", EventType.DOOR_OPENED, null, null, Direction.OUT, null, null),
                DoorEvent.device(now.plusSeconds(2), "gate-5", EventType.HEARTBEAT));
        try (PtyPair pty = PtyPair.inTemp("sim").start();
             LineOutput out = LineOutput.serial(LineLayout.of(READER, ZONE), READER.charset(), pty.deviceEnd().toString());
             DeviceSource source = DeviceSources.create(SerialSettings.of8N1(pty.gatewayEnd().toString(), 9600), READER, sink,
                     SourceStatusListener.NONE, Clock.system(ZONE))) {
            source.start();
            await().atMost(Duration.ofSeconds(10)).until(source::isUp);
            for (DoorEvent e : sent) {
                assertThat(out.send(e)).isTrue();
            }
            // a type the reader cannot print is skipped, not mangled
            assertThat(out.send(DoorEvent.device(now, "gate-5", EventType.TAMPER))).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= sent.size());
        }
        // This reader prints a direction digit on every line, so an event without one reads as IN.
        assertThat(received).containsExactly(sent.get(0), sent.get(1), sent.get(2).withDirection(Direction.IN));
        assertThat(invalid).isEmpty();
    }

    @Test
    void modbusModulesOverTcpReportTheDoorsThatMoved() throws Exception {
        int port = Ports.free();
        ModbusDiSettings bus = new ModbusDiSettings(Duration.ofMillis(50), Duration.ofMillis(300), 3, Duration.ofSeconds(60),
                List.of(new ModbusModule(1, 2, 0, List.of(new InputBinding(0, "door-a", true), new InputBinding(1, "door-b", false))),
                        new ModbusModule(2, 1, 8, List.of(new InputBinding(0, "door-c", true)))));
        try (ModbusOutput out = ModbusOutput.tcp(bus, "127.0.0.1", port);
             DeviceSource source = DeviceSources.create(new TcpEndpoint("127.0.0.1", port), bus, sink,
                     SourceStatusListener.NONE, Clock.system(ZONE))) {
            source.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().filter(e -> e.type() == EventType.HEARTBEAT).count() >= 3);
            Instant now = Instant.now();
            out.send(DoorEvent.device(now, "door-a", EventType.DOOR_OPENED));
            out.send(DoorEvent.device(now, "door-c", EventType.DOOR_OPENED));
            await().atMost(Duration.ofSeconds(10)).until(() -> opened().size() == 2);
            assertThat(opened()).containsExactlyInAnyOrder("door-a", "door-c");

            out.send(DoorEvent.device(now, "door-a", EventType.DOOR_CLOSED));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                    .anyMatch(e -> e.type() == EventType.DOOR_CLOSED && e.device().equals("door-a")));

            // all of module 2's doors are down: it stops answering and its door faults
            out.updateOutages(device -> device.equals("door-c"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                    .anyMatch(e -> e.type() == EventType.DEVICE_FAULT && e.device().equals("door-c")));
            assertThat(received).noneMatch(e -> e.type() == EventType.DEVICE_FAULT && !e.device().equals("door-c"));
        }
        assertThat(received).noneMatch(e -> e.device().equals("door-b") && e.type() != EventType.HEARTBEAT);
    }

    private List<String> opened() {
        return received.stream().filter(e -> e.type() == EventType.DOOR_OPENED).map(DoorEvent::device).toList();
    }
}

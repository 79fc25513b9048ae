package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void serialSettingsNameEveryProblemAtOnce() {
        assertThatThrownBy(() -> new SerialSettings("", 9601, 9, null, StopBits.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port: expected a device path")
                .hasMessageContaining("baud: expected one of")
                .hasMessageContaining("found 9601")
                .hasMessageContaining("dataBits: expected 5 to 8, found 9")
                .hasMessageContaining("parity: expected NONE");
        assertThat(SerialSettings.of8N1("/dev/ttyUSB0", 9600).sourceName()).isEqualTo("serial:/dev/ttyUSB0");
    }

    @Test
    void tcpEndpointsParseFromTheirUrl() {
        assertThat(TcpEndpoint.parse("tcp://10.0.0.5:4001")).isEqualTo(new TcpEndpoint("10.0.0.5", 4001));
        assertThat(TcpEndpoint.parse("tcp://10.0.0.5:4001").sourceName()).isEqualTo("tcp:10.0.0.5:4001");
        assertThatThrownBy(() -> TcpEndpoint.parse("tcp://10.0.0.5")).hasMessageContaining("expected tcp://host:port");
        assertThatThrownBy(() -> TcpEndpoint.parse("udp://x:1")).hasMessageContaining("expected tcp://host:port");
        assertThat(TransportSettings.parse("tcp://h:502", 9600, 8, Parity.NONE, StopBits.ONE)).isInstanceOf(TcpEndpoint.class);
        assertThat(TransportSettings.parse("/dev/ttyS1", 9600, 8, Parity.EVEN, StopBits.ONE)).isInstanceOf(SerialSettings.class);
    }

    @Test
    void asciiLineSettingsNameEveryProblemAtOnce() {
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<ts>\\d+) (?<credential>\\w+)").maxLineLength(5).build())
                .hasMessageContaining("device: the regex has no (?<device>...) group, so a fixed device id is required")
                .hasMessageContaining("type: the regex has no (?<type>...) group, so a fixed event type is required")
                .hasMessageContaining("timestampFormat: the regex has a (?<ts>...) group")
                .hasMessageContaining("maxLineLength: expected 16 to 65536 bytes, found 5");
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<device>[").build())
                .hasMessageContaining("regex: expected a valid regular expression");
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<device>\\w+) (?<type>\\w+)").device("d").build())
                .hasMessageContaining("set a fixed device or a (?<device>...) group, not both");
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<device>\\w+) (?<type>\\w+)").timestampFormat("yyyy-MM-dd").build())
                .hasMessageContaining("timestampFormat: needs a (?<ts>...) group");
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<device>\\w+) (?<type>\\w+)").mapType("W", EventType.CONFIRMED_WELL).build())
                .hasMessageContaining("staff actions");
        assertThatThrownBy(() -> AsciiLineSettings.builder("(?<device>\\w+) (?<ts>.+)").type(EventType.DOOR_OPENED)
                .timestampFormat("yyyy-MM-dd HH:mm:ss ppp q Q bbb").build())
                .hasMessageContaining("timestampFormat: expected a java.time pattern");
    }

    @Test
    void modbusSettingsNameEveryProblemAtOnce() {
        assertThatThrownBy(() -> new ModbusModule(0, 3, -1, List.of(new InputBinding(0, "a", true), new InputBinding(0, "b", true))))
                .hasMessageContaining("unitId: expected 1 to 247, found 0")
                .hasMessageContaining("functionCode: expected 1 (coils) or 2 (discrete inputs), found 3")
                .hasMessageContaining("startAddress: expected 0 to 65535, found -1")
                .hasMessageContaining("input 0 is bound twice");
        ModbusModule m1 = new ModbusModule(1, 2, 0, List.of(new InputBinding(3, "door-1", true)));
        assertThat(m1.quantity()).isEqualTo(4);
        ModbusModule m1again = new ModbusModule(1, 1, 0, List.of(new InputBinding(0, "door-1", false)));
        assertThatThrownBy(() -> new ModbusDiSettings(Duration.ZERO, Duration.ofMillis(500), 0, Duration.ofMinutes(20), List.of(m1, m1again)))
                .hasMessageContaining("pollInterval: expected 10ms to 1m")
                .hasMessageContaining("failuresBeforeFault: expected 1 to 1000, found 0")
                .hasMessageContaining("heartbeatEvery: expected more than 0 and at most 10m")
                .hasMessageContaining("unit id 1 appears twice")
                .hasMessageContaining("device 'door-1' is bound to two inputs");
    }

    @Test
    void backoffDoublesToItsCap() {
        assertThat(Backoff.DEFAULT.delayAfter(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.DEFAULT.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.DEFAULT.delayAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Backoff.DEFAULT.delayAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.DEFAULT.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("max: expected at least");
    }

    @Test
    void invalidFramesKeepTheirBytesToThemselves() {
        byte[] raw = {1, 2, 3};
        InvalidFrame f = new InvalidFrame("s", "no-match", raw, "m");
        raw[0] = 9;
        assertThat(f.raw()).containsExactly(1, 2, 3);
        assertThat(f).isEqualTo(new InvalidFrame("s", "no-match", new byte[] {1, 2, 3}, "m"));
        assertThat(f.rawHex()).isEqualTo("01 02 03");
    }
}

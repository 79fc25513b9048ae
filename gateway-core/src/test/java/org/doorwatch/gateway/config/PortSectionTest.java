package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ports:} mistakes, each at its exact line and column. */
class PortSectionTest {

    static final String SITE = "site: { id: shengli-road, timezone: Asia/Shanghai }\n";

    @TempDir
    Path dir;

    @Test
    void transportAndProtocolMistakes() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - { id: bus-1, port: /dev/ttyUSB0, baud: fast, parity: high, stopBits: 3, protocol: modbus-rtu }
                  - { id: srv-1, port: "tcp://10.0.0.6", protocol: ascii-line, regex: '(?<device>..)(?<type>.)', baud: 9600 }
                  - { id: rdr-1, port: /dev/ttyS0, protocol: ascii-line, regex: '(?<type>.', typeMap: { O: OPENED } }
                """)).containsExactly(
                "gateway.yml:3:44: ports[0].baud: expected a whole number from 50 to 4000000, found 'fast'",
                "gateway.yml:3:58: ports[0].parity: expected none, odd, even, mark or space, found 'high'",
                "gateway.yml:3:74: ports[0].stopBits: expected 1, 1.5 or 2, found '3'",
                "gateway.yml:3:87: ports[0].protocol: unknown protocol 'modbus-rtu' (did you mean 'modbus-rtu-di'?); expected ascii-line or modbus-rtu-di",
                "gateway.yml:4:24: ports[1].port: " + portProblem("tcp://10.0.0.6"),
                "gateway.yml:4:98: ports[1].baud: a device server (tcp://) has its line settings in its own setup; remove 'baud'",
                "gateway.yml:5:5: ports[2]: " + regexProblem("(?<type>."),
                "gateway.yml:5:92: ports[2].typeMap.O: unknown event type 'OPENED'; expected one of "
                        + "DOOR_OPENED, DOOR_CLOSED, ACCESS_GRANTED, ACCESS_DENIED, VISITOR_CALL, VISITOR_ADMITTED, DOOR_FORCED, "
                        + "DOOR_HELD_OPEN, TAMPER, HEARTBEAT, DEVICE_FAULT");
    }

    @Test
    void modbusModulesAndTheirDevices() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - id: bus-1
                    port: /dev/ttyUSB0
                    protocol: modbus-rtu-di
                    modules:
                      - { unitId: 300, inputs: [ { input: 0, device: door-1 } ] }
                      - { unitId: 2, functionCode: 2, inputs: [ { input: 0, device: door-2 }, { input: 1, device: door-9 } ] }
                devices:
                  - { id: door-2, source: serial, port: bus-1 }
                  - { id: door-3, source: serial, port: bus-1 }
                  - { id: door-4, source: tcp, port: bus-1 }
                """)).containsExactly(
                "gateway.yml:7:19: ports[0].modules[0].unitId: 300 is out of range; expected a whole number from 1 to 247",
                "gateway.yml:7:54: ports[0]: unknown device 'door-1' (did you mean 'door-2'?); declare it in devices: with source: serial and port: bus-1",
                "gateway.yml:8:99: ports[0]: unknown device 'door-9' (did you mean 'door-2'?); declare it in devices: with source: serial and port: bus-1",
                "gateway.yml:11:41: devices[1].port: port 'bus-1' never names device 'door-3' (no module input), so it would never report",
                "gateway.yml:12:27: devices[2].source: port 'bus-1' is a local serial port; expected source: serial",
                "gateway.yml:12:38: devices[2].port: port 'bus-1' never names device 'door-4' (no module input), so it would never report");
    }

    @Test
    void thePortIdMqttIsTheMqttIngestsSourceName() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - { id: mqtt, port: "tcp://10.0.0.6:4001", protocol: ascii-line, regex: '(?<device>..),(?<type>.)' }
                """)).containsExactly(
                "gateway.yml:3:11: ports[0].id: 'mqtt' is reserved for the MQTT ingest's source; choose another port id such as bus-1");
    }

    @Test
    void aReaderNamesDevicesThatHangOnIt() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - { id: srv-1, port: "tcp://10.0.0.6:4001", protocol: ascii-line, regex: '(?<device>..),(?<type>.)',
                      deviceMap: { "01": gate-5, "02": gate-6 } }
                devices:
                  - { id: gate-5, kind: gate, source: tcp, port: srv-1 }
                  - { id: gate-6, kind: gate }
                """)).containsExactly(
                "gateway.yml:4:40: ports[0]: device 'gate-6' is declared with source: mqtt; a device read through this port needs source: tcp and port: srv-1");
    }

    private java.util.List<String> problems(String yaml) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("gateway.yml"), yaml);
        try {
            ConfigLoader.load(file);
            return java.util.List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
        }
    }

    private static String portProblem(String port) {
        try {
            org.doorwatch.drivers.TcpEndpoint.parse(port);
            return "(no problem)";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String regexProblem(String regex) {
        try {
            org.doorwatch.drivers.AsciiLineSettings.builder(regex).build();
            return "(no problem)";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}

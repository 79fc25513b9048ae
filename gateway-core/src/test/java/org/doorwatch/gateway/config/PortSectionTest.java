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
                "gateway.yml:3:87: ports[0].protocol: unknown protocol 'modbus-rtu' (did you mean 'modbus-rtu-di'?); expected ascii-line, modbus-rtu-di or uhppote",
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

    @Test
    void aUhppoteControllerReadsIntoItsSettings() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("gateway.yml"), SITE + """
                ports:
                  - id: gate-5-controller
                    protocol: uhppote
                    controller: 405419896
                    address: 192.168.1.100
                    listen: 192.168.1.2:60001
                    doors: { 1: gate-5-in, 2: gate-5-out }
                    timeout: 500ms
                    retries: 5
                    pollInterval: 2s
                    cardFormat: hex
                devices:
                  - { id: gate-5-in, kind: card-reader, source: udp, port: gate-5-controller }
                  - { id: gate-5-out, kind: card-reader, source: udp, port: gate-5-controller }
                """);
        GatewayConfig config = ConfigLoader.load(file);
        GatewayConfig.PortConfig port = config.ports().get(0);
        assertThat(port.transport()).isEqualTo(new org.doorwatch.drivers.UdpEndpoint("192.168.1.100", 60000));
        assertThat(port.transport().sourceName()).isEqualTo("udp:192.168.1.100:60000");
        org.doorwatch.drivers.UhppoteSettings u = (org.doorwatch.drivers.UhppoteSettings) port.protocol();
        assertThat(u.controller()).isEqualTo(405419896);
        assertThat(u.listenHost()).isEqualTo("192.168.1.2");
        assertThat(u.listenPort()).isEqualTo(60001);
        assertThat(u.doors()).isEqualTo(java.util.Map.of(1, "gate-5-in", 2, "gate-5-out"));
        assertThat(u.timeout()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(u.retries()).isEqualTo(5);
        assertThat(u.pollInterval()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(u.cardFormat()).isEqualTo(org.doorwatch.drivers.UhppoteSettings.CardFormat.HEX);
        assertThat(u.maxClockDrift()).isEqualTo(org.doorwatch.drivers.UhppoteSettings.DEFAULT_MAX_CLOCK_DRIFT);
        assertThat(u.credentialPrefix()).isEqualTo("card:");
    }

    @Test
    void uhppoteControllerMistakes() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - { id: c-1, protocol: uhppote, controller: 0, address: "10.0.0.5:7000:1", listen: 0.0.0.0:60001,
                      doors: { 5: gate-1, 1: gate-1, 2: gate-1 }, baud: 9600 }
                  - { id: c-2, protocol: uhppote, controller: 4294967296, address: 10.0.0.6, listen: gateway.local:60001, doors: {} }
                  - { id: c-3, protocol: uhppote, port: /dev/ttyUSB0, controller: 405419896, address: 10.0.0.7,
                      listen: "10.0.0.2:70000", doors: { 1: gate-3 }, cardFormat: octal, pollInterval: 20ms, retries: 11 }
                  - { id: c-4, protocol: uhppote }
                  - { id: c-6, protocol: uhppote, controller: 12, address: 10.0.0.9, listen: "10.0.0.2", doors: { 1: gate-6 } }
                devices:
                  - { id: gate-1, source: udp, port: c-1 }
                  - { id: gate-3, source: tcp, port: c-3 }
                """)).containsExactly(
                "gateway.yml:3:47: ports[0].controller: expected the serial number on the controller's label (a whole number from 1 to 4294967295), found '0'",
                "gateway.yml:3:59: ports[0].address: expected an IPv4 address or host name with an optional :port, found '10.0.0.5:7000:1'",
                "gateway.yml:3:86: ports[0].listen: '0.0.0.0' is no address the controller can send to; give the gateway's own address on its network",
                "gateway.yml:4:16: ports[0].doors: door '5': expected a door number 1 to 4 (as on the controller's terminals)",
                "gateway.yml:4:41: ports[0].doors.2: device 'gate-1' is already on another door",
                "gateway.yml:4:51: ports[0].baud: a uhppote controller is reached on the LAN at its 'address'; it has no line settings; remove 'baud'",
                "gateway.yml:5:47: ports[1].controller: expected the serial number on the controller's label (a whole number from 1 to 4294967295), found '4294967296'",
                "gateway.yml:5:86: ports[1].listen: expected an IPv4 address (the controller stores four bytes, not a name), found 'gateway.local'",
                "gateway.yml:5:114: ports[1].doors: expected at least one door, e.g. { 1: gate-5-in }",
                "gateway.yml:6:35: ports[2].port: a uhppote controller is reached on the LAN at its 'address', e.g. address: 192.168.1.100; remove 'port'",
                "gateway.yml:7:15: ports[2].listen: expected a UDP port from 1 to 65535 after ':', found '70000'",
                "gateway.yml:7:67: ports[2].cardFormat: expected decimal (as the vendor's software prints card numbers) or hex, found 'octal'",
                "gateway.yml:7:88: ports[2].pollInterval: expected 50ms to 10m, found '20ms'",
                "gateway.yml:7:103: ports[2].retries: 11 is out of range; expected a whole number from 0 to 10",
                "gateway.yml:8:5: ports[3]: missing key 'controller'; expected the controller's serial number, printed on its label, e.g. 405419896",
                "gateway.yml:8:5: ports[3]: missing key 'address'; expected the controller's IPv4 address on the LAN, e.g. 192.168.1.100 (port 60000 unless given)",
                "gateway.yml:8:5: ports[3]: missing key 'listen'; expected the gateway's own IPv4 address and a UDP port on the controller's network, "
                        + "e.g. 192.168.1.2:60001; the controller pushes its events there",
                "gateway.yml:8:5: ports[3]: missing key 'doors'; expected which door is which device: doors: { 1: gate-5-in, 2: gate-5-out } (doors 1 to 4)",
                "gateway.yml:9:78: ports[4].listen: expected ADDRESS:PORT, e.g. 10.0.0.2:60001, found no port",
                "gateway.yml:9:102: ports[4]: unknown device 'gate-6' (did you mean 'gate-1'?); declare it in devices: with source: udp and port: c-6",
                "gateway.yml:12:27: devices[1].source: port 'c-3' is a uhppote access controller; expected source: udp");
    }

    @Test
    void oneControllerOnePortAndOneListenAddressEach() throws Exception {
        assertThat(problems(SITE + """
                ports:
                  - { id: c-1, protocol: uhppote, controller: 405419896, address: 10.0.0.7, listen: "10.0.0.2:60001", doors: { 1: gate-1 } }
                  - { id: c-2, protocol: uhppote, controller: 405419896, address: 10.0.0.8, listen: "10.0.0.2:60002", doors: { 1: gate-2 } }
                  - { id: c-3, protocol: uhppote, controller: 405419897, address: 10.0.0.9, listen: "10.0.0.2:60001", doors: { 1: gate-3 } }
                devices:
                  - { id: gate-1, source: udp, port: c-1 }
                  - { id: gate-2, source: udp, port: c-2 }
                  - { id: gate-3, source: udp, port: c-3 }
                  - { id: gate-4, source: udp, port: c-3 }
                """)).containsExactly(
                "gateway.yml:4:47: ports[1].controller: controller 405419896 is already read by the port at gateway.yml:3; one port per controller",
                "gateway.yml:5:85: ports[2].listen: 10.0.0.2:60001 is already the listen address of the port at gateway.yml:3; "
                        + "give each controller its own port, e.g. 10.0.0.2:60002",
                "gateway.yml:10:38: devices[3].port: port 'c-3' never names device 'gate-4' (on none of its doors), so it would never report");
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

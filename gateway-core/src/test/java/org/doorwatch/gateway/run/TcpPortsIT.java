package org.doorwatch.gateway.run;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorwatch.gateway.run.SerialPortsIT.FAST;
import static org.doorwatch.gateway.run.SerialPortsIT.WAIT;
import static org.doorwatch.gateway.run.SerialPortsIT.resolvedBy;
import static org.doorwatch.gateway.run.SerialPortsIT.source;
import static org.doorwatch.gateway.run.SerialPortsIT.sourceUp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.ModbusSlave;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance "TCP path", inside the live gateway: the same two protocols through
 * device servers played by the test (a line reader behind a {@link ServerSocket}, DI modules
 * behind the digitalpetri RTU-over-TCP server). A dropped connection shows down in
 * {@code /health} and the gateway reconnects by itself; a device server that goes away faults its
 * devices (alarms over MQTT) and resolves when it is back. Also: ports follow a config reload,
 * and the gateway's stop closes every port.
 */
@Timeout(240)
class TcpPortsIT {

    @TempDir
    Path dir;

    @Test
    void deviceServersFeedTheEngineAndTheGatewayReconnectsAfterADrop() throws Exception {
        int busPort = Ports.free();
        try (ServerSocket reader = listen();
             ModbusSlave modules = new ModbusSlave(1)) {
            modules.discreteInput(1, 0, true);
            modules.discreteInput(1, 1, true);
            startModules(modules, busPort);
            Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 2s, callBack: 1h, visit: 2h }", 2,
                    SerialPortsIT.rules() + "ports:\n"
                            + SerialPortsIT.busPort("bus-1", "tcp://127.0.0.1:" + busPort)
                            + SerialPortsIT.linePort("line-1", "tcp://127.0.0.1:" + reader.getLocalPort()),
                    SerialPortsIT.devices("bus-1", "line-1").replace("source: serial", "source: tcp"));
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults().withPortBackoff(FAST));
                 AlertSubscriber console = SiteMqtt.console(gateway.brokerPort())) {
                int http = gateway.httpPort();
                Socket peer = reader.accept();
                await("both ports up").atMost(WAIT).until(() -> sourceUp(http, "bus-1") && sourceUp(http, "line-1"));
                assertThat(source(http, "line-1").get("detail").asText()).startsWith("tcp:127.0.0.1:" + reader.getLocalPort());

                await("WARNING for h-2").atMost(WAIT).until(() -> !console.alerts(a -> a.stage().equals("WARNING")
                        && a.household().equals("h-2")).isEmpty());
                print(peer, "R1 G 5A3C");
                print(peer, "91\r\n"); // a line cut in two by the device server's packing
                await("h-2 resolved by the reader").atMost(WAIT).until(() -> resolvedBy(console, "h-2", "ACCESS_GRANTED"));
                modules.discreteInput(1, 0, false);
                await("h-1 resolved by the contact").atMost(WAIT).until(() -> resolvedBy(console, "h-1", "DOOR_OPENED"));

                // the device server drops the reader's connection and reboots (not listening for a while;
                // a listening one would take the reconnect into its backlog within the 100 ms backoff):
                // down, then the gateway reconnects by itself
                peer.close();
                reader.close();
                await("line-1 down").atMost(WAIT).until(() -> !sourceUp(http, "line-1"));
                HttpResponse<String> health = Http.get(http, "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"degraded\"");
                assertThat(source(http, "line-1").get("reason").asText()).contains("127.0.0.1:" + reader.getLocalPort());
                try (ServerSocket rebooted = listenOn(reader.getLocalPort())) {
                    peer = rebooted.accept();
                }
                await("line-1 up again").atMost(WAIT).until(() -> sourceUp(http, "line-1"));
                print(peer, "R1 D 00FFEE\n");
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"line-1\",type=\"ACCESS_DENIED\"}") == 1.0);

                // the DI modules' device server goes away: faults, alarms; back on the same port: resolved
                modules.stop();
                await("bus-1 down").atMost(WAIT).until(() -> !sourceUp(http, "bus-1"));
                await("tamper and device-offline alarms").atMost(WAIT).untilAsserted(() -> {
                    for (String d : new String[] {"dc-1", "dc-2"}) {
                        assertThat(console.about(d, "tamper", "ALARM")).hasSize(1);
                        assertThat(console.about(d, "device-offline", "ALARM")).hasSize(1);
                    }
                });
                modules.discreteInput(1, 0, true); // dc-1 shut while the server was away: reported on the first answer
                startModules(modules, busPort);
                await("bus-1 up again").atMost(WAIT).until(() -> sourceUp(http, "bus-1"));
                await("device-offline resolved").atMost(WAIT).untilAsserted(() -> {
                    assertThat(console.about("dc-1", "device-offline", "RESOLVED")).hasSize(1);
                    assertThat(console.about("dc-2", "device-offline", "RESOLVED")).hasSize(1);
                });
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"bus-1\",type=\"DOOR_CLOSED\"}") == 1.0);
                await("/health 200").atMost(WAIT).until(() -> Http.get(http, "/health").statusCode() == 200);

                // the gateway's stop closes its connections
                gateway.close();
                assertThat(readUntilClosed(peer)).isTrue();
            }
        }
    }

    @Test
    void portsFollowAReloadAndAnUnchangedPortKeepsItsConnection() throws Exception {
        try (ServerSocket a = listen(); ServerSocket b = listen()) {
            String devicesA = "  - { id: gate-a, kind: card-reader, household: \"h-1\", source: tcp, port: line-a }\n";
            String devicesB = "  - { id: gate-b, kind: card-reader, household: \"h-2\", source: tcp, port: line-b }\n";
            Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 2,
                    "ports:\n" + gatePort("line-a", a, "gate-a", "ACCESS_GRANTED"), devicesA);
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults().withPortBackoff(FAST))) {
                int http = gateway.httpPort();
                Socket peerA = a.accept();
                await("line-a up").atMost(WAIT).until(() -> sourceUp(http, "line-a"));

                // a port added: opened; the unchanged one keeps its connection
                TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 2, "ports:\n"
                        + gatePort("line-a", a, "gate-a", "ACCESS_GRANTED") + gatePort("line-b", b, "gate-b", "ACCESS_GRANTED"),
                        devicesA + devicesB);
                gateway.apply(TestConfigs.load(file));
                Socket peerB = b.accept();
                await("line-b up").atMost(WAIT).until(() -> sourceUp(http, "line-b"));
                print(peerA, "card 01\n");
                print(peerB, "card 02\n");
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"line-a\",type=\"ACCESS_GRANTED\"}") == 1.0
                        && Http.metric(http, "doorwatch_events_in_total{source=\"line-b\",type=\"ACCESS_GRANTED\"}") == 1.0);

                // line-a removed: closed and gone from /health; line-b changed: reopened with its new settings
                TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 2,
                        "ports:\n" + gatePort("line-b", b, "gate-b", "ACCESS_DENIED"), devicesB);
                gateway.apply(TestConfigs.load(file));
                assertThat(readUntilClosed(peerA)).isTrue();
                assertThat(readUntilClosed(peerB)).isTrue();
                Socket peerB2 = b.accept();
                await("line-b up with its new settings").atMost(WAIT).until(() -> sourceUp(http, "line-b"));
                assertThat(Http.get(http, "/health").body()).doesNotContain("line-a");
                print(peerB2, "card 03\n");
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"line-b\",type=\"ACCESS_DENIED\"}") == 1.0);
                await("/health 200").atMost(WAIT).until(() -> Http.get(http, "/health").statusCode() == 200);
                peerB2.close();
            }
        }
    }

    @Test
    void aReaderThatPrintsItsDeviceIdsFaultsTheDevicesConfiguredOnItsPort() throws Exception {
        ServerSocket server = listen();
        int port = server.getLocalPort();
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1,
                "ports:\n  - { id: lobby, port: \"tcp://127.0.0.1:" + port + "\", protocol: ascii-line,"
                        + " regex: '(?<device>\\S+) (?<type>\\w+)', faultAfter: 1s }\n",
                "  - { id: lobby-door, kind: door-contact, source: tcp, port: lobby }\n");
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults().withPortBackoff(FAST));
             AlertSubscriber console = SiteMqtt.console(gateway.brokerPort())) {
            int http = gateway.httpPort();
            Socket peer = server.accept();
            await("lobby up").atMost(WAIT).until(() -> sourceUp(http, "lobby"));
            print(peer, "lobby-door DOOR_OPENED\n");
            await().atMost(WAIT).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"lobby\",type=\"DOOR_OPENED\"}") == 1.0);

            // the device server is gone (not listening): after faultAfter, its configured device faults
            peer.close();
            server.close();
            await("DEVICE_FAULT: tamper alarm for lobby-door").atMost(WAIT)
                    .until(() -> console.about("lobby-door", "tamper", "ALARM").size() == 1);
            assertThat(source(http, "lobby").get("reason").asText()).contains("127.0.0.1:" + port);

            server = listenOn(port);
            server.accept().close();
            await("HEARTBEAT when it is back").atMost(WAIT).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"lobby\",type=\"HEARTBEAT\"}") == 1.0);
        } finally {
            server.close();
        }
    }

    /** A reader that prints {@code card NN} for every card it reads: fixed device and type. */
    private static String gatePort(String id, ServerSocket server, String device, String type) {
        return "  - id: " + id + "\n"
                + "    port: tcp://127.0.0.1:" + server.getLocalPort() + "\n"
                + "    protocol: ascii-line\n"
                + "    regex: 'card (?<credential>\\d+)'\n"
                + "    device: " + device + "\n"
                + "    type: " + type + "\n";
    }

    private static ServerSocket listen() throws IOException {
        return listenOn(0);
    }

    private static ServerSocket listenOn(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(30_000);
        return s;
    }

    private static void startModules(ModbusSlave modules, int port) throws Exception {
        modules.startTcp("127.0.0.1", port);
    }

    private static void print(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        s.getOutputStream().flush();
    }

    /** True once the gateway closed its end (end of stream or reset) within 30 s. */
    private static boolean readUntilClosed(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the gateway sends nothing on a line port; anything read is ignored
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer: closed as well
        } finally {
            s.close();
        }
    }
}

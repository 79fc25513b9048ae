package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.doorwatch.drivers.Backoff;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.ModbusSlave;
import org.doorwatch.testpeers.PtyPair;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, acceptance "real serial path", inside the live gateway: two socat pty pairs, one a
 * bus of DI modules played by the digitalpetri RTU server ({@code modbus-rtu-di}), one a card
 * reader printing lines ({@code ascii-line}). The gateway opens its ends through jSerialComm.
 * Events reach the engine (elderly warnings resolve), a garbage line is counted under its port,
 * a vanished pty shows down in {@code /health} and gives DEVICE_FAULT (tamper alarm at once,
 * device-offline alarm after {@code offlineAfter}) on the property channel over MQTT, and the
 * pty coming back under the same name resumes without a restart (device-offline RESOLVED,
 * {@code /health} up).
 */
@Timeout(240)
class SerialPortsIT {

    static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void serialPortsFeedTheEngineFaultWhenThePtyVanishesAndResumeWhenItReturns() throws Exception {
        try (PtyPair bus = PtyPair.in(dir, "bus").start();
             PtyPair line = PtyPair.in(dir, "line").start();
             ModbusSlave modules = new ModbusSlave(1)) {
            modules.discreteInput(1, 0, true); // normally-closed contacts: on = door shut
            modules.discreteInput(1, 1, true);
            startModules(modules, bus);

            Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 2s, callBack: 1h, visit: 2h }", 2,
                    rules() + "ports:\n" + busPort("bus-1", bus.gatewayEnd().toString()) + linePort("line-1", line.gatewayEnd().toString()),
                    devices("bus-1", "line-1"));
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults().withPortBackoff(FAST));
                 AlertSubscriber console = SiteMqtt.console(gateway.brokerPort())) {
                int http = gateway.httpPort();
                await("both ports up").atMost(WAIT).until(() -> sourceUp(http, "bus-1") && sourceUp(http, "line-1"));
                assertThat(source(http, "bus-1").get("detail").asText()).startsWith("serial:" + bus.gatewayEnd());

                // events reach the engine: each household's WARNING is resolved by its door device
                await("WARNING for both households").atMost(WAIT).untilAsserted(() -> assertThat(
                        console.alerts(a -> a.rule().equals("elderly-inactivity") && a.stage().equals("WARNING")))
                        .extracting(Received::household).contains("h-1", "h-2"));
                modules.discreteInput(1, 0, false); // dc-1 opens
                await("h-1 resolved by the contact on the bus").atMost(WAIT).until(() -> resolvedBy(console, "h-1", "DOOR_OPENED"));
                modules.discreteInput(1, 0, true);
                line.print("R1 G 5a3c91\r\ngarbage\r\n");
                await("h-2 resolved by the reader's line").atMost(WAIT).until(() -> resolvedBy(console, "h-2", "ACCESS_GRANTED"));
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"bus-1\",type=\"DOOR_CLOSED\"}") == 1.0);
                assertThat(Http.metric(http, "doorwatch_events_in_total{source=\"bus-1\",type=\"DOOR_OPENED\"}")).isEqualTo(1.0);
                assertThat(Http.metric(http, "doorwatch_events_in_total{source=\"line-1\",type=\"ACCESS_GRANTED\"}")).isEqualTo(1.0);
                assertThat(Http.metric(http,
                        "doorwatch_bad_payloads_total{device=\"unknown\",reason=\"no-match\",source=\"line-1\"}")).isEqualTo(1.0);

                // the bus adapter is pulled: bus-1 down with a reason, DEVICE_FAULT for its devices
                modules.stop();
                bus.kill();
                await("bus-1 down").atMost(WAIT).until(() -> !sourceUp(http, "bus-1"));
                HttpResponse<String> health = Http.get(http, "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                JsonNode h = JSON.readTree(health.body());
                assertThat(h.get("status").asText()).isEqualTo("degraded");
                assertThat(h.at("/sources/bus-1/reason").asText()).contains(bus.gatewayEnd().toString());
                assertThat(h.at("/sources/line-1/status").asText()).isEqualTo("up");
                await("tamper alarm (DEVICE_FAULT) and device-offline alarm for each device on the bus").atMost(WAIT)
                        .untilAsserted(() -> {
                            for (String d : new String[] {"dc-1", "dc-2"}) {
                                assertThat(console.about(d, "tamper", "ALARM")).extracting(Received::channel)
                                        .containsExactly("property");
                                assertThat(console.about(d, "device-offline", "ALARM"))
                                        .extracting(Received::channel).containsExactly("property");
                            }
                        });
                assertThat(console.about("dc-1", "tamper", "ALARM").get(0).json().at("/evidence/trigger").asText())
                        .isEqualTo("DEVICE_FAULT");

                // plugged back in under the same name: resumes without a restart
                bus.start();
                startModules(modules, bus);
                await("bus-1 up again").atMost(WAIT).until(() -> sourceUp(http, "bus-1"));
                await("device-offline resolved").atMost(WAIT).untilAsserted(() -> {
                    assertThat(console.about("dc-1", "device-offline", "RESOLVED")).hasSize(1);
                    assertThat(console.about("dc-2", "device-offline", "RESOLVED")).hasSize(1);
                });
                modules.discreteInput(1, 1, false); // dc-2 opens: read from the new pty
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"bus-1\",type=\"DOOR_OPENED\"}") == 2.0);

                // the reader's line vanishes too: after faultAfter its device faults; back, it resumes
                line.kill();
                await("line-1 down").atMost(WAIT).until(() -> !sourceUp(http, "line-1"));
                await("tamper alarm for the reader").atMost(WAIT)
                        .until(() -> console.about("reader-1", "tamper", "ALARM").size() == 1);
                line.start();
                await("line-1 up again").atMost(WAIT).until(() -> sourceUp(http, "line-1"));
                line.print("R1 D 00ffee\n");
                await().atMost(WAIT).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"line-1\",type=\"ACCESS_DENIED\"}") == 1.0);
                await("/health 200 again").atMost(WAIT).until(() -> Http.get(http, "/health").statusCode() == 200);
                // a port fault never stops the rest: tamper fired once per fault, nothing else alarmed on dc-1
                assertThat(console.about("dc-1", "tamper", "ALARM")).hasSize(1);
            }
        }
    }

    static void startModules(ModbusSlave modules, PtyPair bus) throws Exception {
        modules.startSerial(bus.deviceEnd().toString(), 19200);
    }

    /**
     * Offline after 3 s, and each device alarms on its own as SPEC section 7 states it: these
     * tests are about ports faulting and coming back; flapping and grouping (which would fold
     * the bus's alarms together) are tested in alert-rules (FlappingTest, OfflineGroupTest).
     */
    static String rules() {
        return "rules:\n  door-held-open: { enabled: false }\n"
                + "  device-offline: { offlineAfter: 3s, flapWindow: 0s, groupMin: 0 }\n";
    }

    /** A DI module (unit 1, discrete inputs) with dc-1 and dc-2 on inputs 0 and 1, normally closed. */
    static String busPort(String id, String port) {
        return "  - id: " + id + "\n"
                + "    port: " + port + "\n"
                + (port.startsWith("tcp://") ? "" : "    baud: 19200\n") // a device server keeps its own line settings
                + "    protocol: modbus-rtu-di\n"
                + "    pollInterval: 100ms\n"
                + "    timeout: 300ms\n"
                + "    failuresBeforeFault: 3\n"
                + "    heartbeatEvery: 1s\n"
                + "    modules:\n"
                + "      - { unitId: 1, functionCode: 2, inputs: [ { input: 0, device: dc-1, normallyClosed: true },"
                + " { input: 1, device: dc-2, normallyClosed: true } ] }\n";
    }

    /** A card reader printing {@code R1 G 5A3C91}: reader address, event letter, card. */
    static String linePort(String id, String port) {
        return "  - id: " + id + "\n"
                + "    port: " + port + "\n"
                + "    protocol: ascii-line\n"
                + "    regex: '(?<device>R\\d) (?<type>[A-Z]) ?(?<credential>[0-9A-Fa-f]*)'\n"
                + "    deviceMap: { R1: reader-1 }\n"
                + "    typeMap: { G: ACCESS_GRANTED, D: ACCESS_DENIED, H: HEARTBEAT }\n"
                + "    faultAfter: 1s\n";
    }

    static String devices(String busPort, String linePort) {
        return "  - { id: dc-1, kind: door-contact, household: \"h-1\", source: serial, port: " + busPort + " }\n"
                + "  - { id: dc-2, kind: door-contact, household: \"h-2\", source: serial, port: " + busPort + " }\n"
                + "  - { id: reader-1, kind: card-reader, household: \"h-2\", source: serial, port: " + linePort + " }\n";
    }

    static boolean resolvedBy(AlertSubscriber console, String household, String type) {
        return !console.alerts(a -> a.rule().equals("elderly-inactivity") && a.stage().equals("RESOLVED")
                && a.household().equals(household) && a.json().at("/evidence/resolvedBy").asText().equals(type)).isEmpty();
    }

    static JsonNode source(int http, String id) throws Exception {
        return JSON.readTree(Http.get(http, "/health").body()).path("sources").path(id);
    }

    static boolean sourceUp(int http, String id) throws Exception {
        return source(http, id).path("status").asText().equals("up");
    }
}

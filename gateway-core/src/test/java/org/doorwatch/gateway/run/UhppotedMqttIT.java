package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.AlertSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, the built-in profile {@code uhppoted-mqtt} in a running gateway: messages as the
 * uhppoted-mqtt bridge publishes them, on its live events topic, are its controllers' doors'
 * events (a swipe resolves an elderly WARNING, a forced door reaches property and police); a
 * record SPEC 4 has no event for and a door the profile does not name are counted and skipped.
 */
@Timeout(120)
class UhppotedMqttIT {

    static final String TOPIC = "uhppoted/gateway/events/live";
    /**
     * The bridge's MQTT account (SPEC 10): one of the profile's devices, each of which may publish
     * on the profile's topics; what it sends for the profile's other doors counts as theirs.
     */
    static final String BRIDGE = "gate-u";

    @TempDir
    Path dir;

    static String message(int type, boolean granted, int door, long card, int reason) {
        return ("{\"message\":{\"event\":{\"event\":{\"device-id\":405419896,\"event-id\":9,\"event-type\":%d,"
                + "\"event-type-text\":\"\",\"access-granted\":%b,\"door-id\":%d,\"direction\":1,\"direction-text\":\"in\","
                + "\"card-number\":%d,\"timestamp\":\"\",\"event-reason\":%d,\"event-reason-text\":\"\"}}},\"hmac\":\"00\"}")
                .formatted(type, granted, door, card, reason);
    }

    @Test
    void uhppotedMqttEventsAreTheDoorsEvents() throws Exception {
        String extra = "profiles:\n  uhppoted:\n    builtin: uhppoted-mqtt\n    topics: [\"" + TOPIC + "\"]\n"
                + "    values: { device: { \"405419896/1\": gate-u, \"405419896/2\": door-u } }\n"
                + "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n";
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 2s, callBack: 1h, visit: 2h }", 1, extra,
                "  - { id: gate-u, kind: card-reader, household: \"h-1\", source: mqtt }\n"
                        + "  - { id: door-u, kind: door-contact, household: \"h-1\", source: mqtt }\n");
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults());
             AlertSubscriber console = SiteMqtt.console(gateway.brokerPort())) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            assertThat(Http.get(http, "/health").body()).contains(TOPIC);
            await("WARNING for h-1").atMost(Duration.ofSeconds(30)).until(() ->
                    !console.alerts(a -> a.rule().equals("elderly-inactivity") && a.stage().equals("WARNING")).isEmpty());

            SiteMqtt.publishAs(BRIDGE, port, TOPIC, message(1, true, 1, 8165538, 1));     // her card at the gate
            SiteMqtt.publishAs(BRIDGE, port, TOPIC, message(3, false, 2, 0, 38));         // forced open
            SiteMqtt.publishAs(BRIDGE, port, TOPIC, message(3, false, 1, 0, 39));         // fire: no SPEC 4 event
            SiteMqtt.publishAs(BRIDGE, port, TOPIC, message(2, false, 4, 0, 23));         // door 4: not in the profile

            await("RESOLVED by the swipe").atMost(Duration.ofSeconds(20)).until(() -> console.alerts(a ->
                    a.rule().equals("elderly-inactivity") && a.stage().equals("RESOLVED") && a.household().equals("h-1")).size() == 1);
            await("door-forced on property and police").atMost(Duration.ofSeconds(20)).until(() ->
                    console.about("door-u", "door-forced", "ALARM").size() == 2);
            assertThat(Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"ACCESS_GRANTED\"}")).isEqualTo(1.0);
            await("the fire record and the unknown door counted").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(Http.metric(http, "doorwatch_bad_payloads_total{device=\"unknown\",reason=\"bad-type\",source=\"mqtt\"}"))
                        .isEqualTo(1.0);
                assertThat(Http.metric(http, "doorwatch_bad_payloads_total{device=\"unknown\",reason=\"unknown-device\",source=\"mqtt\"}"))
                        .isEqualTo(1.0);
            });
        }
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance "garbage": every kind of bad payload, published with the real
 * {@code mosquitto_pub}, is counted in {@code /metrics} by reason (and by device when the device
 * is a configured one), and the gateway goes on working: a good event afterwards is committed
 * and /health stays up.
 */
@Timeout(120)
class GarbagePayloadIT {

    @TempDir
    Path dir;

    @Test
    void eachKindIsCountedAndTheGatewayKeepsWorking() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 2);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            String door = TestConfigs.deviceTopic(1);
            Map<String, String> expected = new LinkedHashMap<>();

            SiteMqtt.publish(port, door, "garbage, not json");
            expected.put("not-json", "door-h-1");
            SiteMqtt.publish(port, door, "[1, 2, 3]");
            expected.put("not-object", "door-h-1");
            SiteMqtt.publish(port, door, "{\"type\": 5}");
            expected.put("bad-field", "door-h-1");
            SiteMqtt.publish(port, door, "{\"type\": \"EXPLODED\"}");
            expected.put("bad-type", "door-h-1");
            SiteMqtt.publish(port, door, "{\"ts\": \"yesterday\", \"type\": \"DOOR_OPENED\"}");
            expected.put("bad-timestamp", "door-h-1");
            SiteMqtt.publish(port, door, "{\"device\": \"door-h-1\"}");
            expected.put("missing-field", "door-h-1");
            // an account exists only for a configured device; a payload naming another device is refused
            SiteMqtt.publish(port, door, "{\"device\": \"ghost-9\", \"type\": \"DOOR_OPENED\"}");
            expected.put("device-mismatch", "door-h-1");
            SiteMqtt.publish(port, door, ("{\"type\":\"DOOR_OPENED\",\"pad\":\"" + "x".repeat(20_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), false);
            expected.put("oversized", "door-h-1");
            SiteMqtt.publish(port, door, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}, false);
            expected.put("not-utf8", "door-h-1");
            SiteMqtt.publish(port, door, "{\"type\": \"AWAY\", \"household\": \"h-1\"}");
            expected.put("staff-action", "door-h-1");

            await("every kind counted").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    assertThat(Http.metric(http, "doorwatch_bad_payloads_total{device=\"" + e.getValue()
                            + "\",reason=\"" + e.getKey() + "\",source=\"mqtt\"}")).as(e.getKey()).isEqualTo(1.0);
                }
            });

            SiteMqtt.publish(port, door, Events.opened(Instant.now()));
            await("a good event after the garbage").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
            assertThat(Http.get(http, "/health").statusCode()).isEqualTo(200);
            // a device label never comes from a payload: garbage cannot grow the registry
            assertThat(Http.get(http, "/metrics").body()).doesNotContain("ghost-9");
        }
    }

    /**
     * A vendor device (issue 3's payload profiles) is heard on its profile's topic; a vendor
     * payload its profile cannot read is counted like any bad payload.
     */
    @Test
    void aVendorProfileDeviceIsHeardAndItsGarbageCounted() throws Exception {
        String profile = "profiles:\n  acme-v2:\n    topics: [\"acme/+/event\"]\n"
                + "    fields: { device: /devId, type: /evt/code }\n"
                + "    values: { type: { \"1\": DOOR_OPENED, \"2\": DOOR_CLOSED } }\n"
                + "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n";
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1, profile,
                "  - { id: acme-7, kind: door-contact, household: \"h-1\", source: mqtt, profile: acme-v2 }\n");
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            assertThat(Http.get(http, "/health").body()).contains("acme/+/event");
            SiteMqtt.publishAs("acme-7", port, "acme/7/event", "{\"devId\":\"acme-7\",\"evt\":{\"code\":\"1\"}}");
            SiteMqtt.publishAs("acme-7", port, "acme/7/event", "{\"devId\":\"acme-7\",\"evt\":{\"code\":\"99\"}}");
            await("the vendor event").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
            await("the vendor garbage").atMost(Duration.ofSeconds(20)).until(() -> Http.get(http, "/metrics").body()
                    .lines().anyMatch(l -> l.startsWith("doorwatch_bad_payloads_total{") && l.endsWith(" 1.0")));
        }
    }

    /**
     * A retained event is replayed by the broker at every (re)subscription and would read as
     * fresh activity each time; it is refused. A broker only marks it retained on a new
     * subscription, so it is published before the gateway starts.
     */
    @Test
    void aRetainedEventIsRefused() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            SiteMqtt.publish(mosquitto.port(), TestConfigs.deviceTopic(2),
                    Events.opened(Instant.now()).getBytes(StandardCharsets.UTF_8), true);
            Path file = TestConfigs.write(dir, "url: " + mosquitto.url(), 0, "{ warning: 1h }", 2);
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
                int http = gateway.httpPort();
                await("retained counted").atMost(Duration.ofSeconds(30)).until(() -> Http.metric(http,
                        "doorwatch_bad_payloads_total{device=\"door-h-2\",reason=\"retained\",source=\"mqtt\"}") == 1.0);
                SiteMqtt.publish(mosquitto.port(), TestConfigs.deviceTopic(2), Events.opened(Instant.now()));
                await("a live event on the same topic").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                        "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
            }
        }
    }
}

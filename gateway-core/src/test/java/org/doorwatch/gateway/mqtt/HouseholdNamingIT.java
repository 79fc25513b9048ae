package org.doorwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 / SPEC 10, acceptance: "a device account cannot name a household it may not". The real
 * {@code mosquitto_pub}, logged in as each device's own account, publishes on that device's own
 * topic (which the broker lets through) an event whose {@code household} field names a household;
 * the gateway refuses what the device may not name as {@code household-not-allowed}, counts it,
 * and commits nothing of it. Devices: the door contacts {@code door-h-1}, {@code door-h-2} of
 * households {@code h-1}, {@code h-2}, and the shared gate {@code gate-1} with
 * {@code households: ["h-1*"]}.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HouseholdNamingIT {

    private static final String GATE = "gate-1";

    @TempDir
    static Path dir;

    private Gateway gateway;
    private int port;
    private int http;

    @BeforeAll
    void start() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h, callBack: 2h, visit: 3h }", 2,
                "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n",
                "  - { id: " + GATE + ", kind: gate, households: [\"h-1*\"], source: mqtt }\n");
        gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults());
        port = gateway.brokerPort();
        http = gateway.httpPort();
        await("health up").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aFlatsDeviceNamingAnotherHouseholdIsRefusedAndCounted() {
        double refused = notAllowed("door-h-1");
        double opened = committed("DOOR_OPENED");
        SiteMqtt.publishAs("door-h-1", port, TestConfigs.deviceTopic(1), event("DOOR_OPENED", "h-2"));
        await("refused as household-not-allowed").atMost(Duration.ofSeconds(20))
                .until(() -> notAllowed("door-h-1") == refused + 1);
        // the refusal is decided before the writer, so nothing of the event can be committed after it
        assertThat(committed("DOOR_OPENED")).as("h-2's watch got no forged opening").isEqualTo(opened);

        // naming its own household is fine, and is all that is committed
        SiteMqtt.publishAs("door-h-1", port, TestConfigs.deviceTopic(1), event("DOOR_OPENED", "h-1"));
        await("its own household's event").atMost(Duration.ofSeconds(20)).until(() -> committed("DOOR_OPENED") == opened + 1);
        assertThat(notAllowed("door-h-1")).isEqualTo(refused + 1);
    }

    @Test
    void aSharedGateNamesOnlyTheHouseholdsItsGlobsAllow() {
        double refused = notAllowed(GATE);
        double granted = committed("ACCESS_GRANTED");
        SiteMqtt.publishAs(GATE, port, gateTopic(), event("ACCESS_GRANTED", "h-2"));
        await("h-2 refused as household-not-allowed").atMost(Duration.ofSeconds(20))
                .until(() -> notAllowed(GATE) == refused + 1);
        assertThat(committed("ACCESS_GRANTED")).isEqualTo(granted);

        SiteMqtt.publishAs(GATE, port, gateTopic(), event("ACCESS_GRANTED", "h-1"));
        await("h-1 committed").atMost(Duration.ofSeconds(20)).until(() -> committed("ACCESS_GRANTED") == granted + 1);
        assertThat(notAllowed(GATE)).isEqualTo(refused + 1);
    }

    // ------------------------------------------------------------------ helpers

    private static String event(String type, String household) {
        return "{\"ts\":\"" + Events.ts(Instant.now()) + "\",\"type\":\"" + type + "\",\"household\":\"" + household + "\"}";
    }

    private static String gateTopic() {
        return "gw/" + TestConfigs.SITE + "/devices/" + GATE + "/events";
    }

    private double notAllowed(String device) {
        return Http.metric(http, "doorwatch_bad_payloads_total{device=\"" + device
                + "\",reason=\"household-not-allowed\",source=\"mqtt\"}");
    }

    private double committed(String type) {
        return Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"" + type + "\"}");
    }
}

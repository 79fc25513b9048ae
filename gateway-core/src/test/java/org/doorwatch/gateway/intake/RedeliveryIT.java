package org.doorwatch.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.RawMqtt;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestAccounts;
import org.doorwatch.gateway.testing.TestConfigs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, acceptance: no event counted twice, and an oversized message refused at the broker
 * without wedging it.
 */
@Timeout(180)
class RedeliveryIT {

    private static final String DUPLICATES =
            "doorwatch_bad_payloads_total{device=\"door-h-1\",reason=\"duplicate\",source=\"mqtt\"}";

    @TempDir
    Path dir;

    /**
     * A device that resends after a lost PUBACK: the same timestamped event on a new connection
     * (DUP clear, as a broker would pass it on), the same untimed payload with DUP set; each is
     * acknowledged and dropped as {@code duplicate}, never applied twice, also after a restart.
     * An untimed payload sent again without DUP is a real second opening and counts.
     */
    @Test
    void aRedeliveredEventIsNotAppliedTwice() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1);
        String topic = TestConfigs.deviceTopic(1);
        String timed = Events.opened(Instant.now().minusSeconds(5));
        byte[] untimed = "{\"type\":\"DOOR_OPENED\",\"credential\":\"card:1\"}".getBytes(StandardCharsets.UTF_8);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await("up").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);

            SiteMqtt.publish(port, topic, timed);
            await("applied once").atMost(Duration.ofSeconds(20)).until(() -> openings(http) == 1.0);
            SiteMqtt.publish(port, topic, timed); // the device's resend on a new connection
            await("the resend dropped as a duplicate").atMost(Duration.ofSeconds(20))
                    .until(() -> Http.metric(http, DUPLICATES) == 1.0);

            try (RawMqtt device = RawMqtt.connect(port, "door-h-1-raw", "door-h-1", TestAccounts.password("door-h-1"))) {
                device.publish(topic, untimed, 7, false);
                await("the untimed event applied").atMost(Duration.ofSeconds(20)).until(() -> openings(http) == 2.0);
                device.publish(topic, untimed, 7, true); // DUP: the same message once more
                await("the DUP dropped").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http, DUPLICATES) == 2.0);
                device.publish(topic, untimed, 8, false); // the same words, a new message: the door opened again
                await("a real second opening counts").atMost(Duration.ofSeconds(20)).until(() -> openings(http) == 3.0);
            }
            assertThat(openings(http)).isEqualTo(3.0);
            assertThat(Http.metric(http, DUPLICATES)).isEqualTo(2.0);
        }
        // after a restart the journal still knows what was committed
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            await("up again").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            SiteMqtt.publish(gateway.brokerPort(), topic, timed);
            await("dropped after the restart too").atMost(Duration.ofSeconds(20))
                    .until(() -> Http.metric(http, DUPLICATES) == 1.0);
            assertThat(openings(http)).isZero();
        }
    }

    /**
     * 1 MB payloads (the issue: 20 of them wedged Moquette) are refused by the broker at
     * {@code maxMessageBytes}: the sender's connection is closed and the refusal counted as
     * {@code oversized} for its device; normal events around them, and the next one from the
     * same device, are applied; /health stays up.
     */
    @Test
    void anOversizedMessageIsRefusedAndTheNextEventApplied() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0, maxMessageBytes: 8192 }", 0, "{ warning: 1h }", 2);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await("up").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            byte[] huge = ("{\"type\":\"DOOR_OPENED\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 5; i++) {
                MqttClient door = connect(port, "door-h-1");
                assertThatThrownBy(() -> door.publish(TestConfigs.deviceTopic(1), huge, 1, false))
                        .isInstanceOf(MqttException.class);
                door.close(true);
                SiteMqtt.publish(port, TestConfigs.deviceTopic(2), Events.opened(Instant.now()));
            }
            await("each refusal counted").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_bad_payloads_total{device=\"door-h-1\",reason=\"oversized\",source=\"mqtt\"}") == 5.0);
            await("the normal events between them applied").atMost(Duration.ofSeconds(20))
                    .until(() -> openings(http) == 5.0);
            SiteMqtt.publish(port, TestConfigs.deviceTopic(1), Events.opened(Instant.now()));
            await("the next event of the same device applied").atMost(Duration.ofSeconds(20))
                    .until(() -> openings(http) == 6.0);
            assertThat(Http.get(http, "/health").statusCode()).isEqualTo(200);
        }
    }

    private static MqttClient connect(int port, String device) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, device + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setUserName(device);
        o.setPassword(TestAccounts.password(device).toCharArray());
        c.connect(o);
        return c;
    }

    private static double openings(int http) {
        return Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}");
    }
}

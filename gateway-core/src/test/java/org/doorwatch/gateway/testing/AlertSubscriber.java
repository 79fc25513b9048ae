package org.doorwatch.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A staff console: a real Paho client subscribed at QoS 1 to every alert topic of the test site,
 * recording what arrives.
 */
public final class AlertSubscriber implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alert as received: its channel (the topic's last level) and its JSON. */
    public record Alert(String channel, JsonNode json) {
        public String rule() {
            return json.path("rule").asText();
        }

        public String stage() {
            return json.path("stage").asText();
        }

        public String device() {
            return json.path("device").asText();
        }

        public String household() {
            return json.path("household").asText();
        }
    }

    private final MqttClient client;
    private final List<Alert> alerts = new ArrayList<>();

    public AlertSubscriber(int brokerPort) throws MqttException {
        client = new MqttClient("tcp://127.0.0.1:" + brokerPort, "console-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                JsonNode json = JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
                synchronized (alerts) {
                    alerts.add(new Alert(topic.substring(topic.lastIndexOf('/') + 1), json));
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setUserName(TestAccounts.CONSOLE);
        o.setPassword(TestAccounts.password(TestAccounts.CONSOLE).toCharArray());
        client.connect(o);
        // the console reads each channel's topic (SPEC 10: a filter wider than its channels is refused)
        client.subscribe(new String[] {TestConfigs.alertTopic("property"), TestConfigs.alertTopic("community"),
                TestConfigs.alertTopic("police")}, new int[] {1, 1, 1});
    }

    public List<Alert> alerts(Predicate<Alert> filter) {
        synchronized (alerts) {
            return alerts.stream().filter(filter).toList();
        }
    }

    /** Alerts of {@code rule}/{@code stage} about {@code device}. */
    public List<Alert> about(String device, String rule, String stage) {
        return alerts(a -> a.device().equals(device) && a.rule().equals(rule) && a.stage().equals(stage));
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect(2000);
        } catch (MqttException e) {
            // the broker may be gone already (the gateway stopped first); nothing to tell it
        } finally {
            client.close(true);
        }
    }
}

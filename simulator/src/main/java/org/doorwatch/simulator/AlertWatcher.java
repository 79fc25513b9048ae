package org.doorwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Listens to {@code gw/<site>/alerts/#} like a staff app would: counts the alerts the gateway
 * raises (each id once, though it arrives on every channel it was routed to) and, if asked,
 * prints one line per channel it reached: simulated time, channel, rule, stage, household (or
 * device) and the alert's own text.
 */
final class AlertWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttAsyncClient client;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byStage = new ConcurrentSkipListMap<>();
    private final PrintStream out;
    private final SimTime time;

    AlertWatcher(String brokerUrl, org.doorwatch.gateway.config.GatewayConfig config, MqttLogin login, PrintStream out,
                 SimTime time) throws MqttException {
        this.out = out;
        this.time = time;
        client = new MqttAsyncClient(brokerUrl, "doorwatch-sim-alerts-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        login.apply(options, login.reader());
        client.connect(options).waitForCompletion(15_000);
        // each channel's topic: a receiver account may read those its channels grant, not alerts/#
        java.util.List<String> topics = new java.util.ArrayList<>();
        config.channels().stream().filter(c -> c.mqtt()).forEach(c -> topics.add(config.alertTopic(c.id())));
        org.eclipse.paho.client.mqttv3.IMqttMessageListener listener = (topic, message) -> onAlert(topic, message.getPayload());
        client.subscribe(topics.toArray(new String[0]), topics.stream().mapToInt(t -> 1).toArray(),
                topics.stream().map(t -> listener).toArray(org.eclipse.paho.client.mqttv3.IMqttMessageListener[]::new))
                .waitForCompletion(15_000);
    }

    private void onAlert(String topic, byte[] payload) {
        JsonNode a;
        try {
            a = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return; // not an alert of ours
        }
        String id = a.path("id").asText();
        String channel = topic.substring(topic.lastIndexOf('/') + 1);
        if (out != null) {
            String subject = a.hasNonNull("household") ? a.path("household").asText() : a.path("device").asText("-");
            out.printf("%s  ALERT    %-9s %-18s %-9s %-9s %s%n", time.format(a.path("ts").asText()), channel,
                    a.path("rule").asText(), a.path("stage").asText(), subject, a.path("message").asText());
        }
        if (seen.add(id)) {
            byStage.computeIfAbsent(a.path("stage").asText(), s -> new AtomicLong()).incrementAndGet();
        }
    }

    long total() {
        return seen.size();
    }

    /** E.g. {@code WARNING 2, VISIT 1}. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        byStage.forEach((stage, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(stage).append(' ').append(n.get()));
        return sb.toString();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}

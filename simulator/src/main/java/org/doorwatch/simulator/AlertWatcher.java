package org.doorwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.Received;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Listens to the alert topic of each MQTT channel like a staff app would (test-peers'
 * {@link AlertSubscriber}, watching, as the {@code --mqtt-reader} account when it logs in): counts the alerts the gateway raises (each id once, though it arrives on every
 * channel it was routed to) and, if asked, prints one line per channel it reached: simulated
 * time, channel, rule, stage, household (or device) and the alert's own text.
 */
final class AlertWatcher implements AutoCloseable {

    private final AlertSubscriber subscriber;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byStage = new ConcurrentSkipListMap<>();
    private final PrintStream out;
    private final SimTime time;

    AlertWatcher(String brokerUrl, org.doorwatch.gateway.config.GatewayConfig config, MqttLogin login, PrintStream out,
                 SimTime time) throws MqttException {
        this.out = out;
        this.time = time;
        // each channel's topic: a receiver account may read those its channels grant (SPEC 10), not alerts/#
        java.util.List<String> topics = new java.util.ArrayList<>();
        config.channels().stream().filter(c -> c.mqtt()).forEach(c -> topics.add(config.alertTopic(c.id())));
        subscriber = AlertSubscriber.watch(brokerUrl, login.readerLogin(), topics,
                "doorwatch-sim-alerts-" + ProcessHandle.current().pid(), this::onAlert);
    }

    private void onAlert(Received alert) {
        JsonNode a;
        try {
            a = alert.json();
        } catch (Exception e) {
            return; // not an alert of ours
        }
        String id = a.path("id").asText();
        String channel = alert.channel();
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
        subscriber.close();
    }
}

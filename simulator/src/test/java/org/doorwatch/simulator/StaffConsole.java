package org.doorwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A staff console in a test: a real Paho client subscribed to the gateway's alert topics at
 * QoS 1, recording every alert with the channel (topic) it arrived on.
 */
final class StaffConsole implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alert as it arrived on one channel. */
    record Received(String channel, String id, String rule, String stage, String household, String device,
                    Instant ts, Instant lastActivity, JsonNode json) {}

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StaffConsole(MqttAsyncClient client) {
        this.client = client;
    }

    static StaffConsole connect(String url, String filter) throws MqttException {
        return connect(url, filter, null, null);
    }

    /** As {@code account} (null: anonymous); the site's alerts filter is read as each built-in channel's topic. */
    static StaffConsole connect(String url, String filter, String account, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, "staff-console-" + System.nanoTime(), new MemoryPersistence());
        StaffConsole console = new StaffConsole(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        if (account != null) {
            options.setUserName(account);
            options.setPassword(password.toCharArray());
        }
        client.connect(options).waitForCompletion(20_000);
        String[] filters = filter.endsWith("/alerts/#")
                ? new String[] {filter.replace("#", "property"), filter.replace("#", "community"), filter.replace("#", "police")}
                : new String[] {filter};
        org.eclipse.paho.client.mqttv3.IMqttMessageListener l = (topic, message) -> console.record(topic, message.getPayload());
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters, qos, java.util.Collections.nCopies(filters.length, l)
                .toArray(new org.eclipse.paho.client.mqttv3.IMqttMessageListener[0])).waitForCompletion(20_000);
        return console;
    }

    private void record(String topic, byte[] payload) throws Exception {
        JsonNode a = JSON.readTree(payload);
        received.add(new Received(topic.substring(topic.lastIndexOf('/') + 1), a.path("id").asText(),
                a.path("rule").asText(), a.path("stage").asText(), a.path("household").asText(""),
                a.hasNonNull("device") ? a.get("device").asText() : null, instant(a.get("ts")),
                instant(a.get("lastActivity")), a));
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : OffsetDateTime.parse(n.asText()).toInstant();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The channels on which alerts matching {@code which} arrived (each once). */
    Set<String> channels(Predicate<Received> which) {
        Set<String> out = new TreeSet<>();
        received.stream().filter(which).forEach(r -> out.add(r.channel()));
        return out;
    }

    /** The first elderly-inactivity alert of this household and stage. */
    Received first(String household, String stage) {
        return received.stream().filter(r -> r.rule().equals("elderly-inactivity") && r.household().equals(household)
                && r.stage().equals(stage)).findFirst().orElseThrow(() -> new AssertionError("no " + stage + " for " + household));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}

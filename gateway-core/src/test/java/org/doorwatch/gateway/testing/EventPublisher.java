package org.doorwatch.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A door-controller stand-in: publishes DOOR_OPENED events for random households at QoS 1 on a
 * thread of its own, each tagged with a unique credential {@code t:<n>}, and remembers which
 * the broker acknowledged. Survives broker restarts by reconnecting.
 */
public final class EventPublisher implements AutoCloseable {

    private final String url;
    private final int households;
    private final long periodMs;
    private final Set<String> acked = Collections.synchronizedSet(new HashSet<>());
    private final Thread thread;
    private volatile boolean running = true;

    public EventPublisher(int port, int households, long periodMs) {
        this.url = "tcp://127.0.0.1:" + port;
        this.households = households;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, "event-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Credentials of the events the broker acknowledged. */
    public Set<String> acked() {
        synchronized (acked) {
            return new HashSet<>(acked);
        }
    }

    private void run() {
        Random random = new Random(42);
        long n = 0;
        // one connection per door, each with its device account (SPEC 10: a device publishes only its own topic)
        java.util.Map<Integer, MqttAsyncClient> clients = new java.util.HashMap<>();
        while (running) {
            try {
                String credential = "t:" + (++n);
                int h = 1 + random.nextInt(households);
                MqttAsyncClient client = clients.get(h);
                if (client == null || !client.isConnected()) {
                    if (client != null) {
                        client.close(true);
                    }
                    client = new MqttAsyncClient(url, "event-publisher-" + h, new MemoryPersistence());
                    clients.put(h, client);
                    MqttConnectOptions o = new MqttConnectOptions();
                    o.setCleanSession(true);
                    o.setConnectionTimeout(2);
                    o.setUserName("door-h-" + h);
                    o.setPassword(TestAccounts.password("door-h-" + h).toCharArray());
                    client.connect(o).waitForCompletion(3000);
                }
                String payload = "{\"type\":\"DOOR_OPENED\",\"credential\":\"" + credential + "\"}";
                client.publish(TestConfigs.deviceTopic(h), payload.getBytes(StandardCharsets.UTF_8), 1, false)
                        .waitForCompletion(3000);
                acked.add(credential);
                Thread.sleep(periodMs);
            } catch (MqttException e) {
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
        for (MqttAsyncClient client : clients.values()) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(2000);
                }
                client.close(true);
            } catch (MqttException ignored) {
                // the test is over
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}

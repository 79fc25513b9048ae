package org.doorwatch.gateway.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.TestConfigs;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The soak's door contacts: DOOR_OPENED for random households {@code h-1 .. h-active} at QoS 1, each
 * stamped with the soak clock's time and a unique credential {@code s:<n>}, on a thread of its own.
 * It records every event it sent and, separately, every one the broker acknowledged (PUBACK): the
 * timeline the soak checks the gateway against. Survives broker hiccups by reconnecting.
 */
final class TimelinePublisher implements AutoCloseable {

    record Event(String credential, String household, Instant ts) {}

    private final String url;
    private final int active;
    private final SoakCrash.Clock clock;
    private final long periodMs;
    private final Map<String, Event> sent = new ConcurrentHashMap<>();
    private final Map<String, Event> acked = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    TimelinePublisher(int brokerPort, int active, SoakCrash.Clock clock, long periodMs) {
        this.url = "tcp://127.0.0.1:" + brokerPort;
        this.active = active;
        this.clock = clock;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, "timeline-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    Map<String, Event> sent() {
        return Map.copyOf(sent);
    }

    Map<String, Event> acked() {
        return Map.copyOf(acked);
    }

    private void run() {
        Random random = new Random(19);
        long n = 0;
        MqttAsyncClient client = null;
        while (running) {
            try {
                if (client == null || !client.isConnected()) {
                    if (client != null) {
                        client.close(true);
                    }
                    client = new MqttAsyncClient(url, "timeline-publisher", new MemoryPersistence());
                    MqttConnectOptions o = new MqttConnectOptions();
                    o.setCleanSession(true);
                    o.setConnectionTimeout(2);
                    client.connect(o).waitForCompletion(3000);
                }
                int h = 1 + random.nextInt(active);
                Event e = new Event("s:" + (++n), "h-" + h, clock.now());
                String payload = "{\"ts\":\"" + Events.ts(e.ts()) + "\",\"type\":\"DOOR_OPENED\",\"credential\":\""
                        + e.credential() + "\"}";
                sent.put(e.credential(), e);
                client.publish(TestConfigs.deviceTopic(h), payload.getBytes(StandardCharsets.UTF_8), 1, false)
                        .waitForCompletion(3000);
                acked.put(e.credential(), e);
                Thread.sleep(periodMs);
            } catch (MqttException e) {
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
        try {
            if (client != null) {
                client.disconnect().waitForCompletion(2000);
                client.close(true);
            }
        } catch (MqttException ignored) {
            // the soak is over
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

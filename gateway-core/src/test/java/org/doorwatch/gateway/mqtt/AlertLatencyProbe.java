package org.doorwatch.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Benchmark instrument for {@code scripts/bench-latency} (issue 16), not a test: plays the devices
 * and an alert subscriber against a running gateway and measures, at the subscriber, the time
 * from an event's publish to the arrival of the alert it raised.
 *
 * <p>Devices {@code d-1 .. d-N} (households {@code h-1 .. h-N}) send DOOR_OPENED in turn on
 * {@code bench/SITE/events} at a fixed rate, paced by the clock (not by the acknowledgements), QoS 1. The gateway runs
 * accelerated with a WARNING after a short silence (the script's config), so each household is
 * warned before its next event and that event raises a RESOLVED: the alert whose arrival is
 * timed against the publish of the household's latest event. The probe's own connections use
 * the gateway's socket factory (buffered reads, no Nagle), so that it adds as little as it can.
 *
 * <p>usage: AlertLatencyProbe BROKER_URL SITE HOUSEHOLDS RATE SECONDS WARMUP_SECONDS [SAMPLES_FILE]
 * <br>SAMPLES_FILE: one line per timed alert, "ms since the measurement began, latency in ms"
 * <br>prints one line: {@code sent N resolved M p50 X p90 X p99 X p999 X max X} (ms)
 */
public final class AlertLatencyProbe {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String site = args[1];
        int households = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        double warmup = Double.parseDouble(args[5]);
        java.io.PrintWriter samples = args.length > 6 ? new java.io.PrintWriter(args[6], StandardCharsets.UTF_8) : null;

        AtomicLongArray sentAt = new AtomicLongArray(households + 1);
        Histogram latency = new Histogram(60_000_000_000L, 3);
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        ObjectMapper json = new ObjectMapper();

        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        o.setSocketFactory(new BufferedSocketFactory());
        MqttAsyncClient sub = new MqttAsyncClient(url, "latency-probe-sub", new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                long now = System.nanoTime();
                JsonNode a = json.readTree(m.getPayload());
                if (!"RESOLVED".equals(a.path("stage").asText())) {
                    return;
                }
                String h = a.path("household").asText("");
                if (!h.startsWith("h-")) {
                    return;
                }
                long sent = sentAt.get(Integer.parseInt(h.substring(2)));
                if (sent != 0 && sent >= measureFrom.get()) {
                    synchronized (latency) {
                        latency.recordValue(Math.max(0, now - sent));
                        if (samples != null) {
                            samples.printf("%.3f %.3f%n", (sent - measureFrom.get()) / 1e6, (now - sent) / 1e6);
                        }
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("probe: subscriber lost its connection: " + cause);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        sub.connect(o).waitForCompletion(10_000);
        sub.subscribe("gw/" + site + "/alerts/#", 1).waitForCompletion(10_000);

        MqttAsyncClient pub = new MqttAsyncClient(url, "latency-probe-pub", new MemoryPersistence());
        pub.connect(o).waitForCompletion(10_000);
        // the script's profile "bench" (every device's events on one topic, the device in the payload;
        // on a device's own topic another device's event is device-mismatch)
        String topic = "bench/" + site + "/events";
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        long total = (long) ((seconds + warmup) * rate);
        long measuredFrom = start + (long) (warmup * 1e9);
        long sent = 0;
        for (long k = 0; k < total; k++) {
            long due = start + k * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (k == (long) (warmup * rate)) {
                measureFrom.set(measuredFrom);
            }
            int h = (int) (k % households) + 1;
            byte[] payload = ("{\"type\":\"DOOR_OPENED\",\"device\":\"d-" + h + "\"}").getBytes(StandardCharsets.UTF_8);
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            sentAt.set(h, System.nanoTime());
            pub.publish(topic, m);
            sent++;
        }
        Thread.sleep(3000); // the last alerts
        synchronized (latency) {
            System.out.printf("sent %d resolved %d p50 %.2f p90 %.2f p99 %.2f p999 %.2f max %.2f%n", sent,
                    latency.getTotalCount(), ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()));
        }
        if (samples != null) {
            samples.close();
        }
        pub.disconnect().waitForCompletion(5000);
        sub.disconnect().waitForCompletion(5000);
        pub.close();
        sub.close();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

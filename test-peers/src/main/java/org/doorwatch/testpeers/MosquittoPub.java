package org.doorwatch.testpeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code mosquitto_pub} client, one message per call, at QoS 1. */
public final class MosquittoPub {

    private MosquittoPub() {}

    public static void publish(int port, String topic, String payload) {
        publish(port, topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Publishes raw bytes (fed on stdin with {@code -s}), optionally retained. */
    public static void publish(int port, String topic, byte[] payload, boolean retain) {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-t", topic, "-s"));
        if (retain) {
            cmd.add("-r");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().write(payload);
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mosquitto_pub did not finish");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("mosquitto_pub failed (" + p.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("mosquitto_pub: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

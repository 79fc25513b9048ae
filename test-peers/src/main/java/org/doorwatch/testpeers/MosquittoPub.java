package org.doorwatch.testpeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code mosquitto_pub} client, one message per call, at QoS 1; anonymous or with a {@link Login}. */
public final class MosquittoPub {

    private MosquittoPub() {}

    public static void publish(int port, String topic, String payload) {
        publish(null, port, topic, payload);
    }

    /** Publishes raw bytes (fed on stdin with {@code -s}), optionally retained. */
    public static void publish(int port, String topic, byte[] payload, boolean retain) {
        publish(null, port, topic, payload, retain);
    }

    /** As {@code login}, or anonymous when null. */
    public static void publish(Login login, int port, String topic, String payload) {
        publish(login, port, topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public static void publish(Login login, int port, String topic, byte[] payload, boolean retain) {
        StringBuilder output = new StringBuilder();
        int rc = run(login, null, port, topic, payload, retain, output);
        if (rc != 0) {
            throw new AssertionError("mosquitto_pub failed (" + rc + "): " + output);
        }
    }

    /**
     * One {@code mosquitto_pub} run; returns its exit code (0: the broker took it, with a PUBACK),
     * its output goes to {@code output}. {@code login} null: anonymous; {@code clientId} null:
     * mosquitto_pub's own.
     */
    public static int run(Login login, String clientId, int port, String topic, byte[] payload, boolean retain,
                          StringBuilder output) {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-t", topic, "-s"));
        if (login != null) {
            cmd.addAll(List.of("-u", login.user(), "-P", login.password()));
        }
        if (clientId != null) {
            cmd.addAll(List.of("-i", clientId));
        }
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
            output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            return p.exitValue();
        } catch (IOException e) {
            throw new AssertionError("mosquitto_pub: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package org.doorwatch.gateway.testing;

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

    /** Publishes raw bytes (fed on stdin with {@code -s}), optionally retained, as the topic's device account. */
    public static void publish(int port, String topic, byte[] payload, boolean retain) {
        publishAs(TestAccounts.deviceOf(topic), port, topic, payload, retain);
    }

    /** As {@code account} ({@link TestAccounts#password}), or anonymous when null. */
    public static void publishAs(String account, int port, String topic, String payload) {
        publishAs(account, port, topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public static void publishAs(String account, int port, String topic, byte[] payload, boolean retain) {
        int rc = run(account, port, topic, payload, retain, new StringBuilder());
        if (rc != 0) {
            throw new AssertionError("mosquitto_pub failed (" + rc + ")");
        }
    }

    /** Exit code of one {@code mosquitto_pub} run; its output goes to {@code output}. */
    public static int run(String account, int port, String topic, byte[] payload, boolean retain, StringBuilder output) {
        return run(account, account == null ? null : TestAccounts.password(account), null, port, topic, payload,
                retain, output);
    }

    /** The full form: any password and client id (null: mosquitto_pub's own). */
    public static int run(String account, String password, String clientId, int port, String topic, byte[] payload,
                          boolean retain, StringBuilder output) {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-t", topic, "-s"));
        if (account != null) {
            cmd.addAll(List.of("-u", account, "-P", password));
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

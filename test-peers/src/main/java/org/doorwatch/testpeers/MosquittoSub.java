package org.doorwatch.testpeers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mosquitto_sub} client, printing {@code topic payload} lines to a file that the
 * test reads. With {@code clientId} it keeps a persistent session (clean session off), so what
 * is published while it is cut off reaches it afterwards.
 *
 * <p>Why a second subscriber beside {@link AlertSubscriber}: this one is not Paho (the gateway
 * publishes with Paho; a console on another client implementation checks the wire, not one
 * library against itself), it runs in a process of its own, and once connected it reconnects by
 * itself whenever its broker comes back, resuming its session: the crash and outage tests kill
 * brokers and gateways dozens of times under it.
 */
public final class MosquittoSub implements AutoCloseable {

    private final Process process;
    private final Path out;

    private MosquittoSub(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Subscribes at QoS 1 to {@code filter}; {@code clientId} null for a clean session. */
    public static MosquittoSub start(int port, String filter, String clientId, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "sub", ".txt");
        List<String> cmd = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-v", "-t", filter));
        if (clientId != null) {
            cmd.addAll(List.of("-i", clientId, "-c"));
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("sub-" + out.getFileName() + ".err").toFile()).start();
        return new MosquittoSub(p, out);
    }

    /**
     * Waits until the subscription is live: publishes to {@code probeTopic} (inside the filter)
     * until a probe comes back. A single probe could race the SUBSCRIBE and be lost.
     */
    public MosquittoSub awaitReady(int port, String probeTopic) {
        await("subscriber ready").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (messages().stream().anyMatch(m -> m.topic().equals(probeTopic))) {
                        return true;
                    }
                    try {
                        MosquittoPub.publish(port, probeTopic, "probe");
                    } catch (AssertionError brokerNotThereYet) {
                        // the broker is (re)starting; the next poll tries again
                    }
                    return false;
                });
        return this;
    }

    /** Every complete line received so far. */
    public List<Received> messages() {
        List<Received> list = new ArrayList<>();
        String text;
        try {
            text = Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return list;
        }
        for (String line : text.substring(0, end).split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                list.add(new Received(line.substring(0, sp), line.substring(sp + 1)));
            }
        }
        return list;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}

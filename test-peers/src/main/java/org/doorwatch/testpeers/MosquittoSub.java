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
    private long probesSeen;
    private long readySeen;

    private MosquittoSub(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Subscribes anonymously at QoS 1 to {@code filter}; {@code clientId} null for a clean session. */
    public static MosquittoSub start(int port, String filter, String clientId, Path dir) throws IOException {
        return start(null, port, List.of(filter), clientId, dir);
    }

    /**
     * Subscribes at QoS 1 to {@code filters} as {@code login} (null: anonymous); {@code clientId}
     * null for a clean session. A receiver account of the embedded broker may read only its
     * channels' topics (SPEC 10), so a console names each one rather than {@code alerts/#}.
     */
    public static MosquittoSub start(Login login, int port, List<String> filters, String clientId, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "sub", ".txt");
        // -d: the SUBACK is printed ("Subscribed (mid: 1): 1"), which is when the subscription is live
        // stdbuf: mosquitto_sub's stdout to a file is block-buffered; the SUBACK line must show at once
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q", "1", "-v", "-d"));
        filters.forEach(f -> cmd.addAll(List.of("-t", f)));
        if (login != null) {
            cmd.addAll(List.of("-u", login.user(), "-P", login.password()));
        }
        if (clientId != null) {
            cmd.addAll(List.of("-i", clientId, "-c"));
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("sub-" + out.getFileName() + ".err").toFile()).start();
        return new MosquittoSub(p, out);
    }

    /**
     * Waits until the subscription is live: the broker granted a filter at a new SUBACK since the
     * last wait (mosquitto_sub subscribes again at every reconnect), or a probe published
     * anonymously to {@code probeTopic} (inside a filter; null: no probe) came back, as it does on
     * a broker that takes anonymous clients for a subscriber that stayed connected. The gateway's
     * embedded broker refuses the probe (only the gateway publishes alerts); the SUBACK tells there.
     */
    public MosquittoSub awaitReady(int port, String probeTopic) {
        await("subscriber ready").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    List<List<Integer>> acks = granted();
                    if (acks.size() > readySeen && acks.get(acks.size() - 1).stream().anyMatch(q -> q != 128)) {
                        return true;
                    }
                    if (probeTopic == null) {
                        return false;
                    }
                    if (messages().stream().filter(m -> m.topic().equals(probeTopic)).count() > probesSeen) {
                        return true;
                    }
                    // refused, or the broker is (re)starting: the next poll tries again
                    MosquittoPub.run(null, null, port, probeTopic, "probe".getBytes(StandardCharsets.UTF_8), false,
                            new StringBuilder());
                    return false;
                });
        readySeen = granted().size();
        probesSeen = probeTopic == null ? probesSeen
                : messages().stream().filter(m -> m.topic().equals(probeTopic)).count();
        return this;
    }

    /** The QoS the broker granted each filter at each SUBACK so far (128: refused). */
    public List<List<Integer>> granted() {
        List<List<Integer>> acks = new ArrayList<>();
        for (String line : lines()) {
            if (line.startsWith("Subscribed (mid: ")) {
                List<Integer> qos = new ArrayList<>();
                for (String q : line.substring(line.indexOf("):") + 2).split(",")) {
                    qos.add(Integer.parseInt(q.trim()));
                }
                acks.add(qos);
            }
        }
        return acks;
    }

    /** Every complete line received so far. */
    public List<Received> messages() {
        List<Received> list = new ArrayList<>();
        for (String line : lines()) {
            if (isDebug(line)) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp > 0) {
                list.add(new Received(line.substring(0, sp), line.substring(sp + 1)));
            }
        }
        return list;
    }

    /** Lines of {@code -d}: the client's packets, not messages. */
    private static boolean isDebug(String line) {
        return line.startsWith("Client ") || line.startsWith("Subscribed (mid: ");
    }

    private List<String> lines() {
        String text;
        try {
            text = Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
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

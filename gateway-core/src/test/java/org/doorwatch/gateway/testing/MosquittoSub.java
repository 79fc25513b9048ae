package org.doorwatch.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mosquitto_sub} client, printing {@code topic payload} lines to a file that the
 * test reads. With {@code clientId} it keeps a persistent session (clean session off), so what
 * is published while it is cut off reaches it afterwards.
 */
public final class MosquittoSub implements AutoCloseable {

    /** One received message. */
    public record Message(String topic, String payload) {
        public JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path out;

    private MosquittoSub(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Subscribes at QoS 1 to {@code filter} as the test console; {@code clientId} null for a clean session. */
    public static MosquittoSub start(int port, String filter, String clientId, Path dir) throws IOException {
        return startAs(TestAccounts.CONSOLE, TestAccounts.password(TestAccounts.CONSOLE), port, filter, clientId, dir);
    }

    /** As {@code account} with {@code password} (both null: anonymous). */
    public static MosquittoSub startAs(String account, String password, int port, String filter, String clientId,
                                       Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "sub", ".txt");
        // -d: the SUBACK is printed ("Subscribed (mid: 1): 1"), which is when the subscription is live
        // stdbuf: mosquitto_sub's stdout to a file is block-buffered; the SUBACK line must show at once
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q", "1", "-v", "-d"));
        // the site's alerts: each channel's topic, which is what a receiver account may read (SPEC 10),
        // and the probe topics of awaitReady (granted where anonymous clients may publish them)
        List<String> filters = filter.equals(TestConfigs.alertsFilter())
                ? List.of(TestConfigs.alertTopic("property"), TestConfigs.alertTopic("community"),
                        TestConfigs.alertTopic("police"), TestConfigs.alertTopic("probe"),
                        TestConfigs.alertTopic("probe-final"))
                : List.of(filter);
        filters.forEach(f -> cmd.addAll(List.of("-t", f)));
        if (account != null) {
            cmd.addAll(List.of("-u", account, "-P", password));
        }
        if (clientId != null) {
            cmd.addAll(List.of("-i", clientId, "-c"));
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("sub-" + out.getFileName() + ".err").toFile()).start();
        return new MosquittoSub(p, out);
    }

    /**
     * Waits until the subscription is live: the broker granted it (a new SUBACK line since the last
     * wait), or, on a broker that takes anonymous clients (a test's Mosquitto), a probe published
     * to {@code probeTopic} (inside the filter) came back, as it does for a subscriber that stayed
     * connected. On the embedded broker only the gateway publishes alerts, so probes are refused there.
     */
    public MosquittoSub awaitReady(int port, String probeTopic) {
        org.awaitility.Awaitility.await("subscriber ready").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(300))
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
                    MosquittoPub.run(null, port, probeTopic, "probe".getBytes(StandardCharsets.UTF_8), false,
                            new StringBuilder()); // refused where anonymous clients are; the SUBACK tells there
                    return false;
                });
        readySeen = granted().size();
        probesSeen = probeTopic == null ? probesSeen
                : messages().stream().filter(m -> m.topic().equals(probeTopic)).count();
        return this;
    }

    private long probesSeen;
    private long readySeen;

    /** The QoS the broker granted each filter at each SUBACK so far (128: refused). */
    public List<List<Integer>> granted() {
        List<List<Integer>> out = new ArrayList<>();
        for (String line : lines()) {
            if (line.startsWith("Subscribed (mid: ")) {
                List<Integer> qos = new ArrayList<>();
                for (String q : line.substring(line.indexOf("):") + 2).split(",")) {
                    qos.add(Integer.parseInt(q.trim()));
                }
                out.add(qos);
            }
        }
        return out;
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

    private static boolean isDebug(String line) {
        return line.startsWith("Client ") || line.startsWith("Subscribed (mid: ");
    }

    /** Every complete line received so far. */
    public List<Message> messages() {
        List<Message> list = new ArrayList<>();
        for (String line : lines()) {
            if (isDebug(line)) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp > 0) {
                list.add(new Message(line.substring(0, sp), line.substring(sp + 1)));
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

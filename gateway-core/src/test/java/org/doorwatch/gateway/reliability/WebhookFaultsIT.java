package org.doorwatch.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.doorwatch.gateway.delivery.Backoff;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, webhooks under faults: one test per fault of a receiver, real HTTP receivers on
 * loopback. Every stage of three silent households (9 alerts, WARNING to VISIT in 3 s) goes to the
 * MQTT {@code property} channel, to a healthy webhook {@code good} and to the faulty webhook
 * {@code bad}. Each test shows that all 9 reach MQTT and {@code good} while {@code bad} is still
 * failing (so the fault blocks nothing else), and that {@code bad} is retried with the alert's own
 * id, until it answers or until its {@code retryFor} runs out.
 */
@Timeout(180)
class WebhookFaultsIT {

    private static final int HOUSEHOLDS = 3;
    private static final int ALERTS = HOUSEHOLDS * 3;

    @TempDir
    Path dir;

    private Mosquitto mosquitto;
    private AlertSubscriber console;
    private HttpServer good;
    private final Map<String, AtomicInteger> goodGot = new ConcurrentHashMap<>();
    /** Every attempt {@code bad} saw, by webhook-id, in order. */
    private final List<String> badAttempts = new CopyOnWriteArrayList<>();
    private final Set<String> badAccepted = ConcurrentHashMap.newKeySet();
    private final ExecutorService receiverThreads = Executors.newCachedThreadPool();

    @BeforeEach
    void peers() throws Exception {
        mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false);
        console = AlertSubscriber.connect(mosquitto.port(), TestConfigs.alertsFilter());
        good = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        good.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            goodGot.computeIfAbsent(ex.getRequestHeaders().getFirst("webhook-id"), k -> new AtomicInteger())
                    .incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        good.start();
        Files.createDirectories(dir.resolve("site/secrets"));
        Files.writeString(dir.resolve("site/secrets/hook.key"), "webhook-faults-secret");
    }

    @AfterEach
    void stopPeers() throws Exception {
        good.stop(0);
        console.close();
        mosquitto.close();
        receiverThreads.shutdownNow();
    }

    /** A receiver that takes the request and never answers: each attempt times out and is retried. */
    @Test
    void aHangingReceiverBlocksNothingAndIsRetriedWithTheSameId() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer bad = server(ex -> {
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            badAttempts.add(id);
            ex.getRequestBody().readAllBytes();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            badAccepted.add(id);
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        try (Gateway gateway = start(bad.getAddress().getPort(), "timeout: 1s")) {
            allReachMqttAndGood();
            // a household's rows go one at a time (a RESOLVED never overtakes its WARNING): each household's
            // WARNING is tried and tried again, its later stages wait behind it
            await("bad was tried again after its timeouts").atMost(Duration.ofSeconds(30))
                    .until(() -> badIds().size() == HOUSEHOLDS && badAttempts.size() >= 2 * HOUSEHOLDS);
            assertThat(badAccepted).as("not one answer yet: the others flowed past a hanging receiver").isEmpty();
            assertThat(goodGot.keySet()).as("the alert ids, on every attempt").containsAll(badIds());
            assertThat(console.alerts(a -> badIds().contains(a.json().get("id").asText())))
                    .extracting(a -> a.stage()).containsOnly("WARNING");
            release.countDown();
            await("the receiver answers at last").atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.outboxPending() == 0 && badAccepted.size() == ALERTS);
            assertThat(badAccepted).isEqualTo(goodGot.keySet());
            assertThat(failures(gateway, "retry")).isPositive();
            assertThat(failures(gateway, "permanent")).isZero();
        } finally {
            release.countDown();
            bad.stop(0);
        }
    }

    /** A receiver that answers 500 to everything: retried with the same id until retryFor, then failed for good. */
    @Test
    void aReceiverAnswering500IsRetriedUntilRetryForThenGivenUp() throws Exception {
        HttpServer bad = server(ex -> {
            badAttempts.add(ex.getRequestHeaders().getFirst("webhook-id"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        try (Gateway gateway = start(bad.getAddress().getPort(), "timeout: 1s, retryFor: 4s")) {
            allReachMqttAndGood();
            await("every row to bad given up after retryFor").atMost(Duration.ofSeconds(60))
                    .until(() -> failures(gateway, "permanent") == ALERTS);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.outboxPending() == 0);
            assertThat(badIds()).isEqualTo(goodGot.keySet());
            Map<String, Long> perId = badAttempts.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(perId.values()).as("retried, with the same id").allSatisfy(n -> assertThat(n).isGreaterThan(1));
            List<String> rows = query("SELECT attempts || ' ' || (failed_at IS NOT NULL) || ' ' || last_error FROM outbox "
                    + "WHERE channel = 'bad'");
            assertThat(rows).hasSize(ALERTS).allSatisfy(r -> assertThat(r).matches("\\d+ 1 HTTP 500; gave up after retrying for PT4S"));
            int before = badAttempts.size();
            assertThat(goodGot.values()).allSatisfy(n -> assertThat(n).hasValue(1));
            // given up means given up: a flush later, no new attempt has come in
            gateway.flush().get(5, TimeUnit.SECONDS);
            assertThat(badAttempts).hasSize(before);
        } finally {
            bad.stop(0);
        }
    }

    /** A receiver that answers, but slowly (4 s, within the 10 s timeout): one attempt each, nobody waits for it. */
    @Test
    void aSlowReceiverGetsEachAlertOnceAndDelaysNobodyElse() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        HttpServer bad = server(ex -> {
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            badAttempts.add(id);
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream body = ex.getResponseBody()) {
                for (int i = 0; i < 4; i++) { // the answer dribbles in over 4 s
                    Thread.sleep(1000);
                    body.write(' ');
                    body.flush();
                }
            } catch (InterruptedException e) {
                return;
            }
            badAccepted.add(id);
            answered.incrementAndGet();
        });
        try (Gateway gateway = start(bad.getAddress().getPort(), "timeout: 10s")) {
            allReachMqttAndGood();
            int answeredWhenOthersDone = answered.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.outboxPending() == 0);
            assertThat(answeredWhenOthersDone).as("the others were done while bad was still answering")
                    .isLessThan(ALERTS);
            assertThat(badAccepted).isEqualTo(goodGot.keySet());
            assertThat(badAttempts).as("slow is not failed: one attempt per alert").hasSize(ALERTS);
            assertThat(failures(gateway, "retry")).isZero();
        } finally {
            bad.stop(0);
        }
    }

    /**
     * A receiver that closes the connection mid-body, alternately while reading the request body
     * and after sending half of its 200 response: both are failed attempts, retried with the same id.
     */
    @Test
    void aReceiverClosingMidBodyIsRetriedWithTheSameId() throws Exception {
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        try (ServerSocket bad = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            receiverThreads.execute(() -> {
                while (!bad.isClosed()) {
                    try {
                        Socket s = bad.accept();
                        receiverThreads.execute(() -> midBody(s, tries));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (Gateway gateway = start(bad.getLocalPort(), "timeout: 5s")) {
                allReachMqttAndGood();
                await("each alert accepted at its third attempt").atMost(Duration.ofSeconds(60))
                        .until(() -> gateway.outboxPending() == 0);
                assertThat(badAccepted).isEqualTo(goodGot.keySet());
                assertThat(tries).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(3));
                assertThat(failures(gateway, "retry")).isEqualTo(2.0 * ALERTS);
            }
        }
    }

    // ------------------------------------------------------------------ harness

    /** Attempt 1: read half the body, close. Attempt 2: send half a 200 response, close. Attempt 3: a proper 200. */
    private void midBody(Socket s, Map<String, AtomicInteger> tries) {
        try (s) {
            InputStream in = s.getInputStream();
            Map<String, String> headers = headers(in);
            String id = headers.get("webhook-id");
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            badAttempts.add(id);
            int attempt = tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            in.readNBytes(attempt == 1 ? length / 2 : length);
            OutputStream out = s.getOutputStream();
            if (attempt == 1) {
                s.setSoLinger(true, 0); // RST: the gateway is still sending
                return;
            }
            if (attempt == 2) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{\"received\":".getBytes(
                        StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            badAccepted.add(id);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the gateway went away first: its problem to retry
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the headers");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    private interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private HttpServer server(Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", h::handle);
        s.setExecutor(receiverThreads); // a hanging request must not stop the receiver taking the next
        s.start();
        return s;
    }

    private Gateway start(int badPort, String badSettings) throws Exception {
        String hook = "secretFile: secrets/hook.key";
        Path file = TestConfigs.write(dir.resolve("site"), "url: " + mosquitto.url(), 0,
                "{ warning: 1s, callBack: 2s, visit: 3s }", HOUSEHOLDS,
                "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n"
                        + "channels:\n"
                        + "  good:\n    mqtt: false\n    webhook: { url: \"http://127.0.0.1:" + good.getAddress().getPort()
                        + "/good\", " + hook + ", timeout: 5s }\n"
                        + "  bad:\n    mqtt: false\n    webhook: { url: \"http://127.0.0.1:" + badPort + "/bad\", " + hook
                        + ", " + badSettings + " }\n"
                        + "routes:\n  elderly-inactivity:\n"
                        + "    WARNING: [property, good, bad]\n    CALL_BACK: [property, good, bad]\n"
                        + "    VISIT: [property, good, bad]\n", "");
        return Gateway.start(TestConfigs.load(file), GatewayOptions.defaults()
                .withWebhookBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1))));
    }

    private void allReachMqttAndGood() {
        await("all alerts reach MQTT and the healthy webhook").atMost(Duration.ofSeconds(30))
                .until(() -> goodGot.size() == ALERTS && console.alerts(a -> a.channel().equals("property")).size() == ALERTS);
        Set<String> mqttIds = console.alerts(a -> a.channel().equals("property")).stream()
                .map(a -> a.json().get("id").asText()).collect(Collectors.toSet());
        assertThat(mqttIds).isEqualTo(goodGot.keySet());
    }

    private Set<String> badIds() {
        return Set.copyOf(badAttempts);
    }

    private static double failures(Gateway gateway, String kind) {
        return Http.metric(gateway.httpPort(), "doorwatch_delivery_failures_total{channel=\"bad\",kind=\"" + kind
                + "\",transport=\"webhook\"}");
    }

    private List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("site/data/gateway.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

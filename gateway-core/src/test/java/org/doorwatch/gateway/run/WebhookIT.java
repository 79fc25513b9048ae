package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.Backoff;
import org.doorwatch.gateway.delivery.WebhookSignature;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance "webhook": a receiver that verifies the Standard Webhooks signature and
 * fails the first two attempts of every alert with 503 gets each alert exactly once with a
 * valid signature after the retries. A second receiver answers 410 Gone: permanent, counted,
 * never retried.
 */
@Timeout(120)
class WebhookIT {

    private static final byte[] SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer receiver;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gone = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void failedAttemptsAreRetriedAndEachAlertArrivesOnceSigned() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", this::hook);
        receiver.createContext("/gone", this::gone);
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();

        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1s, callBack: 2s, visit: 3s }", 1);
        GatewayConfig config = TestConfigs.withWebhook(TestConfigs.load(file), "family-app",
                TestConfigs.uri(base + "/hook"), SECRET, Duration.ofSeconds(5));
        config = TestConfigs.withWebhook(config, "archive", TestConfigs.uri(base + "/gone"), SECRET, Duration.ofSeconds(5));
        GatewayOptions options = GatewayOptions.defaults()
                .withWebhookBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
        try (Gateway gateway = Gateway.start(config, options)) {
            await("WARNING, CALL_BACK and VISIT accepted").atMost(Duration.ofSeconds(60))
                    .until(() -> accepted.size() == 3);
            await("nothing left to deliver").atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.outboxPending() == 0);
            assertThat(accepted.values()).allSatisfy(n -> assertThat(n).hasValue(1));
            assertThat(attempts.keySet()).isEqualTo(accepted.keySet());
            assertThat(attempts.values()).allSatisfy(n -> assertThat(n).hasValue(3));
            assertThat(badSignatures).hasValue(0);
            assertThat(gone).hasSize(3).allSatisfy((id, n) -> assertThat(n).hasValue(1));
            assertThat(Http.metric(gateway.httpPort(), "doorwatch_delivery_failures_total{channel=\"archive\","
                    + "kind=\"permanent\",transport=\"webhook\"}")).isEqualTo(3.0);
            assertThat(Http.metric(gateway.httpPort(), "doorwatch_delivery_failures_total{channel=\"family-app\","
                    + "kind=\"retry\",transport=\"webhook\"}")).isEqualTo(6.0);
        }
    }

    private void hook(HttpExchange ex) throws IOException {
        String id = verified(ex);
        if (id == null) {
            badSignatures.incrementAndGet();
            respond(ex, 401);
            return;
        }
        int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (n <= 2) {
            respond(ex, 503);
            return;
        }
        accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        respond(ex, 200);
    }

    private void gone(HttpExchange ex) throws IOException {
        String id = verified(ex);
        gone.computeIfAbsent(id == null ? "bad-signature" : id, k -> new AtomicInteger()).incrementAndGet();
        respond(ex, 410);
    }

    /** The alert id when the Standard Webhooks headers verify, else null. */
    private static String verified(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
        String sig = ex.getRequestHeaders().getFirst("webhook-signature");
        if (id == null || ts == null || sig == null) {
            return null;
        }
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts));
        String expected = WebhookSignature.sign(WebhookSignature.key(SECRET), id, Long.parseLong(ts),
                new String(body, StandardCharsets.UTF_8));
        boolean ok = age < 300 && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
        if (!ok || !id.equals(JSON.readTree(body).get("id").asText())) {
            return null;
        }
        return id;
    }

    private static void respond(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }
}

package org.doorwatch.gateway.delivery;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;

/**
 * Webhook channels: an HTTP POST of the alert JSON with the Standard Webhooks headers
 * {@code webhook-id} (the alert id, the same on every retry, so receivers drop duplicates),
 * {@code webhook-timestamp} and {@code webhook-signature}.
 *
 * <p>2xx: delivered. 429, 5xx, a timeout or a connection failure: retried with back-off (a
 * {@code Retry-After} in seconds is honoured). Anything else, a 4xx above all: the receiver
 * refuses this request and will refuse it again, so the row fails for good, logged and counted.
 * Redirects are not followed: a moved receiver is a config change.
 *
 * <p>The timestamp is real time (the wall clock), whatever clock the engine runs on: receivers
 * check it against their own clock to refuse replayed requests.
 */
public final class WebhookTransport implements Transport {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_IN_FLIGHT = 8;

    private record Hook(GatewayConfig.WebhookConfig config, byte[] key) {}

    private volatile Map<String, Hook> hooks = Map.of();
    private final HttpClient http;
    private final Clock wallClock;
    private final Backoff backoff;
    private final String userAgent;

    public WebhookTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version) {
        update(config);
        this.http = HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.wallClock = wallClock;
        this.backoff = backoff;
        this.userAgent = "doorwatch-gateway/" + version;
    }

    /** The webhooks of a (reloaded) config; rows owed to a webhook no longer there fail for good. */
    public void update(GatewayConfig config) {
        Map<String, Hook> next = new HashMap<>();
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            if (c.webhook() != null) {
                next.put(c.id(), new Hook(c.webhook(), WebhookSignature.key(c.webhook().secret().value())));
            }
        }
        hooks = Map.copyOf(next);
    }

    public boolean hasChannels() {
        return !hooks.isEmpty();
    }

    @Override
    public String name() {
        return OutboxRow.WEBHOOK;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    @Override
    public Duration backoff(int attempt) {
        return backoff.delay(attempt);
    }

    @Override
    public Duration retryFor(String channel) {
        Hook h = hooks.get(channel);
        return h == null || h.config().retryFor() == null ? DEFAULT_RETRY_FOR : h.config().retryFor();
    }

    @Override
    public void send(OutboxRow row, Consumer<Outcome> done) {
        Hook hook = hooks.get(row.channel());
        if (hook == null) {
            done.accept(new Outcome.Failed("channel '" + row.channel() + "' has no webhook in this config"));
            return;
        }
        long timestamp = wallClock.instant().getEpochSecond();
        String signature = WebhookSignature.sign(hook.key(), row.alertId(), timestamp, row.payload());
        Duration timeout = hook.config().timeout() == null ? DEFAULT_TIMEOUT : hook.config().timeout();
        HttpRequest request = HttpRequest.newBuilder(hook.config().url())
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", userAgent)
                .header("webhook-id", row.alertId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(row.payload()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                done.accept(new Outcome.Retry(cause instanceof HttpTimeoutException
                        ? "no answer within " + timeout : "request failed: " + cause, null));
                return;
            }
            done.accept(classify(response.statusCode(), response.headers().firstValue("retry-after")));
        });
    }

    static Outcome classify(int status, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 429 || status >= 500) {
            return new Outcome.Retry("HTTP " + status, retryAfter.flatMap(WebhookTransport::seconds).orElse(null));
        }
        return new Outcome.Failed("HTTP " + status + " (the receiver refuses the request; check its URL and secret)");
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long s = Long.parseLong(header.trim());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(s, 3600)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: use our own back-off
        }
    }
}

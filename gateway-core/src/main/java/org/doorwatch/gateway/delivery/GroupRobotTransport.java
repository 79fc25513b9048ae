package org.doorwatch.gateway.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.notify.People;
import org.doorwatch.notify.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group robot (WeCom, DingTalk) as an outbox transport: each row is one alert for one group,
 * with the people it @-mentions.
 *
 * <p>Per robot, one request at a time, and at most {@code perMinute} requests in any minute of
 * real time ({@link RateWindow}): rows that arrive while a request is out, or while the minute is
 * used up, wait, and go together as one digest ({@link Digest}) when the robot may be called
 * again. Each row of a message gets that message's outcome: a digest that fails is retried row by
 * row through the outbox, with the same alert ids, and folded again. Nothing is dropped.
 *
 * <p>State per robot is confined to one thread ({@code robots}); HTTP answers are handed to it.
 */
abstract class GroupRobotTransport<C extends GatewayConfig.RobotConfig> implements Transport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRobotTransport.class);
    static final int MAX_IN_FLIGHT = 200;
    static final Duration MINUTE = Duration.ofMinutes(1);

    /** What one channel's robot needs: its config and its waiting rows. */
    final class Robot {
        final String channel;
        final RateWindow window;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        boolean inFlight;
        boolean wakeScheduled;

        Robot(String channel, int perMinute) {
            this.channel = channel;
            this.window = new RateWindow(perMinute, rateWindow);
        }
    }

    record Waiting(OutboxRow row, Digest.Entry entry, Consumer<Outcome> done) {}

    /** A request to send and how long to wait for its answer. */
    record Call(HttpRequest request, Duration timeout) {}

    private final HttpClient http;
    private final Clock wallClock;
    private final Backoff backoff;
    private final Duration rateWindow;
    private final ScheduledExecutorService thread;
    private final Map<String, Robot> robots = new HashMap<>();
    private final Function<GatewayConfig.ChannelConfig, C> settingsOf;
    private volatile Map<String, C> settings = Map.of();
    private volatile People people = People.NONE;
    protected final String userAgent;

    /**
     * @param settingsOf this provider's settings of a channel, null when the channel is not one of its robots
     */
    GroupRobotTransport(GatewayConfig config, Function<GatewayConfig.ChannelConfig, C> settingsOf, Backoff backoff,
                        Clock wallClock, Executor executor, String version, Duration rateWindow) {
        this.settingsOf = settingsOf;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.wallClock = wallClock;
        this.backoff = backoff;
        this.rateWindow = rateWindow;
        this.userAgent = "doorwatch-gateway/" + version;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "robots-" + name());
            t.setDaemon(true);
            return t;
        });
        update(config);
    }

    /** The channels of a (reloaded) config this transport serves, and the people it mentions. */
    public void update(GatewayConfig config) {
        this.people = config.people().people();
        Map<String, C> next = new HashMap<>();
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            C robot = settingsOf.apply(c);
            if (robot != null) {
                next.put(c.id(), robot);
            }
        }
        settings = Map.copyOf(next);
        thread.execute(() -> next.forEach((id, c) -> robots.computeIfAbsent(id, k -> new Robot(k, c.perMinute()))));
    }

    /** Whether {@code channel} is one of this provider's robots in the running config. */
    final boolean serves(String channel) {
        return settings.containsKey(channel);
    }

    /** {@code channel}'s robot settings in the running config, null when it has none. */
    final C settings(String channel) {
        return settings.get(channel);
    }

    @Override
    public Duration retryFor(String channel) {
        C c = settings.get(channel);
        return c == null ? DEFAULT_RETRY_FOR : c.retryFor();
    }

    /** A JSON POST of {@code body} to {@code uri}, waiting the robot's timeout. */
    final Call post(URI uri, String body, C robot) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(robot.timeout())
                .header("content-type", "application/json; charset=utf-8")
                .header("user-agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return new Call(request, robot.timeout());
    }

    /** {@code url} with {@code query} appended ({@code ?} or {@code &amp;} as its own query needs). */
    static URI withQuery(URI url, String query) {
        return URI.create(url + (url.getRawQuery() == null ? "?" : "&") + query);
    }

    /** The largest content the provider takes, in UTF-8 bytes. */
    abstract int maxBytes(String channel);

    /** Whether mentions must be written into the text as well ("@13800000001"). */
    abstract boolean mentionsInText();

    /** The HTTP request that posts {@code message} to {@code channel}'s robot. */
    abstract Call request(String channel, Digest.Message message, Instant wallNow);

    /** The outcome of the provider's answer: its JSON errcode decides. */
    abstract Outcome classify(int status, String body);

    public boolean hasChannels() {
        return !robots.isEmpty();
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
    public void send(OutboxRow row, Consumer<Outcome> done) {
        if (!serves(row.channel())) {
            done.accept(new Outcome.Failed("channel '" + row.channel() + "' has no " + name() + " robot in this config"));
            return;
        }
        AlertText text = AlertText.of(row.payload());
        List<String> phones = new ArrayList<>();
        for (String id : row.recipients()) {
            Person p = people.get(id);
            if (p != null && p.phone() != null) {
                phones.add(p.phone());
            } else {
                // the person left the config since the row was planned: the group still gets the alert
                LOG.warn("alert {} to {}: person {} is no longer in the config; not mentioned", row.alertId(), row.channel(), id);
            }
        }
        Digest.Entry entry = new Digest.Entry(text.single(row.round()), text.line(row.round()), phones);
        try {
            thread.execute(() -> {
                Robot robot = robots.get(row.channel());
                if (robot == null) {
                    done.accept(new Outcome.Failed("channel '" + row.channel() + "' has no " + name() + " robot in this config"));
                    return;
                }
                robot.waiting.addLast(new Waiting(row, entry, done));
                pump(robot);
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            done.accept(new Outcome.Retry("the gateway is stopping", null));
        }
    }

    private void pump(Robot robot) {
        if (robot.inFlight || robot.waiting.isEmpty()) {
            return;
        }
        Instant now = wallClock.instant();
        if (!robot.window.mayPass(now)) {
            if (!robot.wakeScheduled) {
                robot.wakeScheduled = true;
                long delay = Math.max(1, Duration.between(now, robot.window.nextSlot(now)).toMillis());
                thread.schedule(() -> {
                    robot.wakeScheduled = false;
                    pump(robot);
                }, delay, TimeUnit.MILLISECONDS);
            }
            return;
        }
        List<Digest.Entry> entries = new ArrayList<>(robot.waiting.size());
        robot.waiting.forEach(w -> entries.add(w.entry()));
        Digest.Message message = Digest.fold(entries, maxBytes(robot.channel), mentionsInText());
        List<Waiting> carried = new ArrayList<>(message.entries());
        for (int i = 0; i < message.entries(); i++) {
            carried.add(robot.waiting.pollFirst());
        }
        if (message.entries() > 1) {
            LOG.info("{} alerts to {} folded into one {} message (the robot takes {} a minute)", message.entries(),
                    robot.channel, name(), robot.window.used(now) + 1);
        }
        Call call;
        try {
            call = request(robot.channel, message, now);
        } catch (RuntimeException e) {
            carried.forEach(w -> w.done().accept(new Outcome.Retry("cannot build the request: " + e, null)));
            return;
        }
        robot.inFlight = true;
        robot.window.record(now);
        http.sendAsync(call.request(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            Outcome outcome;
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                outcome = new Outcome.Retry(cause instanceof HttpTimeoutException
                        ? "no answer within " + call.timeout() : "request failed: " + cause, null);
            } else {
                outcome = classify(response.statusCode(), response.body());
            }
            Outcome result = outcome;
            try {
                thread.execute(() -> {
                    robot.inFlight = false;
                    carried.forEach(w -> w.done().accept(result));
                    pump(robot);
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                carried.forEach(w -> w.done().accept(result));
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** "errcode 45009 (api freq out of limit)": what an error answer is recorded as. */
    static String describe(String provider, long errcode, String errmsg) {
        return provider + " errcode " + errcode + (errmsg == null || errmsg.isEmpty() ? "" : " (" + errmsg + ")");
    }
}

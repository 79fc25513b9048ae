package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.ReadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/stream}: server-sent events of new alerts, each filtered by the subscriber's
 * role and scope with the same {@link Access} rule as {@code GET /api/alerts}.
 *
 * <p>The writer tells {@link #publish} of alerts after they are committed (on its thread; this
 * must not block it): the rows are read back on a worker (a RESOLVED's visibility depends on the
 * stage it ends), then each subscriber gets the ones it may see, written on its own event loop.
 * Each event is {@code id: <alert id>}, {@code event: alert}, {@code data: <the alert JSON>}.
 * A comment line every 30 s keeps proxies from closing an idle stream. Nothing is replayed:
 * after a reconnect, {@code GET /api/alerts} gives what was missed.
 */
public final class AlertStream {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    private static final long KEEP_ALIVE_MS = 30_000;
    /** A subscriber that does not read is dropped when this much is queued for it. */
    private static final int MAX_QUEUED_BYTES = 1 << 20;

    private record Subscriber(Principal principal, HttpServerResponse response, Context context) {}

    private final Vertx vertx;
    private final ReadStore reads;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    AlertStream(Vertx vertx, ReadStore reads) {
        this.vertx = vertx;
        this.reads = reads;
    }

    /** On the event loop of the request: starts the event stream for an authenticated caller. */
    void add(Principal p, RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("x-accel-buffering", "no");
        r.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
        Subscriber s = new Subscriber(p, r, vertx.getOrCreateContext());
        subscribers.add(s);
        long timer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> {
            if (!r.ended() && !r.closed()) {
                r.write(": keep-alive\n\n");
            }
        });
        r.closeHandler(v -> {
            subscribers.remove(s);
            vertx.cancelTimer(timer);
        });
        r.write(": subscribed\n\n");
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Alerts just committed (writer thread). */
    public void publish(List<Batch.NewAlert> alerts) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<String> ids = alerts.stream().map(a -> a.alert().id()).toList();
        vertx.<List<ReadStore.AlertRow>>executeBlocking(() -> {
            List<ReadStore.AlertRow> rows = new ArrayList<>();
            for (String id : ids) {
                ReadStore.AlertRow r = reads.alert(id);
                if (r != null) {
                    rows.add(r);
                }
            }
            return rows;
        }, true).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("live stream: reading new alerts failed: {}", ar.cause().toString());
                return;
            }
            for (ReadStore.AlertRow row : ar.result()) {
                ObjectNode json = Routes.parse(row.json());
                List<String> channels = Routes.channels(json);
                String event = "id: " + row.id() + "\nevent: alert\ndata: " + row.json() + "\n\n";
                for (Subscriber s : subscribers) {
                    if (Access.seesAlert(s.principal(), row.rule(), row.stage(), row.household(), channels,
                            row.previousStage())) {
                        s.context().runOnContext(v -> send(s, event));
                    }
                }
            }
        });
    }

    private void send(Subscriber s, String event) {
        if (s.response().ended() || s.response().closed()) {
            subscribers.remove(s);
            return;
        }
        if (s.response().writeQueueFull()) {
            LOG.warn("live stream: subscriber {} does not read; closing its stream", s.principal().name());
            subscribers.remove(s);
            s.response().reset();
            return;
        }
        s.response().write(event);
    }
}

package org.doorwatch.gateway.staff;

import static org.doorwatch.gateway.staff.Routes.JSON;
import static org.doorwatch.gateway.staff.Routes.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.staff.auth.Role;
import org.doorwatch.gateway.storage.ReadStore;

/**
 * The staff API (issue 7): JSON routes for alerts, outcomes, households, police queries,
 * devices, the audit log and accounts, plus the live stream ({@link AlertStream}).
 *
 * <p>This class is the route table and the wrapper around every handler. The handlers live in
 * one routes class per resource: {@link AlertRoutes}, {@link HouseholdRoutes},
 * {@link PoliceRoutes}, {@link DeviceRoutes}, {@link AccountRoutes} (logins, accounts, the audit
 * log); what they share is in {@link Routes}.
 *
 * <p>Every route is one line in {@link #mount}: method, path, the roles that may use it, a
 * handler. {@link #handle} runs the handler on a worker thread (handlers read SQLite and wait for
 * the writer), authenticates the caller, refuses other roles (403), and writes the audit row of
 * the request, committed before the answer leaves (an action's row is committed with the action
 * itself; a list that names nobody, read again by the same session within minutes, keeps the
 * first row: {@link RepeatedReads}). Access to data (scope, personal fields) is decided by
 * {@link Access} inside each handler. Failures become {@link ApiException}s; the HTTP server maps
 * them to status codes in one place.
 */
public final class StaffApi {

    private static final int MAX_BODY = 16 * 1024;

    /** A handler: runs on a worker thread and returns the response body. */
    private interface Handler {
        Object handle(Call c) throws Exception;
    }

    /** A route of {@link #mount}, kept by action for {@link #invoke}. */
    private record Entry(Set<Role> roles, Handler handler) {}

    private final Vertx vertx;
    private final Supplier<GatewayConfig> config;
    private final Logins logins;
    private final StaffWrites writes;
    private final Clock wallClock;
    private final AlertStream stream;
    private final RepeatedReads repeatedReads;
    private final AccountRoutes accounts;
    private final AlertRoutes alerts;
    private final HouseholdRoutes households;
    private final PoliceRoutes police;
    private final DeviceRoutes devices;
    private final Map<String, Entry> routes = new HashMap<>();
    private final List<Consumer<Router>> mountedFirst = new ArrayList<>();

    public StaffApi(Vertx vertx, Supplier<GatewayConfig> config, Logins logins, ReadStore reads, StaffWrites writes,
                    Clock clock, Clock wallClock, Health health) {
        this.vertx = vertx;
        this.config = config;
        this.logins = logins;
        this.writes = writes;
        this.wallClock = wallClock;
        this.stream = new AlertStream(vertx, reads);
        this.repeatedReads = new RepeatedReads(wallClock);
        this.accounts = new AccountRoutes(config, reads, logins, wallClock);
        this.alerts = new AlertRoutes(config, reads, writes);
        this.households = new HouseholdRoutes(config, reads, writes, clock);
        this.police = new PoliceRoutes(config, reads, clock);
        this.devices = new DeviceRoutes(config, reads, health);
    }

    /** The live stream, to be told of committed alerts. */
    public AlertStream stream() {
        return stream;
    }

    private ZoneId zone() {
        return config.get().zone();
    }

    /** Adds the API's routes to {@code router}; one line each. */
    public void mount(Router router) {
        mountedFirst.forEach(m -> m.accept(router));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        route(router, HttpMethod.POST, "/api/login", null, accounts::login);
        route(router, HttpMethod.POST, "/api/logout", Access.ANYONE, accounts::logout);
        route(router, HttpMethod.GET, "/api/alerts", Access.ALERT_READERS, alerts::alerts);
        route(router, HttpMethod.GET, "/api/alerts/:id", Access.ALERT_READERS, alerts::alert);
        route(router, HttpMethod.POST, "/api/alerts/:id/ack", Access.ACTORS, alerts::acknowledge);
        route(router, HttpMethod.POST, "/api/alerts/:id/outcome", Access.ACTORS, alerts::outcome);
        route(router, HttpMethod.POST, "/api/households/:id/confirm-well", Access.ACTORS, households::confirmWell);
        route(router, HttpMethod.POST, "/api/households/:id/away", Access.ACTORS, households::away);
        route(router, HttpMethod.DELETE, "/api/households/:id/away", Access.ACTORS, households::awayCleared);
        route(router, HttpMethod.GET, "/api/households", Access.BOARD_READERS, households::board);
        route(router, HttpMethod.GET, "/api/households/:id", Access.HOUSEHOLD_READERS, households::household);
        route(router, HttpMethod.GET, "/api/households/:id/timeline", Access.BOARD_READERS, households::timeline);
        route(router, HttpMethod.GET, "/api/households/:id/activity", Access.BOARD_READERS, households::activity);
        route(router, HttpMethod.GET, "/api/police/activity", Access.POLICE, police::policeActivity);
        route(router, HttpMethod.GET, "/api/police/rentals", Access.POLICE, police::rentals);
        route(router, HttpMethod.GET, "/api/police/alerts/:id/evidence", Access.POLICE, police::evidence);
        route(router, HttpMethod.GET, "/api/devices", Access.DEVICE_READERS, devices::devices);
        route(router, HttpMethod.GET, "/api/audit", Access.ADMIN, accounts::audit);
        route(router, HttpMethod.POST, "/api/users/:name/unlock", Access.ADMIN, accounts::unlock);
        router.get("/api/stream").handler(this::subscribe);
    }

    private void route(Router router, HttpMethod method, String path, Set<Role> roles, Handler h) {
        String action = method.name() + " " + path;
        routes.put(action, new Entry(roles, h));
        router.route(method, path).handler(ctx -> handle(ctx, action, roles, h));
    }

    /**
     * Routes to mount ahead of the API's own: the console (issue 15), whose cookie bridge to
     * {@code GET /api/stream} must run before the stream's handler.
     */
    public void mountFirst(Consumer<Router> more) {
        mountedFirst.add(more);
    }

    /**
     * Runs the route {@code action} (as in {@link #mount}: {@code "GET /api/alerts/:id"}) in-process,
     * on the calling worker thread, exactly as over HTTP: the same authentication, role check,
     * {@link Access} decisions and audit row. The console renders its pages from what this returns,
     * so a page never shows more than the API gives the same caller.
     *
     * @throws ApiException what the route would have answered with a status
     */
    public JsonNode invoke(String action, Map<String, String> path, Map<String, String> query, JsonNode body,
                           String remote, String authorization) throws Exception {
        Entry e = routes.get(action);
        if (e == null) {
            throw new IllegalArgumentException("no staff API route " + action);
        }
        Call c = new Call(action, Map.copyOf(path), Map.copyOf(query), body, remote, authorization, zone(),
                wallClock.instant());
        return (JsonNode) run(c, e.roles(), e.handler());
    }

    // ------------------------------------------------------------------ the wrapper

    private void handle(RoutingContext ctx, String action, Set<Role> roles, Handler h) {
        Call c;
        try {
            c = call(ctx, action);
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        }
        vertx.<Object>executeBlocking(() -> run(c, roles, h), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                ctx.response().setStatusCode(200)
                        .putHeader("content-type", "application/json; charset=utf-8")
                        .putHeader("cache-control", "no-store")
                        .end(json(ar.result()));
            }
        });
    }

    private Call call(RoutingContext ctx, String action) {
        JsonNode body = null;
        if (ctx.body() != null && ctx.body().length() > 0) {
            try {
                body = JSON.readTree(ctx.body().asString());
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("the body is not JSON");
            }
            if (!body.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
        }
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
        return new Call(action, Map.copyOf(ctx.pathParams()), query, body, remote,
                ctx.request().getHeader("Authorization"), zone(), wallClock.instant());
    }

    /** On a worker thread: authenticate, check the role, run, audit. */
    private Object run(Call c, Set<Role> roles, Handler h) throws Exception {
        try {
            if (roles != null) {
                c.principal = logins.authenticate(c.authorization);
                if (!c.principal.hasAny(roles)) {
                    throw ApiException.forbidden();
                }
            }
            Object result = h.handle(c);
            if (!c.audited && repeatedReads.needsRow(c)) {
                await(writes.audit(c.audit("allowed")));
                repeatedReads.wrote(c);
            }
            return result;
        } catch (ApiException e) {
            if (c.user() != null && !c.audited) {
                await(writes.audit(c.audit(e.auditOutcome())));
            }
            throw e;
        } catch (Exception e) {
            if (c.user() != null && !c.audited) {
                try {
                    await(writes.audit(c.audit("error")));
                } catch (Exception again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the stream

    private void subscribe(RoutingContext ctx) {
        Call c;
        try {
            c = call(ctx, "GET /api/stream");
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        }
        vertx.<Object>executeBlocking(() -> run(c, Access.ALERT_READERS, call -> null), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                stream.add(c.principal, ctx);
            }
        });
    }
}

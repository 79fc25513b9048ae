package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.staff.auth.Role;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.rules.Credentials;

/**
 * The staff API (issue 7): JSON routes for alerts, outcomes, households, police queries,
 * devices, the audit log and accounts, plus the live stream ({@link AlertStream}).
 *
 * <p>Every route is one line in {@link #mount}: method, path, the roles that may use it, a
 * handler. {@link #handle} runs the handler on a worker thread (handlers read SQLite and wait for
 * the writer), authenticates the caller, refuses other roles (403), and writes the audit row of
 * the request, committed before the answer leaves (an action's row is committed with the action
 * itself). Access to data (scope, personal fields) is decided by {@link Access} inside each
 * handler. Failures become {@link ApiException}s; the HTTP server maps them to status codes in
 * one place.
 */
public final class StaffApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY = 16 * 1024;
    private static final Instant NO_END = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Set<String> VISITOR_TYPES = Set.of(EventType.VISITOR_CALL.name(), EventType.VISITOR_ADMITTED.name());
    private static final Set<String> POLICE_TYPES = Set.of(EventType.VISITOR_CALL.name(),
            EventType.VISITOR_ADMITTED.name(), EventType.ACCESS_GRANTED.name(), EventType.ACCESS_DENIED.name());

    /** A handler: runs on a worker thread and returns the response body. */
    private interface Handler {
        Object handle(Call c) throws Exception;
    }

    private final Vertx vertx;
    private final Supplier<GatewayConfig> config;
    private final Logins logins;
    private final ReadStore reads;
    private final StaffWrites writes;
    private final Clock clock;
    private final Clock wallClock;
    private final Health health;
    private final AlertStream stream;

    public StaffApi(Vertx vertx, Supplier<GatewayConfig> config, Logins logins, ReadStore reads, StaffWrites writes,
                    Clock clock, Clock wallClock, Health health) {
        this.vertx = vertx;
        this.config = config;
        this.logins = logins;
        this.reads = reads;
        this.writes = writes;
        this.clock = clock;
        this.wallClock = wallClock;
        this.health = health;
        this.stream = new AlertStream(vertx, reads);
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
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        route(router, HttpMethod.POST, "/api/login", null, this::login);
        route(router, HttpMethod.POST, "/api/logout", Access.ANYONE, this::logout);
        route(router, HttpMethod.GET, "/api/alerts", Access.ALERT_READERS, this::alerts);
        route(router, HttpMethod.GET, "/api/alerts/:id", Access.ALERT_READERS, this::alert);
        route(router, HttpMethod.POST, "/api/alerts/:id/ack", Access.ACTORS, this::acknowledge);
        route(router, HttpMethod.POST, "/api/alerts/:id/outcome", Access.ACTORS, this::outcome);
        route(router, HttpMethod.POST, "/api/households/:id/confirm-well", Access.ACTORS, this::confirmWell);
        route(router, HttpMethod.POST, "/api/households/:id/away", Access.ACTORS, this::away);
        route(router, HttpMethod.DELETE, "/api/households/:id/away", Access.ACTORS, this::awayCleared);
        route(router, HttpMethod.GET, "/api/households", Access.BOARD_READERS, this::board);
        route(router, HttpMethod.GET, "/api/households/:id", Access.HOUSEHOLD_READERS, this::household);
        route(router, HttpMethod.GET, "/api/households/:id/timeline", Access.BOARD_READERS, this::timeline);
        route(router, HttpMethod.GET, "/api/police/activity", Access.POLICE, this::policeActivity);
        route(router, HttpMethod.GET, "/api/police/rentals", Access.POLICE, this::rentals);
        route(router, HttpMethod.GET, "/api/police/alerts/:id/evidence", Access.POLICE, this::evidence);
        route(router, HttpMethod.GET, "/api/devices", Access.DEVICE_READERS, this::devices);
        route(router, HttpMethod.GET, "/api/audit", Access.ADMIN, this::audit);
        route(router, HttpMethod.POST, "/api/users/:name/unlock", Access.ADMIN, this::unlock);
        router.get("/api/stream").handler(this::subscribe);
    }

    private void route(Router router, HttpMethod method, String path, Set<Role> roles, Handler h) {
        String action = method.name() + " " + path;
        router.route(method, path).handler(ctx -> handle(ctx, action, roles, h));
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
            if (!c.audited) {
                await(writes.audit(c.audit("allowed")));
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

    /** Waits for the writer; its failures come out unwrapped (a busy writer is a TimeoutException: 503). */
    private static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
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

    // ------------------------------------------------------------------ accounts

    private Object login(Call c) {
        String name = c.text("name", 64);
        String password = c.text("password", 1024);
        if (name == null || password == null) {
            throw ApiException.badRequest("expected {\"name\": ..., \"password\": ...}");
        }
        if (logins.exists(name)) {
            c.loginName = name;
        }
        char[] pw = password.toCharArray();
        Logins.Login login = logins.login(name, pw);
        java.util.Arrays.fill(pw, '\0');
        ObjectNode out = JSON.createObjectNode();
        out.put("token", login.token());
        out.put("expiresAt", AlertJson.time(login.expiresAt(), zone()));
        ArrayNode roles = out.putArray("roles");
        login.principal().roles().stream().sorted().forEach(r -> roles.add(r.id()));
        return out;
    }

    private Object logout(Call c) {
        logins.logout(c.authorization);
        return JSON.createObjectNode().put("loggedOut", true);
    }

    private Object unlock(Call c) {
        String name = c.path.get("name");
        c.detail = name != null && name.matches("[A-Za-z0-9._-]{1,64}") ? name : "?";
        if (!logins.unlock(name)) {
            throw ApiException.notFound("account");
        }
        return JSON.createObjectNode().put("unlocked", name);
    }

    private Object audit(Call c) throws SQLException {
        Instant to = c.time("to", wallClock.instant().plusSeconds(1));
        Instant from = c.time("from", to.minus(Duration.ofDays(1)));
        List<ReadStore.AuditRow> rows = reads.audit(from, to, c.param("user"), c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.AuditRow r : rows) {
            ObjectNode o = out.addObject();
            o.put("seq", r.seq());
            o.put("at", AlertJson.time(r.at(), zone()));
            o.put("user", r.user());
            o.put("action", r.action());
            o.put("household", r.household());
            o.put("alert", r.alertId());
            o.put("remote", r.remote());
            o.put("outcome", r.outcome());
        }
        return JSON.createObjectNode().set("audit", out);
    }

    // ------------------------------------------------------------------ alerts

    private Object alerts(Call c) throws SQLException {
        String stage = c.param("stage");
        if (stage != null && !isStage(stage)) {
            throw ApiException.badRequest("stage: '" + Call.shorten(stage) + "' is not a stage; expected one of "
                    + java.util.Arrays.toString(Stage.values()));
        }
        String state = c.param("state");
        if (state != null && !Set.of("open", "acknowledged", "resolved").contains(state)) {
            throw ApiException.badRequest("state: expected open, acknowledged or resolved");
        }
        String household = c.param("household");
        if (household != null) {
            c.household = householdOf(household) == null ? null : household;
            if (householdOf(household) == null || !c.principal.scope().covers(household)) {
                throw ApiException.notFound("household");
            }
        }
        String channel = c.param("channel");
        int limit = c.limit(200, 1000);
        List<ReadStore.AlertRow> rows = reads.alerts(new ReadStore.AlertQuery(c.param("rule"), stage, household,
                c.time("from", null), c.time("to", null), ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.AlertRow r : rows) {
            if (out.size() >= limit) {
                break;
            }
            ObjectNode a = parse(r.json());
            List<String> channels = channels(a);
            if (!sees(c.principal, r, channels)
                    || (channel != null && !channels.contains(channel))
                    || (state != null && !state.equals(state(r)))) {
                continue;
            }
            a.put("state", state(r));
            out.add(a);
        }
        return JSON.createObjectNode().set("alerts", out);
    }

    private Object alert(Call c) throws SQLException {
        ReadStore.AlertRow r = visibleAlert(c);
        ObjectNode a = parse(r.json());
        a.put("state", state(r));
        ObjectNode history = a.putObject("history");
        history.put("raised", AlertJson.time(r.ts(), zone()));
        ArrayNode deliveries = history.putArray("deliveries");
        for (ReadStore.Delivery d : reads.deliveries(r.id())) {
            ObjectNode o = deliveries.addObject();
            o.put("channel", d.channel());
            o.put("transport", d.transport());
            o.put("attempts", d.attempts());
            o.put("deliveredAt", time(d.deliveredAt()));
            o.put("failedAt", time(d.failedAt()));
        }
        ArrayNode acks = history.putArray("acknowledgements");
        for (ReadStore.Ack k : reads.acknowledgements(r.id())) {
            acks.addObject().put("by", k.by()).put("at", time(k.at())).put("note", k.note());
        }
        ArrayNode outcomes = history.putArray("outcomes");
        for (ReadStore.Outcome o : reads.outcomes(r.id())) {
            outcomes.addObject().put("by", o.by()).put("at", time(o.at())).put("code", o.code())
                    .put("note", o.note()).put("until", time(o.until()));
        }
        history.put("resolvedBy", reads.resolvedBy(r));
        return a;
    }

    private Object acknowledge(Call c) throws Exception {
        ReadStore.AlertRow r = visibleAlert(c);
        String note = c.text("note", 500);
        c.audited = true;
        boolean done = await(writes.acknowledge(r.id(), c.principal.name(), note, c.audit("allowed")));
        if (!done) {
            throw ApiException.conflict("you have already acknowledged this alert");
        }
        return JSON.createObjectNode().put("acknowledged", r.id()).put("by", c.principal.name());
    }

    private Object outcome(Call c) throws Exception {
        ReadStore.AlertRow r = visibleAlert(c);
        if (!RuleNames.ELDERLY_INACTIVITY.equals(r.rule()) || Stage.RESOLVED.name().equals(r.stage())) {
            throw ApiException.badRequest("outcomes are recorded for elderly-inactivity stages (WARNING, CALL_BACK, VISIT)");
        }
        String text = c.text("code", 64);
        OutcomeCode code = OutcomeCode.of(text);
        if (code == null) {
            throw ApiException.badRequest("code: " + (text == null ? "missing" : "'" + Call.shorten(text) + "' is unknown")
                    + "; expected one of: " + OutcomeCode.valid());
        }
        Instant until = c.bodyTime("until");
        if (until != null && code.effect() != EventType.AWAY) {
            throw ApiException.badRequest("until: only with away-with-family or in-hospital");
        }
        String note = c.text("note", 500);
        c.detail = code.code();
        c.audited = true;
        await(writes.act(code.effect(), r.household(), c.principal.name(), until, r.id(), code.code(), note,
                c.audit("allowed")));
        ObjectNode out = JSON.createObjectNode().put("alert", r.id()).put("code", code.code())
                .put("effect", code.effect() == null ? null : code.effect().name());
        return out;
    }

    private Object confirmWell(Call c) throws Exception {
        return act(c, EventType.CONFIRMED_WELL, null);
    }

    private Object away(Call c) throws Exception {
        return act(c, EventType.AWAY, c.bodyTime("until"));
    }

    private Object awayCleared(Call c) throws Exception {
        return act(c, EventType.AWAY_CLEARED, null);
    }

    private Object act(Call c, EventType type, Instant until) throws Exception {
        Household h = visibleHousehold(c);
        String note = c.text("note", 500);
        c.audited = true;
        await(writes.act(type, h.id(), c.principal.name(), until, null, null, note, c.audit("allowed")));
        ObjectNode out = JSON.createObjectNode().put("household", h.id()).put("recorded", type.name());
        if (until != null) {
            out.put("until", time(until));
        }
        return out;
    }

    /** The alert of the path, if the caller may see it; else 404 (existence does not leak). */
    private ReadStore.AlertRow visibleAlert(Call c) throws SQLException {
        String id = c.path.get("id");
        c.alertId = id;
        ReadStore.AlertRow r = reads.alert(id);
        if (r == null) {
            c.alertId = null; // not an id of ours: do not keep what the caller typed
            throw ApiException.notFound("alert");
        }
        c.household = r.household();
        if (!sees(c.principal, r, channels(parse(r.json())))) {
            throw ApiException.notFound("alert");
        }
        return r;
    }

    private static boolean sees(Principal p, ReadStore.AlertRow r, List<String> channels) {
        return Access.seesAlert(p, r.rule(), r.stage(), r.household(), channels, r.previousStage());
    }

    private static String state(ReadStore.AlertRow r) {
        return r.resolved() ? "resolved" : r.acknowledgements() > 0 ? "acknowledged" : "open";
    }

    // ------------------------------------------------------------------ households

    private Object board(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Map<String, ReadStore.HouseholdRow> states = reads.households();
        Map<String, ReadStore.DeviceRow> devices = reads.devices();
        ArrayNode out = JSON.createArrayNode();
        for (Household h : cfg.engine().households()) {
            if (Access.seesHousehold(c.principal, h.id())) {
                out.add(householdJson(cfg, h, states.get(h.id()), devices));
            }
        }
        return JSON.createObjectNode().set("households", out);
    }

    private Object household(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Household h = visibleHousehold(c);
        ReadStore.HouseholdRow state = reads.households().get(h.id());
        ObjectNode o = householdJson(cfg, h, state, reads.devices());
        boolean visitOpen = "VISIT".equals(o.path("stage").asText()) && !o.path("away").asBoolean();
        if (Access.seesContacts(c.principal, h.id(), visitOpen)) {
            ArrayNode contacts = o.putArray("contacts");
            for (GatewayConfig.Contact k : cfg.contacts().getOrDefault(h.id(), List.of())) {
                contacts.addObject().put("name", k.name()).put("phone", k.phone());
            }
            c.detail = "contacts";
        }
        return o;
    }

    private Object timeline(Call c) throws SQLException {
        Household h = visibleHousehold(c);
        Instant from = c.time("from", clock.instant().minus(Duration.ofDays(7)));
        Instant to = c.time("to", NO_END); // device clocks may run ahead of the gateway's
        List<ReadStore.EventRow> rows = reads.events(List.of(h.id()), devicesOf(List.of(h.id())), List.of(), from, to,
                c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            out.add(eventJson(e, null));
        }
        return JSON.createObjectNode().put("household", h.id()).set("events", out);
    }

    private String householdOfDevice(String device) {
        for (Device d : config.get().engine().devices()) {
            if (d.id().equals(device)) {
                return d.household();
            }
        }
        return null;
    }

    /** The configured devices of {@code households}: their events are theirs even without a household field. */
    private List<String> devicesOf(List<String> households) {
        List<String> out = new ArrayList<>();
        for (Device d : config.get().engine().devices()) {
            if (d.household() != null && households.contains(d.household())) {
                out.add(d.id());
            }
        }
        return out;
    }

    /** The household of the path, if it exists and the caller may see it; else 404. */
    private Household visibleHousehold(Call c) {
        String id = c.path.get("id");
        Household h = householdOf(id);
        if (h != null) {
            c.household = id; // a real id, also when refused: the audit log shows probing
        }
        if (h == null || !Access.seesHousehold(c.principal, id)) {
            throw ApiException.notFound("household");
        }
        return h;
    }

    private Household householdOf(String id) {
        for (Household h : config.get().engine().households()) {
            if (h.id().equals(id)) {
                return h;
            }
        }
        return null;
    }

    private ObjectNode householdJson(GatewayConfig cfg, Household h, ReadStore.HouseholdRow s,
                                     Map<String, ReadStore.DeviceRow> devices) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", h.id());
        o.put("address", h.displayName());
        ArrayNode tags = o.putArray("tags");
        h.tags().forEach(tags::add);
        o.put("policy", h.policy());
        o.put("lastActivity", s == null ? null : time(s.lastActivity()));
        o.put("stage", stageOf(cfg, h, s));
        o.put("away", s != null && s.away());
        o.put("awayUntil", s == null ? null : time(s.awayUntil()));
        ArrayNode sensors = o.putArray("sensors");
        for (Device d : cfg.engine().devices()) {
            if (h.id().equals(d.household())) {
                ReadStore.DeviceRow r = devices.get(d.id());
                sensors.addObject().put("device", d.id()).put("kind", d.kind())
                        .put("lastHeard", r == null ? null : time(r.lastHeard()))
                        .put("offline", r != null && r.offline()).put("faulty", r != null && r.faulty())
                        .put("open", r != null && r.open());
            }
        }
        return o;
    }

    /** The stage the household's current episode reached: NONE, WARNING, CALL_BACK or VISIT. */
    private static String stageOf(GatewayConfig cfg, Household h, ReadStore.HouseholdRow s) {
        if (s == null || s.stagesRaised() == 0 || h.policy() == null) {
            return "NONE";
        }
        Policy p = cfg.engine().policies().get(h.policy());
        List<Inactivity.StageThreshold> stages = p == null || p.inactivity() == null ? List.of() : p.inactivity().stages();
        return s.stagesRaised() <= stages.size() ? stages.get(s.stagesRaised() - 1).stage().name() : "NONE";
    }

    // ------------------------------------------------------------------ police

    private Object policeActivity(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        String household = c.param("household");
        String building = c.param("building");
        if ((household == null) == (building == null)) {
            throw ApiException.badRequest("give household=ID or building=B (the first part of household ids), one of them");
        }
        List<String> ids = new ArrayList<>();
        if (household != null) {
            ids.add(visibleHouseholdId(c, household));
        } else {
            for (Household h : cfg.engine().households()) {
                if (h.id().startsWith(building + "-") && Access.seesHousehold(c.principal, h.id())) {
                    ids.add(h.id());
                }
            }
            if (ids.isEmpty()) {
                throw ApiException.notFound("building");
            }
            c.detail = "building " + (building.matches("[A-Za-z0-9._:-]{1,32}") ? building : "?");
        }
        Instant from = c.time("from", clock.instant().minus(Duration.ofDays(7)));
        Instant to = c.time("to", NO_END); // device clocks may run ahead of the gateway's
        List<ReadStore.EventRow> rows = reads.events(ids, devicesOf(ids), POLICE_TYPES, from, to,
                c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            out.add(eventJson(e, cfg.tenants()));
        }
        c.detail = c.detail == null ? "tenants" : c.detail + " tenants";
        return JSON.createObjectNode().set("events", out);
    }

    private String visibleHouseholdId(Call c, String id) {
        if (householdOf(id) != null) {
            c.household = id;
        }
        if (householdOf(id) == null || !Access.seesHousehold(c.principal, id)) {
            throw ApiException.notFound("household");
        }
        return id;
    }

    private Object rentals(Call c) {
        GatewayConfig cfg = config.get();
        Instant now = clock.instant();
        ArrayNode out = JSON.createArrayNode();
        for (Household h : cfg.engine().households()) {
            if (!h.hasTag("rental") || !Access.seesHousehold(c.principal, h.id())) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("id", h.id());
            o.put("address", h.displayName());
            ArrayNode ts = o.putArray("tenancies");
            for (Tenancy t : cfg.engine().tenancies()) {
                if (t.household().equals(h.id())) {
                    ts.addObject().put("credential", Credentials.mask(t.credential()))
                            .put("tenant", cfg.tenants().get(t.credential()))
                            .put("from", time(t.from())).put("until", time(t.until()))
                            .put("active", t.covers(now));
                }
            }
        }
        c.detail = "tenants";
        return JSON.createObjectNode().set("rentals", out);
    }

    private Object evidence(Call c) throws SQLException {
        ReadStore.AlertRow r = visibleAlert(c);
        if (!RuleNames.VISITOR_FREQUENCY.equals(r.rule())) {
            throw ApiException.notFound("visitor-frequency alert");
        }
        ObjectNode a = parse(r.json());
        JsonNode ev = a.path("evidence");
        Instant first = OffsetDateTime.parse(ev.path("firstVisit").asText()).toInstant();
        Instant last = OffsetDateTime.parse(ev.path("lastVisit").asText()).toInstant();
        List<ReadStore.EventRow> rows = reads.events(List.of(r.household()), devicesOf(List.of(r.household())),
                VISITOR_TYPES, first,
                last.plusMillis(1), ReadStore.MAX_ROWS);
        ArrayNode visits = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            visits.add(eventJson(e, config.get().tenants()));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("alert", a);
        out.set("visits", visits);
        return out;
    }

    // ------------------------------------------------------------------ devices

    private Object devices(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Map<String, ReadStore.DeviceRow> states = reads.devices();
        Map<String, Health.Check> sources = health.sources();
        ArrayNode out = JSON.createArrayNode();
        for (GatewayConfig.DeviceConfig d : cfg.devices()) {
            if (!c.principal.scope().covers(d.household())) {
                continue; // an installer limited to some buildings sees their doors only
            }
            ReadStore.DeviceRow r = states.get(d.id());
            ObjectNode o = out.addObject();
            o.put("id", d.id());
            o.put("kind", d.kind());
            o.put("household", d.household());
            o.put("source", d.source());
            o.put("port", d.port());
            o.put("lastHeard", r == null ? null : time(r.lastHeard()));
            o.put("offline", r != null && r.offline());
            o.put("faulty", r != null && r.faulty());
            o.put("open", r != null && r.open());
            Health.Check t = transport(sources, d);
            ObjectNode ts = o.putObject("transport");
            ts.put("status", t == null ? "unknown" : t.up() ? "up" : "down");
            if (t != null && t.reason() != null) {
                ts.put(t.up() ? "detail" : "reason", t.reason());
            }
        }
        return JSON.createObjectNode().set("devices", out);
    }

    private static Health.Check transport(Map<String, Health.Check> sources, GatewayConfig.DeviceConfig d) {
        if ("mqtt".equals(d.source()) || d.port() == null) {
            return sources.get(d.source());
        }
        for (String name : List.of(d.port(), d.source() + ":" + d.port(), "serial:" + d.port(), "tcp:" + d.port())) {
            if (sources.containsKey(name)) {
                return sources.get(name);
            }
        }
        return null;
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

    // ------------------------------------------------------------------ JSON helpers

    private ObjectNode eventJson(ReadStore.EventRow e, Map<String, String> tenants) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", time(e.ts()));
        o.put("received", time(e.receivedAt()));
        o.put("type", e.type());
        o.put("device", e.device());
        o.put("household", e.household() != null ? e.household() : householdOfDevice(e.device()));
        o.put("source", e.source());
        if (e.credential() != null) {
            o.put("credential", Credentials.mask(e.credential()));
            if (tenants != null && tenants.containsKey(e.credential())) {
                o.put("tenant", tenants.get(e.credential()));
            }
        }
        if (e.by() != null) {
            o.put("by", e.by());
        }
        if (e.until() != null) {
            o.put("until", time(e.until()));
        }
        return o;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored alert is not JSON", e);
        }
    }

    static List<String> channels(JsonNode alert) {
        List<String> out = new ArrayList<>();
        alert.path("channels").forEach(n -> out.add(n.asText()));
        return out;
    }

    private String time(Instant t) {
        return t == null ? null : AlertJson.time(t, zone());
    }

    private static boolean isStage(String s) {
        for (Stage st : Stage.values()) {
            if (st.name().equals(s)) {
                return true;
            }
        }
        return false;
    }
}

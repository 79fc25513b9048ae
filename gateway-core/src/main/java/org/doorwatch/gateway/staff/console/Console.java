package org.doorwatch.gateway.staff.console;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.doorwatch.gateway.staff.ApiException;
import org.doorwatch.gateway.staff.Logins;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.staff.StaffApi;
import org.doorwatch.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff console (issue 15, SPEC section 9): server-rendered pages in Chinese at {@code /},
 * on the gateway's own HTTP server, for the accounts of the staff API.
 *
 * <p>Every page is plain HTML that works before (or without) its script; a small module per page
 * adds the live list, confirm dialogs and in-place updates. Data comes only from the staff API,
 * run in-process for the logged-in caller ({@link StaffApi#invoke}), so scopes, personal-data
 * rules and the audit log are the API's. The routes are one line each below; {@link #handle}
 * resolves the session, checks the CSRF token of every write, runs the page on a worker thread
 * and sends it, not to be cached ({@link #noStore}); the security headers are the HTTP server's,
 * on every answer.
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final int MAX_FORM = 16 * 1024;
    /** A page or action: runs on a worker thread. */
    interface Page {
        Reply handle(Request r) throws Exception;
    }

    private final Vertx vertx;
    private final StaffApi api;
    private final Supplier<GatewayConfig> config;
    private final Logins logins;
    private final Clock clock;
    private final Sessions sessions;
    private final Assets assets = new Assets();

    /**
     * @param clock the gateway's clock (durations and "today" on pages follow the engine's time)
     * @param https whether {@code http.tls} is set: cookies are then Secure
     */
    public Console(Vertx vertx, StaffApi api, Supplier<GatewayConfig> config, Logins logins, Clock clock,
                   boolean https) {
        this.vertx = vertx;
        this.api = api;
        this.config = config;
        this.logins = logins;
        this.clock = clock;
        this.sessions = new Sessions(https);
    }

    /** Adds the console's routes; one line each. Mounted before the API's (the stream bridge runs first). */
    public void mount(Router router) {
        LoginPage login = new LoginPage(sessions);
        Actions actions = new Actions();
        router.get("/api/stream").handler(this::streamBridge);
        router.get("/console/*").handler(this::asset);
        route(router, HttpMethod.GET, "/login", false, login::show);
        route(router, HttpMethod.POST, "/login", false, login::submit);
        route(router, HttpMethod.POST, "/logout", true, this::logout);
        route(router, HttpMethod.GET, "/", true, QueuePage::page);
        route(router, HttpMethod.GET, "/board", true, BoardPage::page);
        route(router, HttpMethod.GET, "/alerts/:id", true, AlertPage::page);
        route(router, HttpMethod.GET, "/alerts/:id/ack", true, actions::ackForm);
        route(router, HttpMethod.POST, "/alerts/:id/ack", true, actions::ack);
        route(router, HttpMethod.GET, "/alerts/:id/outcome", true, actions::outcomeForm);
        route(router, HttpMethod.POST, "/alerts/:id/outcome", true, actions::outcome);
        route(router, HttpMethod.GET, "/households", true, HouseholdsPage::page);
        route(router, HttpMethod.GET, "/households/:id", true, HouseholdPage::page);
        route(router, HttpMethod.GET, "/households/:id/confirm-well", true, actions::confirmWellForm);
        route(router, HttpMethod.POST, "/households/:id/confirm-well", true, actions::confirmWell);
        route(router, HttpMethod.GET, "/households/:id/away", true, actions::awayForm);
        route(router, HttpMethod.POST, "/households/:id/away", true, actions::away);
        route(router, HttpMethod.GET, "/households/:id/away-clear", true, actions::awayClearForm);
        route(router, HttpMethod.POST, "/households/:id/away-clear", true, actions::awayClear);
        route(router, HttpMethod.GET, "/police", true, PolicePage::page);
        route(router, HttpMethod.GET, "/devices", true, DevicesPage::page);
    }

    private void route(Router router, HttpMethod method, String path, boolean session, Page page) {
        if (method == HttpMethod.POST) {
            router.post(path).handler(BodyHandler.create(false).setBodyLimit(MAX_FORM));
        }
        router.route(method, path).handler(ctx -> handle(ctx, method == HttpMethod.POST, session, page));
    }

    /** What the worker needs of the request, copied on the event loop. */
    private record Raw(String path, String uri, Map<String, String> params, Map<String, String> query,
                       Map<String, String> form, Map<String, String> cookies, String remote, boolean fetch,
                       String csrfGiven) {}

    private void handle(RoutingContext ctx, boolean write, boolean session, Page page) {
        Map<String, String> form = write ? first(ctx.request().formAttributes()) : Map.of();
        Map<String, String> cookies = new HashMap<>();
        for (Cookie c : ctx.request().cookies()) {
            cookies.putIfAbsent(c.getName(), c.getValue());
        }
        String csrf = form.get(Sessions.CSRF_FIELD) != null ? form.get(Sessions.CSRF_FIELD)
                : ctx.request().getHeader(Sessions.CSRF_HEADER);
        Raw raw = new Raw(ctx.request().path(), ctx.request().uri(), Map.copyOf(ctx.pathParams()),
                first(ctx.queryParams()), form, cookies,
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host(),
                "fetch".equals(ctx.request().getHeader("X-Requested-With")), csrf);
        vertx.<Reply>executeBlocking(() -> run(raw, write, session, page), false).onComplete(ar -> {
            Reply reply = ar.succeeded() ? ar.result() : crashed(raw, ar.cause());
            send(ctx, reply);
        });
    }

    private Reply run(Raw raw, boolean write, boolean session, Page page) throws Exception {
        GatewayConfig cfg = config.get();
        Times times = new Times(cfg.zone(), clock.instant());
        String token = raw.cookies().get(sessions.sessionCookie());
        Principal principal = null;
        if (session) {
            if (token == null || token.isEmpty()) {
                return loginFirst(raw, false);
            }
            try {
                principal = logins.authenticate("Bearer " + token);
            } catch (ApiException e) {
                return loginFirst(raw, true).cookie(sessions.endSession());
            }
            if (write && !sessions.csrfOk(token, raw.csrfGiven())) {
                // a write whose form did not come from this session's page: refuse, change nothing
                return refusedWithoutToken(raw);
            }
        }
        Request r = new Request(raw.path(), raw.uri(), raw.params(), raw.query(), raw.form(), raw.cookies(),
                raw.remote(), raw.fetch(), principal == null ? null : token, principal,
                principal == null ? null : sessions.csrf(token), times, cfg, api);
        try {
            return page.handle(r);
        } catch (Exception e) {
            return problem(r, e);
        }
    }

    /** No session, or an expired one: to the login page, which comes back here afterwards. */
    private static Reply loginFirst(Raw raw, boolean expired) {
        if (raw.fetch()) {
            return Reply.text(401, "登录已过期，请重新登录。");
        }
        String next = raw.form().isEmpty() ? raw.uri() : "/";
        String to = "/login?next=" + Html.q(Urls.local(next, "/"));
        return Reply.redirect(expired ? to + "&expired=1" : to);
    }

    private static Reply refusedWithoutToken(Raw raw) {
        String message = "这次提交缺少安全校验，没有执行。请刷新页面后再操作一次。";
        if (raw.fetch()) {
            return Reply.text(403, message);
        }
        return Reply.html(403, Layout.bare("提交被拒绝", Html.of("""
                <h1>提交被拒绝</h1>
                <div class="notice error" role="alert"><p>{}</p></div>
                <p><a href="/">回到报警列表</a></p>""", message)));
    }

    /** A page the API refused or that failed: said in Chinese, with the way back. */
    static Reply problem(Request r, Throwable e) {
        Problems.Problem p = Problems.of(e);
        if (p.status() == 500) {
            LOG.error("console {} failed", r.path, e);
        }
        if (p.status() == 401) {
            return r.fetch ? Reply.text(401, p.message()) : Reply.redirect("/login?expired=1");
        }
        if (r.fetch) {
            return Reply.text(p.status(), p.message());
        }
        String title = switch (p.status()) {
            case 403 -> "无权查看";
            case 404 -> "找不到";
            default -> "出了点问题";
        };
        return Reply.html(p.status(), Layout.page(r, title, null, null, Html.of(
                "<h1>{}</h1>{}<p><a href=\"{}\">回到首页</a></p>", title, Layout.problem(p), Layout.home(r))));
    }

    private Reply crashed(Raw raw, Throwable t) {
        LOG.error("console {} failed", raw.path(), t);
        return Reply.html(500, Layout.bare("出了点问题", Html.of(
                "<h1>出了点问题</h1><div class=\"notice error\" role=\"alert\"><p>{}</p></div><p><a href=\"/\">回到首页</a></p>",
                Problems.of(t).message())));
    }

    private Reply logout(Request r) throws Exception {
        r.post("POST /api/logout", Map.of(), null);
        return Reply.redirect("/login?out=1").cookie(sessions.endSession());
    }

    private void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        noStore(res);
        reply.cookies.forEach(res::addCookie);
        if (reply.location != null) {
            res.setStatusCode(303).putHeader("location", reply.location).end();
        } else {
            res.setStatusCode(reply.status).putHeader("content-type", reply.contentType).end(reply.body);
        }
    }

    /**
     * What only the console's answers add: not kept in a cache. The security headers (CSP,
     * framing, sniffing, referrer ...) are on every HTTP answer already, set in one place
     * ({@code HttpApi.securityHeaders}) before any route runs.
     */
    static void noStore(HttpServerResponse res) {
        if (!res.headers().contains("Cache-Control")) {
            res.putHeader("Cache-Control", "no-store"); // pages carry personal data: not kept on a shared PC
        }
    }

    /**
     * {@code GET /api/stream} from a console page: EventSource cannot send an Authorization
     * header, so the session cookie stands for it. Read-only, and SameSite=Strict keeps other
     * sites' pages from opening it in a staff member's name.
     */
    private void streamBridge(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(sessions.sessionCookie());
        if (ctx.request().getHeader("Authorization") == null && c != null && !c.getValue().isEmpty()) {
            ctx.request().headers().set("Authorization", "Bearer " + c.getValue());
        }
        ctx.next();
    }

    private void asset(RoutingContext ctx) {
        String path = ctx.request().path().substring("/console/".length());
        Assets.Asset a = assets.get(path);
        HttpServerResponse res = ctx.response();
        res.putHeader("Cache-Control", "no-cache");
        noStore(res);
        if (a == null) {
            res.setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8").end("not found");
            return;
        }
        res.putHeader("ETag", a.etag());
        if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            res.setStatusCode(304).end();
            return;
        }
        res.putHeader("content-type", a.type()).end(Buffer.buffer(a.bytes()));
    }

    private static Map<String, String> first(MultiMap m) {
        Map<String, String> out = new HashMap<>();
        m.forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
        return Map.copyOf(out);
    }
}

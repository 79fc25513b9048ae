package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorwatch.gateway.alert.AlertJson;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.function.Function;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.writer.RejectedException;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: {@code GET /health}, {@code GET /metrics} and the staff API
 * ({@link StaffApi}, issue 7). One line per route, each a method reference; every failure
 * becomes a status code in {@link #failure} and nowhere else. Health and metrics read in-memory
 * state on the event loop; the staff API's handlers run on worker threads.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final Vertx vertx;
    private final HttpServer server;
    private final Health health;
    private final GatewayMetrics metrics;
    private final ZoneId zone;

    private HttpApi(Vertx vertx, Health health, GatewayMetrics metrics, ZoneId zone, GatewayConfig.TlsFiles tls,
                    Function<Vertx, StaffApi> staffApi) {
        this.vertx = vertx;
        this.health = health;
        this.metrics = metrics;
        this.zone = zone;
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        if (staffApi != null) {
            staffApi.apply(vertx).mount(router);
        }
        router.route().failureHandler(this::failure);
        router.errorHandler(404, this::failure);
        router.errorHandler(405, this::failure);
        HttpServerOptions options = new HttpServerOptions();
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString()));
        }
        boolean https = tls != null;
        this.server = vertx.createHttpServer(options).requestHandler(request -> {
            securityHeaders(request.response().headers(), https);
            router.handle(request);
        });
    }

    /**
     * The one place that sets the security headers: on every answer, before any route runs, so
     * the API's JSON, /health, /metrics, the staff console's pages and assets, 404s and failures
     * all carry them. No framing (clickjacking of the console), no MIME sniffing of JSON as HTML,
     * no referrer leaving the box (URLs name households), resources from the gateway itself only
     * (the console's pages have no inline script or style; images may be data: URLs), no opener
     * across origins, no camera, microphone or location; under HTTPS, HSTS so that a browser that
     * once reached the console over TLS does not fall back to plain HTTP.
     */
    static void securityHeaders(io.vertx.core.MultiMap headers, boolean https) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** Every answer's Content-Security-Policy (the console's needs are the strictest there are). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * Listens on {@code port} (0 picks a free one) on every interface.
     *
     * @throws IOException when the port is taken
     */
    public static HttpApi start(int port, Health health, GatewayMetrics metrics, ZoneId zone) throws IOException {
        return start(new GatewayConfig.HttpSettings(port), health, metrics, zone, null);
    }

    /**
     * Listens on {@code http.host}:{@code http.port} (0 picks a free one), over TLS when
     * {@code http.tls} is given, with the staff API that {@code staffApi} builds (or none).
     *
     * @throws IOException when the port is taken or the certificate cannot be used
     */
    public static HttpApi start(GatewayConfig.HttpSettings http, Health health, GatewayMetrics metrics, ZoneId zone,
                                Function<Vertx, StaffApi> staffApi) throws IOException {
        int port = http.port();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(4) // staff API handlers: SQLite reads, waits for the writer
                .setInternalBlockingPoolSize(2)
                // no .vertx cache folder in the working directory of an edge box
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        HttpApi api;
        try {
            api = new HttpApi(vertx, health, metrics, zone, http.tls(), staffApi);
        } catch (RuntimeException e) {
            vertx.close();
            throw new IOException("HTTP server: " + e.getMessage(), e);
        }
        try {
            api.server.listen(port, http.host()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("HTTP server cannot listen on port " + port + ": " + cause.getMessage()
                    + (port != 0 ? " (is another gateway running? set http.port)" : ""), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IOException("interrupted while starting the HTTP server", e);
        }
        LOG.info("HTTP{} server listening on port {} (/health, /metrics{})", http.tls() != null ? "S" : "", api.port(),
                staffApi != null ? ", the staff API /api" : "");
        return api;
    }

    public int port() {
        return server.actualPort();
    }

    // ------------------------------------------------------------------ routes

    private void health(RoutingContext ctx) {
        String status = health.status();
        boolean up = status.equals("up");
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status);
            for (Map.Entry<String, Health.Check> e : health.components().entrySet()) {
                g.writeFieldName(e.getKey());
                check(g, e.getValue());
            }
            g.writeObjectFieldStart("sources");
            for (Map.Entry<String, Health.Check> e : health.sources().entrySet()) {
                g.writeFieldName(e.getKey());
                check(g, e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(out.toString());
    }

    private void check(JsonGenerator g, Health.Check c) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", c.up() ? "up" : "down");
        if (c.reason() != null) {
            g.writeStringField(c.up() ? "detail" : "reason", c.reason());
        }
        g.writeStringField("since", AlertJson.time(c.since().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), zone));
        g.writeEndObject();
    }

    private void metrics(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape());
    }

    /** The one place where failures become status codes. */
    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        if (t == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        } else if (t instanceof ApiException e) {
            status = e.status();
            if (status == 401) {
                ctx.response().putHeader("www-authenticate", "Bearer");
            }
        } else if (t instanceof RejectedException) {
            status = 404; // the engine does not know the household
        } else if (t instanceof IllegalArgumentException) {
            status = 400;
        } else if (t instanceof TimeoutException) {
            status = 503;
        } else {
            status = 500;
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
        }
        String message = t == null || status == 500 ? statusText(status) : t.getMessage();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(out.toString());
        }
    }

    private static String statusText(int status) {
        switch (status) {
            case 404: return "not found";
            case 405: return "method not allowed";
            case 413: return "request body too large";
            default: return "internal error";
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing Vert.x: {}", e.toString());
        }
    }
}

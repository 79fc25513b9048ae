package org.doorwatch.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP peer on a free loopback port, as OkHttp's MockWebServer: script the answers,
 * let the code under test call it, then verify what it got. Unscripted requests get
 * {@code default} (200 and {@code {"errcode":0,"errmsg":"ok"}} unless changed).
 */
public final class ScriptedReceiver implements AutoCloseable {

    /**
     * One request as received: method, path, raw query, headers (lower-case names), body, and
     * when it arrived (real time: a test on an accelerated clock converts it).
     */
    public record Request(String method, String path, String rawQuery, Map<String, String> headers, String body,
                          java.time.Instant received) {
        /** The decoded query parameters. */
        public Map<String, String> query() {
            return form(rawQuery);
        }

        /** The body as decoded form parameters. */
        public Map<String, String> formBody() {
            return form(body);
        }

        private static Map<String, String> form(String s) {
            Map<String, String> out = new LinkedHashMap<>();
            if (s == null || s.isEmpty()) {
                return out;
            }
            for (String pair : s.split("&")) {
                int eq = pair.indexOf('=');
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** An answer: status, JSON body, and a delay before it (longer than the client's timeout = a timeout). */
    public record Answer(int status, String body, Duration delay) {
        public static Answer json(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }
    }

    /** A request and the answer the script gave it (its delay longer than the client's timeout: no answer). */
    public record Exchange(Request request, Answer answer) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer fallback = Answer.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");

    public ScriptedReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public ScriptedReceiver enqueue(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public ScriptedReceiver otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Every request with the answer it was given, in arrival order. */
    public List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Request request = new Request(x.getRequestMethod(), x.getRequestURI().getRawPath(), x.getRequestURI().getRawQuery(),
                headers, body, java.time.Instant.now());
        requests.add(request);
        Answer a = script.poll();
        if (a == null) {
            a = fallback;
        }
        exchanges.add(new Exchange(request, a));
        try {
            if (!a.delay().isZero()) {
                Thread.sleep(a.delay().toMillis()); // the peer is slow on purpose: the client's timeout is under test
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("content-type", "application/json;charset=UTF-8");
            x.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = x.getResponseBody()) {
                os.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client timed out and closed: nothing to answer
        } finally {
            x.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * One person's browser without the browser: the console over real HTTP with a cookie jar, for
 * the checks that need every page of every role (headers, CSRF, personal data), and the staff
 * API with a bearer token, to see what the pages' actions did.
 */
final class ConsoleClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The CSRF token of the page's forms. */
        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no csrf field in: " + body);
            }
            return m.group(1);
        }
    }

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    ConsoleClient(int port) {
        this("http", port, null);
    }

    ConsoleClient(String scheme, int port, SSLContext ssl) {
        this.base = scheme + "://127.0.0.1:" + port;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    Response get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    Response postForm(String path, Map<String, String> form) {
        return postForm(path, form, Map.of());
    }

    Response postForm(String path, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** Logs in through the login form, as a person would; returns the final answer of the POST. */
    Response login(String name, String password) {
        Response page = get("/login");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", page.csrf());
        form.put("next", "/");
        form.put("name", name);
        form.put("password", password);
        return postForm("/login", form);
    }

    Response loginOk(String name) {
        Response r = login(name, ConsoleSite.PASSWORD);
        if (r.status() != 303) {
            throw new AssertionError("login of " + name + ": " + r.status() + " " + r.body());
        }
        return r;
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The staff API with a bearer token. */
    Response api(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("content-type", "application/json");
        }
        return send(b, Map.of());
    }

    /** A token of the staff API for {@code name} (not through the console). */
    String token(String name) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"password\":\"" + ConsoleSite.PASSWORD + "\"}"));
        Response r = send(b, Map.of());
        if (r.status() != 200) {
            throw new AssertionError("API login of " + name + ": " + r.status() + " " + r.body());
        }
        return r.json().get("token").asText();
    }

    private Response send(HttpRequest.Builder b, Map<String, String> headers) {
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

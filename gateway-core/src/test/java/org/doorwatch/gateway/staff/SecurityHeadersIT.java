package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: every HTTP answer carries the security headers, once each, the API's errors, unknown
 * paths and the staff console's pages and assets included; HSTS only under HTTPS (StaffApiTlsIT), since a browser ignores it over plain HTTP and
 * it would only mislead.
 */
@Timeout(60)
class SecurityHeadersIT {

    @TempDir
    Path dir;

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        Path file = StaffSite.write(dir);
        try (Gateway g = StaffSite.start(file, new ManualClock(Instant.parse("2026-11-22T00:00:00Z")))) {
            int port = g.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/metrics").statusCode() == 200);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<HttpRequest> requests = List.of(
                    get(port, "/health"), get(port, "/metrics"), get(port, "/api/alerts"), get(port, "/no-such-page"),
                    get(port, "/login"), get(port, "/console/console.css"), get(port, "/"),
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"wrong\"}")).build(),
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .DELETE().build());
            for (HttpRequest request : requests) {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                String what = request.method() + " " + request.uri().getPath() + " (" + r.statusCode() + ")";
                // one policy, set in one place: a second header would make the browser enforce both
                assertThat(r.headers().allValues("Content-Security-Policy")).as(what)
                        .containsExactly(HttpApi.CONTENT_SECURITY_POLICY);
                assertThat(HttpApi.CONTENT_SECURITY_POLICY).contains("default-src 'self'", "frame-ancestors 'none'");
                assertThat(r.headers().allValues("X-Frame-Options")).as(what).hasSize(1);
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
                assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
                assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
                assertThat(r.headers().firstValue("Strict-Transport-Security")).as(what).isEmpty();
            }
        }
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
    }
}

package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7, "TLS when a certificate is configured": a login over HTTPS with a certificate made by openssl. */
@Timeout(60)
class StaffApiTlsIT {

    @TempDir
    Path dir;

    @Test
    void theApiSpeaksHttpsWhenACertificateIsConfigured() throws Exception {
        Path file = StaffSite.write(dir);
        TestCertificate cert = TestCertificate.make(dir);
        cert.serveHttpsIn(file);

        try (Gateway g = StaffSite.start(file, new ManualClock(Instant.parse("2026-11-22T00:00:00Z")))) {
            SSLContext ssl = cert.trustingIt();
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + g.httpPort() + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + StaffSite.PASSWORD + "\"}"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"token\"");
            // under HTTPS a browser is told to stay on HTTPS
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            // plain HTTP on the same port is not answered as the API
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            boolean plainWorked;
            try {
                plainWorked = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.httpPort() + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                plainWorked = false;
            }
            assertThat(plainWorked).isFalse();
        }
    }
}

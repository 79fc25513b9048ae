package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance "the live stream delivers a new alert to a subscribed client of the right
 * role only": real server-sent events over HTTP. A forced door in building 3 (routed to property
 * and police) reaches property and police, not community (security alerts only when routed to
 * it); a WARNING reaches property and community, not police (welfare alerts only from VISIT);
 * nothing of building 7 reaches anyone scoped elsewhere; the installer may not subscribe.
 */
@Timeout(120)
class StaffApiStreamIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    /** One subscriber: the alerts it received, in order. */
    private static final class Subscriber {
        final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response;

        List<String> seen() {
            return alerts.stream().map(a -> a.get("rule").asText() + " " + a.get("stage").asText() + " "
                    + a.get("household").asText()).toList();
        }
    }

    @Test
    void newAlertsReachTheRolesThatMaySeeThem() throws Exception {
        ManualClock clock = new ManualClock(T0);
        HttpClient client = HttpClient.newHttpClient();
        try (Gateway g = StaffSite.start(StaffSite.write(dir), clock)) {
            ApiClient api = new ApiClient(g.httpPort());
            Subscriber property = subscribe(client, g.httpPort(), api.token("wang-property"));
            Subscriber community = subscribe(client, g.httpPort(), api.token("zhao-grid"));
            Subscriber police = subscribe(client, g.httpPort(), api.token("li-police"));
            Subscriber admin = subscribe(client, g.httpPort(), api.token("admin"));
            HttpResponse<String> installer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + g.httpPort() + "/api/stream"))
                    .header("Authorization", "Bearer " + api.token("installer-1")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(installer.statusCode()).isEqualTo(403);
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.httpPort() + "/api/stream"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            clock.set(T0.plus(Duration.ofHours(24)));
            StaffSite.tick(g); // a WARNING for each elderly household, to property
            StaffSite.event(g, clock.instant(), "door-7-1-101", EventType.DOOR_FORCED, null);
            StaffSite.event(g, clock.instant(), "door-3-1-101", EventType.DOOR_FORCED, null);

            await("the admin sees everything").atMost(Duration.ofSeconds(20)).until(() -> admin.alerts.size() == 6);
            await("police get the forced door of building 3").atMost(Duration.ofSeconds(20))
                    .until(() -> police.seen().contains("door-forced ALARM 3-1-101"));
            await("property gets its alerts").atMost(Duration.ofSeconds(20)).until(() -> property.alerts.size() == 4);
            await("community gets its alerts").atMost(Duration.ofSeconds(20)).until(() -> community.alerts.size() == 2);
            // police subscribed first and are ordered after the WARNINGs: had they leaked, they would be here
            assertThat(police.seen()).containsExactly("door-forced ALARM 3-1-101");
            assertThat(property.seen()).containsExactlyInAnyOrder("elderly-inactivity WARNING 3-1-101",
                    "elderly-inactivity WARNING 3-1-103", "elderly-inactivity WARNING 5-1-302", "door-forced ALARM 3-1-101");
            assertThat(community.seen()).containsExactlyInAnyOrder("elderly-inactivity WARNING 3-1-101",
                    "elderly-inactivity WARNING 3-1-103");
            assertThat(admin.seen()).contains("door-forced ALARM 7-1-101", "elderly-inactivity WARNING 7-1-101");
            // each event is the alert as MQTT carries it
            JsonNode forced = property.alerts.get(3);
            assertThat(forced.get("channels").toString()).isEqualTo("[\"property\",\"police\"]");
            g.flush().get(5, TimeUnit.SECONDS);
            for (Subscriber s : List.of(property, community, police, admin)) {
                s.response.body().close();
            }
        }
    }

    private static Subscriber subscribe(HttpClient client, int port, String token) throws Exception {
        Subscriber s = new Subscriber();
        s.response = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stream"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(s.response.statusCode()).isEqualTo(200);
        assertThat(s.response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try {
                s.response.body().forEach(line -> {
                    if (line.startsWith("data: ")) {
                        try {
                            s.alerts.add(ApiClient.JSON.readTree(line.substring(6)));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            } catch (Exception e) {
                // the stream closed at the end of the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return s;
    }
}

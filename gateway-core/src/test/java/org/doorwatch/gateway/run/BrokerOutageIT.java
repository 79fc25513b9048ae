package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance "broker outage": Mosquitto is stopped for 60 s while every stage of three
 * households falls due; the gateway keeps raising into its outbox, reconnects on its own, and
 * all 18 deliveries reach a persistent-session subscriber within 10 s of the broker's return.
 */
@Timeout(240)
class BrokerOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everythingThatFellDueDuringTheOutageArrivesWithinTenSecondsOfItsReturn() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), true)) {
            Path file = TestConfigs.write(dir, "url: " + mosquitto.url(), 0, "{ warning: 15s, callBack: 25s, visit: 45s }", 3);
            try (MosquittoSub sub = SiteMqtt.alerts(mosquitto.port(), "staff-console",
                    dir.resolve("sub")).awaitReady(mosquitto.port(), "gw/" + TestConfigs.SITE + "/alerts/probe");
                 Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
                int http = gateway.httpPort();
                await("health up").atMost(Duration.ofSeconds(10)).until(() -> Http.get(http, "/health").statusCode() == 200);

                mosquitto.stop();
                long stoppedAt = System.nanoTime();
                await("broker reported down").atMost(Duration.ofSeconds(10))
                        .until(() -> Http.get(http, "/health").statusCode() == 503);
                assertThat(Http.get(http, "/health").body()).contains("\"broker\":{\"status\":\"down\"");
                await("every stage raised into the outbox meanwhile").atMost(OUTAGE)
                        .until(() -> gateway.outboxPending() == 18);
                long left = OUTAGE.toNanos() - (System.nanoTime() - stoppedAt);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000); // the outage itself, not a wait for an outcome
                }
                assertThat(alerts(sub)).as("nothing arrives while the broker is down").isEmpty();

                mosquitto.start();
                long back = System.nanoTime();
                await("all delivered within 10 s of the broker's return").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> alerts(sub).stream().map(m -> m.topic() + m.json().get("id").asText())
                                .distinct().count() == 18);
                System.out.printf("broker outage: all 18 deliveries arrived %d ms after the broker's return%n",
                        (System.nanoTime() - back) / 1_000_000);
                Map<String, Long> perStage = alerts(sub).stream().distinct().collect(Collectors.groupingBy(
                        m -> m.json().get("stage").asText(), Collectors.counting()));
                assertThat(perStage).containsExactlyInAnyOrderEntriesOf(Map.of("WARNING", 3L, "CALL_BACK", 6L, "VISIT", 9L));
                await("health up again").atMost(Duration.ofSeconds(10))
                        .until(() -> Http.get(http, "/health").statusCode() == 200);
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.outboxPending() == 0);
            }
        }
    }

    private static java.util.List<Received> alerts(MosquittoSub sub) {
        return sub.messages().stream().filter(m -> !m.topic().endsWith("/probe")).toList();
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 6.7 through restarts of the live gateway on the embedded broker, with a clock moved by
 * hand: household state comes back from SQLite, the stages that fell due while the gateway was
 * down are raised once at start-up, and a staff client subscribed with a persistent session
 * before the restart receives them (the embedded broker keeps its sessions).
 */
@Timeout(180)
class RestartIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void stagesDueWhileDownAreRaisedOnceAtStartUp() throws Exception {
        int mqttPort = Ports.free();
        Path file = TestConfigs.write(dir, "embedded: { port: " + mqttPort + " }", 0,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        GatewayConfig config = TestConfigs.load(file);
        ManualClock clock = new ManualClock(T0);
        GatewayOptions options = GatewayOptions.defaults().withClock(clock);

        try (MosquittoSub sub = run(config, options, g -> {
            MosquittoSub s = SiteMqtt.alerts(mqttPort, "staff-console", dir.resolve("sub"))
                    .awaitReady(mqttPort, "gw/" + TestConfigs.SITE + "/alerts/probe");
            clock.advance(Duration.ofHours(25));
            g.wake();
            g.flush().get(10, TimeUnit.SECONDS);
            await("two WARNINGs delivered").atMost(Duration.ofSeconds(20)).until(() -> alerts(s).size() == 2);
            return s;
        })) {
            // down from 25h to 80h: CALL_BACK (48h) and VISIT (72h) fell due meanwhile
            clock.set(T0.plus(Duration.ofHours(80)));
            run(config, options, g -> {
                await("raised at start-up and delivered").atMost(Duration.ofSeconds(30))
                        .until(() -> alerts(sub).size() == 2 + 2 * 2 + 2 * 3);
                assertThat(Http.metric(g.httpPort(), "doorwatch_households{stage=\"VISIT\"}")).isEqualTo(2.0);
                return null;
            });
            List<Received> received = alerts(sub);
            Map<String, Long> perStage = received.stream().collect(Collectors.groupingBy(
                    m -> m.json().get("stage").asText(), Collectors.counting()));
            assertThat(perStage).containsExactlyInAnyOrderEntriesOf(Map.of("WARNING", 2L, "CALL_BACK", 4L, "VISIT", 6L));
            String startUp = "2026-11-25T16:00:00+08:00"; // T0 + 80h in the site's zone
            assertThat(received).filteredOn(m -> !m.json().get("stage").asText().equals("WARNING"))
                    .allSatisfy(m -> assertThat(m.json().get("ts").asText()).isEqualTo(startUp));

            // a third start with nothing due raises and sends nothing
            clock.advance(Duration.ofHours(1));
            run(config, options, g -> {
                g.flush().get(10, TimeUnit.SECONDS);
                assertThat(g.outboxPending()).isZero();
                return null;
            });
            assertThat(alerts(sub)).hasSize(received.size());
        }
    }

    private interface Body<T> {
        T run(Gateway g) throws Exception;
    }

    private static <T> T run(GatewayConfig config, GatewayOptions options, Body<T> body) throws Exception {
        try (Gateway g = Gateway.start(config, options)) {
            await("health up").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(g.httpPort(), "/health").statusCode() == 200);
            return body.run(g);
        }
    }

    /**
     * Each (channel, alert id) once: QoS 1 is at least once, and a broker may send a receiver's
     * persistent session again what it had sent just before it stopped (the embedded broker's
     * store keeps the last acknowledgements of a session only so far); receivers drop those by id
     * (docs/installer-guide.en.md, "Watching alerts"). What this test counts is alerts, not deliveries.
     */
    private static List<Received> alerts(MosquittoSub sub) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return sub.messages().stream().filter(m -> !m.topic().endsWith("/probe"))
                .filter(m -> seen.add(m.topic() + " " + m.json().get("id").asText())).toList();
    }
}

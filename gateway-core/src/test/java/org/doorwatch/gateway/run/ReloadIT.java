package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running gateway takes a saved config (issue 3's reloader, wired into {@code run}): a
 * household and its door added, thresholds shortened. The new door is heard at once, the new
 * household comes under watch at the reload, the old one keeps its L and gets the shorter
 * threshold's stage.
 */
@Timeout(120)
class ReloadIT {

    @TempDir
    Path dir;

    @Test
    void aSavedConfigIsAppliedWithoutARestart() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            gateway.watchConfig();
            int http = gateway.httpPort();
            int port = gateway.brokerPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            // door-h-2 is not in the config yet, nor has it an account: the broker refuses it
            assertThat(SiteMqtt.run("door-h-2", port, TestConfigs.deviceTopic(2),
                    Events.opened(Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8), false,
                    new StringBuilder())).isNotZero();

            TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 3s }", 2);
            await("h-1's WARNING under the new threshold, h-2 under watch").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.metric(http, "doorwatch_households{stage=\"WARNING\"}") == 2.0);
            // the installer added the device and its account: heard without a restart
            await("door-h-2 may publish").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> SiteMqtt.run("door-h-2", port, TestConfigs.deviceTopic(2),
                            Events.opened(Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8), false,
                            new StringBuilder()) == 0);
            await("door-h-2 is heard").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
            assertThat(Http.metric(http, "doorwatch_alerts_raised_total{rule=\"elderly-inactivity\",stage=\"RESOLVED\"}"))
                    .as("h-2's opening resolved its WARNING").isEqualTo(1.0);
        }
    }
}

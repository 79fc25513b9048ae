package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.MosquittoPub;
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
            MosquittoPub.publish(port, TestConfigs.deviceTopic(2), Events.opened(Instant.now()));
            await("door-h-2 is not in the config yet").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_bad_payloads_total{device=\"unknown\",reason=\"unknown-device\",source=\"mqtt\"}") == 1.0);

            TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 3s }", 2);
            await("h-1's WARNING under the new threshold, h-2 under watch").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.metric(http, "doorwatch_households{stage=\"WARNING\"}") == 2.0);
            MosquittoPub.publish(port, TestConfigs.deviceTopic(2), Events.opened(Instant.now()));
            await("door-h-2 is heard").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                    "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}") == 1.0);
            assertThat(Http.metric(http, "doorwatch_alerts_raised_total{rule=\"elderly-inactivity\",stage=\"RESOLVED\"}"))
                    .as("h-2's opening resolved its WARNING").isEqualTo(1.0);
        }
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "never silently dead": a fault injected into the writer's loop (the failpoint, off in
 * the field) — the thread dies, or it blocks for good — makes {@code /health} say down with the
 * reason, and {@code scripts/gateway run} exits 1 for its supervisor (systemd's
 * {@code Restart=on-failure}) to restart it.
 */
@Timeout(180)
class DeadWriterIT {

    private static final String FORCED = "{\"type\":\"DOOR_FORCED\"}";

    @TempDir
    Path dir;

    @Test
    void aDeadWriterMakesHealthSayDownWithTheReason() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        CompletableFuture<String> fatal = new CompletableFuture<>();
        try (Gateway gateway = Gateway.start(TestConfigs.load(file),
                GatewayOptions.defaults().withFailpoint("writer-dies-on:DOOR_FORCED"))) {
            gateway.onFatal(fatal::complete);
            int http = gateway.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
            assertThat(Http.get(http, "/health").body()).contains("\"threads\":{\"status\":\"up\"");

            SiteMqtt.publish(gateway.brokerPort(), TestConfigs.deviceTopic(1), FORCED);

            assertThat(fatal.get(20, TimeUnit.SECONDS)).startsWith("the writer thread died: java.lang.IllegalStateException: "
                    + "failpoint writer-dies-on:DOOR_FORCED");
            java.net.http.HttpResponse<String> health = Http.get(http, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"down\"")
                    .contains("\"threads\":{\"status\":\"down\",\"detail\":\"the writer thread died");
        }
    }

    @Test
    void aStuckWriterIsFoundByItsSilenceAndSoIsTheIngestWaitingForIt() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        CompletableFuture<String> fatal = new CompletableFuture<>();
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults()
                .withFailpoint("writer-hangs-on:DOOR_FORCED").withStuckAfter(Duration.ofSeconds(3)))) {
            gateway.onFatal(fatal::complete);
            int http = gateway.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);

            SiteMqtt.publish(gateway.brokerPort(), TestConfigs.deviceTopic(1), FORCED);

            assertThat(fatal.get(30, TimeUnit.SECONDS)).startsWith("the writer thread has not moved for ");
            assertThat(Http.get(http, "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theLauncherExitsNonZeroWhenTheWriterDies() throws Exception {
        int http = Ports.free();
        int mqtt = Ports.free();
        Path file = TestConfigs.write(dir, "embedded: { port: " + mqtt + " }", http,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        ProcessBuilder pb = new ProcessBuilder(GatewayProcess.ROOT.resolve("scripts/gateway").toString(), "run", "--config",
                file.toString())
                .directory(GatewayProcess.ROOT.toFile())
                .redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(dir.resolve("run.err").toFile());
        pb.environment().put("DOORWATCH_JAVA_EXTRA", "-Ddoorwatch.failpoint=writer-dies-on:DOOR_FORCED");
        Process p = pb.start();
        try {
            await("/health up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Ports.accepting(http) && Http.get(http, "/health").statusCode() == 200);
            assertThat(p.isAlive()).as("stderr: %s", read("run.err")).isTrue();

            SiteMqtt.publish(mqtt, TestConfigs.deviceTopic(1), FORCED);

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ends by itself").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(read("run.err")).contains("run: stopping: the writer thread died: java.lang.IllegalStateException: "
                    + "failpoint writer-dies-on:DOOR_FORCED; exit 1 so that the supervisor restarts the gateway");
        } finally {
            p.destroyForcibly();
        }
    }

    private String read(String name) throws Exception {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}

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

            publishUnacknowledged(gateway.brokerPort());

            assertThat(fatal.get(20, TimeUnit.SECONDS)).startsWith("the writer thread died: java.lang.IllegalStateException: "
                    + "failpoint writer-dies-on:DOOR_FORCED");
            java.net.http.HttpResponse<String> health = Http.get(http, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("{\"status\":\"down\"")
                    .contains("\"threads\":{\"status\":\"down\",\"reason\":\"the writer thread died");
        }
    }

    @Test
    void aStuckWriterIsFoundByItsSilence() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        CompletableFuture<String> fatal = new CompletableFuture<>();
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults()
                .withFailpoint("writer-hangs-on:DOOR_FORCED").withStuckAfter(Duration.ofSeconds(3)))) {
            gateway.onFatal(fatal::complete);
            int http = gateway.httpPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);

            publishUnacknowledged(gateway.brokerPort());

            assertThat(fatal.get(30, TimeUnit.SECONDS)).startsWith("the writer thread has not moved for ");
            assertThat(Http.get(http, "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theLauncherExitsNonZeroWhenTheWriterDies() throws Exception {
        int http = Ports.free();
        int mqtt = Ports.free();
        Process p = launcher(mqtt, http).start();
        try {
            await("/health up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Ports.accepting(http) && Http.get(http, "/health").statusCode() == 200);
            assertThat(p.isAlive()).as("stderr: %s", read("run.err")).isTrue();

            publishUnacknowledged(mqtt);

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ends by itself").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(read("run.err")).contains("run: stopping: the writer thread died: java.lang.IllegalStateException: "
                    + "failpoint writer-dies-on:DOOR_FORCED; exit 1 so that the supervisor restarts the gateway");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void underSystemdTheLauncherSaysReadyFeedsTheWatchdogAndFailsWhenTheWriterDies() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path said = dir.resolve("said");
        Path notify = bin.resolve("systemd-notify");
        Files.writeString(notify, "#!/bin/sh\necho \"$*\" >> '" + said + "'\n");
        notify.toFile().setExecutable(true);
        int http = Ports.free();
        int mqtt = Ports.free();
        ProcessBuilder pb = launcher(mqtt, http);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("NOTIFY_SOCKET", dir.resolve("notify.sock").toString());
        pb.environment().put("WATCHDOG_USEC", "2000000"); // a ping at least every 2 s: we send one a second
        Process p = pb.start();
        try {
            await("READY=1 and two watchdog pings").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || read("said").contains("READY=1")
                            && read("said").split("WATCHDOG=1", -1).length > 2);
            assertThat(p.isAlive()).as("stderr: %s", read("run.err")).isTrue();
            assertThat(read("said")).startsWith("--pid=").contains("READY=1 STATUS=watching 2 households");

            publishUnacknowledged(mqtt);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("Restart=on-failure restarts it").isEqualTo(1);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theUnitFileIsOneSystemdAccepts() throws Exception {
        Path unit = GatewayProcess.ROOT.resolve("config/systemd/doorwatch.service");
        String text = Files.readString(unit);
        assertThat(text).contains("Type=notify\n", "NotifyAccess=all\n", "WatchdogSec=30\n", "Restart=on-failure\n",
                "NoNewPrivileges=yes\n", "ProtectSystem=strict\n", "User=doorwatch\n");
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the only complaint on a build machine: the gateway is not installed in /opt/doorwatch
        assertThat(out.lines().filter(l -> !l.contains("/opt/doorwatch/scripts/gateway is not executable")).toList())
                .as(out).isEmpty();
    }

    /** {@code scripts/gateway run} on a test config with the writer's failpoint set; output in run.out and run.err. */
    private ProcessBuilder launcher(int mqtt, int http) throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: " + mqtt + " }", http,
                "{ warning: 24h, callBack: 48h, visit: 72h }", 2);
        ProcessBuilder pb = new ProcessBuilder(GatewayProcess.ROOT.resolve("scripts/gateway").toString(), "run", "--config",
                file.toString())
                .directory(GatewayProcess.ROOT.toFile())
                .redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(dir.resolve("run.err").toFile());
        pb.environment().put("DOORWATCH_JAVA_EXTRA", "-Ddoorwatch.failpoint=writer-dies-on:DOOR_FORCED");
        return pb;
    }

    /**
     * The embedded broker acknowledges a device's event only once the writer committed it: with the
     * writer dead or stuck the PUBACK never comes (and the device keeps the event), so the publish
     * runs on its own thread and its failure is the expected one.
     */
    private static void publishUnacknowledged(int port) {
        Thread t = new Thread(() -> {
            try {
                SiteMqtt.publish(port, TestConfigs.deviceTopic(1), FORCED);
            } catch (AssertionError expected) {
                // no PUBACK: the writer never committed it
            }
        }, "device-publish");
        t.setDaemon(true);
        t.start();
    }

    private String read(String name) throws Exception {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}

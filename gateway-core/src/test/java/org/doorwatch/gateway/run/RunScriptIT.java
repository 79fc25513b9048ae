package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance "fresh machine": {@code scripts/gateway run} with the default config (a
 * copy, on free ports, its store in a temp folder) starts its embedded broker, /health answers
 * up, and SIGTERM ends it with exit code 0. Nothing but Java is needed: no broker installed.
 */
@Timeout(180)
class RunScriptIT {

    @TempDir
    Path dir;

    @Test
    void theDefaultConfigStartsAndAnswersHealthUp() throws Exception {
        int mqtt = Ports.free();
        int http = Ports.free();
        Path config = copyDefaultConfig(mqtt, http);
        Process p = start(config);
        try {
            await("/health up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Ports.accepting(http) && Http.get(http, "/health").statusCode() == 200);
            assertThat(p.isAlive()).as("stderr: %s", read("run.err")).isTrue();
            String health = Http.get(http, "/health").body();
            assertThat(health).startsWith("{\"status\":\"up\"")
                    .contains("\"broker\":{\"status\":\"up\",\"detail\":\"embedded broker on port " + mqtt)
                    .contains("\"mqtt\":{\"status\":\"up\"");
            assertThat(read("run.out")).contains("gateway running: HTTP port " + http + ", embedded MQTT broker on port " + mqtt);
            assertThat(Files.exists(dir.resolve("data/gateway.db"))).isTrue();
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code after SIGTERM; stderr: %s", read("run.err")).isZero();
        assertThat(read("run.err")).contains("gateway stopped");
    }

    @Test
    void aDamagedStoreIsRefusedWithExitCodeOne() throws Exception {
        Path config = copyDefaultConfig(Ports.free(), Ports.free());
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/gateway.db"), "not a database ".repeat(500));
        Process p = start(config);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(read("run.err")).contains("run: cannot start:").contains("gateway.db")
                .contains("is not an SQLite database").contains("has not changed it");
    }

    private Process start(Path config) throws Exception {
        return new ProcessBuilder(GatewayProcess.ROOT.resolve("scripts/gateway").toString(), "run", "--config", config.toString())
                .directory(GatewayProcess.ROOT.toFile())
                .redirectOutput(dir.resolve("run.out").toFile())
                .redirectError(dir.resolve("run.err").toFile())
                .start();
    }

    /** config/gateway.yml and its households.csv, with free ports and the store in the temp folder. */
    private Path copyDefaultConfig(int mqtt, int http) throws Exception {
        Path root = GatewayProcess.ROOT;
        String yml = Files.readString(root.resolve("config/gateway.yml"), StandardCharsets.UTF_8);
        String changed = yml.replace("embedded: { port: 1883 }", "embedded: { port: " + mqtt + " }")
                .replace("port: 8080", "port: " + http)
                .replace("path: ../data/gateway.db", "path: data/gateway.db");
        assertThat(changed).as("the default config still has the lines this test adapts")
                .isNotEqualTo(yml).contains("port: " + mqtt).contains("port: " + http).contains("path: data/gateway.db");
        Path config = dir.resolve("gateway.yml");
        Files.writeString(config, changed, StandardCharsets.UTF_8);
        Files.copy(root.resolve("config/households.csv"), dir.resolve("households.csv"));
        return config;
    }

    private String read(String name) throws Exception {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}

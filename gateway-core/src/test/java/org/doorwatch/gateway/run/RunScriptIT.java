package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.doorwatch.gateway.testing.DocCommands;
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
 *
 * <p>Issue 21, "docs do not rot": the README's and the guides' commands, read from the documents
 * ({@link DocCommands#find}) and run as written with this test's ports and passwords put in:
 * {@code curl} of /health and /metrics; the installer guides' device and receiver accounts,
 * {@code mosquitto_sub} and {@code mosquitto_pub}; docs/api.md's login, alert list and outcome by
 * {@code curl}. {@code DocsCommandsTest.RUN_BY} names this test for them.
 */
@Timeout(180)
class RunScriptIT {

    private static final Path ROOT = GatewayProcess.ROOT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The guides' {@code $PW}. */
    private String password = "unused";

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

            // the README's first check and docs/operations.md's, as written but for the port
            String healthCommand = DocCommands.find(ROOT, "README.md", "curl -s localhost:8080/health");
            assertThat(DocCommands.find(ROOT, "docs/operations.md", "curl -s localhost:8080/health")).isEqualTo(healthCommand);
            assertThat(shell(DocCommands.replace(healthCommand, "localhost:8080", "localhost:" + http)))
                    .startsWith("{\"status\":\"up\"").contains("\"database\":{\"status\":\"up\"");
            String metrics = shell(DocCommands.replace(DocCommands.find(ROOT, "docs/operations.md", "curl -s localhost:8080/metrics"),
                    "localhost:8080", "localhost:" + http));
            assertThat(metrics.lines().toList()).allMatch(l -> l.startsWith("doorwatch_"))
                    .anyMatch(l -> l.startsWith("doorwatch_households{"));
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

    /**
     * The installer guides' and docs/api.md's commands on the default config, with a receiver
     * account for the property channel, a property staff account and thresholds of seconds
     * instead of days: the accounts made as the guides make them, the receiver subscribed with the
     * guides' {@code mosquitto_sub}, a CALL_BACK answered with docs/api.md's {@code curl} lines
     * (in-hospital: AWAY, so RESOLVED), and the guides' {@code mosquitto_pub} door opening
     * resolving the other household's escalation, both RESOLVEDs arriving at the subscriber.
     */
    @Test
    void theGuidesCommandsRunAgainstTheDefaultConfig() throws Exception {
        int mqtt = Ports.free();
        int http = Ports.free();
        Path config = copyDefaultConfig(mqtt, http);
        String yml = Files.readString(config, StandardCharsets.UTF_8);
        yml = DocCommands.replace(yml, "inactivity: { warning: 24h, callBack: 48h, visit: 72h }",
                "inactivity: { warning: 10s, callBack: 15s, visit: 1h }");
        yml = DocCommands.replace(yml, "    - { name: admin, roles: [admin] }\n",
                "    - { name: admin, roles: [admin] }\n    - { name: wang-property, roles: [property] }\n");
        Files.writeString(config, yml + "\nchannels:\n  property: { readers: [property-office] }\n", StandardCharsets.UTF_8);
        password = "doc-commands-" + Ports.free();
        String pw = password;

        // accounts: the English guide's lines (the default config's) and the Chinese guide's add-user line
        for (String account : List.of("scripts/gateway add-mqtt-user door-3-2-501", "scripts/gateway add-mqtt-user property-office")) {
            String line = DocCommands.find(ROOT, "docs/installer-guide.en.md", account);
            assertThat(line).isEqualTo(account);
            assertThat(shell(line + " --config " + config, pw + "\n")).contains(account.substring(account.lastIndexOf(' ') + 1));
        }
        shell(DocCommands.replace(DocCommands.find(ROOT, "docs/installer-guide.zh.md", "scripts/gateway add-user wang-property"),
                "/etc/doorwatch/gateway.yml", config.toString()), pw + "\n");

        Process p = start(config);
        Process sub = null;
        try {
            await("/health up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Ports.accepting(http) && Http.get(http, "/health").statusCode() == 200);
            assertThat(p.isAlive()).as("stderr: %s", read("run.err")).isTrue();

            // the receiver, as both guides show it
            String subscribe = DocCommands.find(ROOT, "docs/installer-guide.en.md", "mosquitto_sub -h 127.0.0.1 -p 1883 -u property-office");
            assertThat(DocCommands.find(ROOT, "docs/installer-guide.zh.md", "mosquitto_sub -h 127.0.0.1 -p 1883 -u property-office"))
                    .isEqualTo(subscribe);
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + DocCommands.replace(subscribe, "-p 1883", "-p " + mqtt))
                    .redirectOutput(dir.resolve("sub.out").toFile()).redirectError(dir.resolve("sub.err").toFile());
            pb.environment().put("PW", pw);  // the guides' "$PW": one password for the device and the receiver
            sub = pb.start();
            // subscribed once an alert comes through: a forced door (an ALARM to property at once,
            // no activity for the escalation) sent with the guides' mosquitto_pub until one arrives
            String publish = DocCommands.find(ROOT, "docs/installer-guide.en.md", "mosquitto_pub -h 127.0.0.1 -p 1883 -u door-3-2-501");
            assertThat(DocCommands.find(ROOT, "docs/installer-guide.zh.md", "mosquitto_pub -h 127.0.0.1 -p 1883 -u door-3-2-501"))
                    .isEqualTo(publish);
            String forced = DocCommands.replace(DocCommands.replace(publish, "-p 1883", "-p " + mqtt), "DOOR_OPENED", "DOOR_FORCED");
            await("the receiver subscribed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (read("sub.out").contains("\"rule\":\"door-forced\"")) {
                    return true;
                }
                shell(forced);
                return false;
            });

            // docs/api.md: log in, list the open CALL_BACKs, record an outcome
            String token = JSON.readTree(shell(DocCommands.replace(DocCommands.replace(
                    DocCommands.find(ROOT, "docs/api.md", "curl -s -XPOST localhost:8080/api/login"),
                    "localhost:8080", "localhost:" + http), "\"password\":\"…\"", "\"password\":\"" + pw + "\""))).get("token").asText();
            String list = DocCommands.replace(DocCommands.replace(
                    DocCommands.find(ROOT, "docs/api.md", "localhost:8080/api/alerts?state=open&stage=CALL_BACK"),
                    "localhost:8080", "localhost:" + http), "Xq3…", token);
            Map<String, String> callBacks = new HashMap<>();
            await("CALL_BACKs of 3-2-501 and 3-2-502").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (JsonNode a : JSON.readTree(shell(list)).get("alerts")) {
                    assertThat(a.get("stage").asText()).isEqualTo("CALL_BACK");
                    callBacks.put(a.get("household").asText(), a.get("id").asText());
                }
                return callBacks.containsKey("3-2-501") && callBacks.containsKey("3-2-502");
            });
            String outcome = DocCommands.replace(DocCommands.replace(DocCommands.replace(
                    DocCommands.find(ROOT, "docs/api.md", "-XPOST localhost:8080/api/alerts/<id>/outcome"),
                    "localhost:8080", "localhost:" + http), "Xq3…", token), "<id>", callBacks.get("3-2-502"));
            JsonNode answer = JSON.readTree(shell(outcome));
            assertThat(answer.get("code").asText()).as(answer.toString()).isEqualTo("in-hospital");
            assertThat(answer.get("effect").asText()).isEqualTo("AWAY");

            // the device, as both guides show it: a door opening ends 3-2-501's escalation
            shell(DocCommands.replace(publish, "-p 1883", "-p " + mqtt));

            Process subscriber = sub;
            await("both RESOLVEDs at the receiver").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !subscriber.isAlive() || resolved("3-2-501", "门已打开") && resolved("3-2-502", null));
            assertThat(subscriber.isAlive()).as("mosquitto_sub: %s", read("sub.err")).isTrue();
            assertThat(read("sub.out")).startsWith("gw/shengli-road/alerts/property {");
        } finally {
            if (sub != null) {
                sub.destroy();
            }
            p.destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("stderr: %s", read("run.err")).isZero();
    }

    /** Whether the subscriber got a RESOLVED of {@code household} (whose text contains {@code text}, if given). */
    private boolean resolved(String household, String text) throws Exception {
        return read("sub.out").lines().anyMatch(l -> l.contains("\"household\":\"" + household + "\"")
                && l.contains("\"stage\":\"RESOLVED\"") && (text == null || l.contains(text)));
    }

    /** A documented command, in the repository root, with the password in $PW. */
    private String shell(String command) throws Exception {
        return shell(command, "");
    }

    private String shell(String command, String stdin) throws Exception {
        return DocCommands.shell(ROOT, Map.of("PW", password), stdin, Duration.ofSeconds(120), command);
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

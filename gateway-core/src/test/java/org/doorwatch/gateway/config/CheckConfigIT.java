package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/gateway check-config} as an installer runs it, from the repository root.
 *
 * <p>Every YAML file under {@code config/} is a gateway config and must pass. A YAML file there
 * that is not a gateway config (a simulator scenario, say) must be named {@code *.data.yml}
 * (or {@code .data.yaml}); this test skips only those.
 */
class CheckConfigIT {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyConfigInTheRepositoryPasses() throws Exception {
        List<Path> configs;
        try (Stream<Path> files = Files.walk(ROOT.resolve("config"))) {
            configs = files.filter(Files::isRegularFile)
                    .map(p -> ROOT.relativize(p))
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.toString().endsWith(".data.yml") && !p.toString().endsWith(".data.yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(configs).contains(Path.of("config/gateway.yml"), Path.of("config/examples/full.yml"));
        for (Path config : configs) {
            Result r = checkConfig("--config", config.toString());
            assertThat(r.exit).as("%s; stderr: %s", config, r.err).isZero();
            assertThat(r.out).as(config.toString()).startsWith(config + ": OK\n");
            assertThat(r.err).as(config.toString()).isEmpty();
        }
    }

    @Test
    void theDefaultConfigIsCheckedWithoutOptions() throws Exception {
        Result r = checkConfig();
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).startsWith("config/gateway.yml: OK\n").contains("households: 12,");
    }

    @Test
    void threeMistakesPrintThreeLinesAndExitTwo() throws Exception {
        Path config = dir.resolve("gateway.yml");
        Files.writeString(config, """
                site: { id: shengli-road }
                policies:
                  elderly-living-alone:
                    inactivity: { warning: 24 hours, callBack: 48h }
                households:
                  - { id: "3-2-501", polcy: elderly-living-alone }
                devices:
                  - { id: door-3-2-501, household: "3-2-510" }
                """, StandardCharsets.UTF_8);

        Result r = checkConfig("--config", config.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.lines().toList()).containsExactly(
                config + ":4:28: policies.elderly-living-alone.inactivity.warning: bad duration '24 hours'; "
                        + "expected a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)",
                config + ":6:22: unknown key 'polcy' in 'households[0]' (did you mean 'policy'?)",
                config + ":8:36: devices[0].household: unknown household '3-2-510' (did you mean '3-2-501'?)");
    }

    @Test
    void routeQueryThroughTheLauncher() throws Exception {
        Result r = checkConfig("--config", "config/examples/full.yml", "--route", "elderly-inactivity/VISIT", "household=3-2-501");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out.lines().findFirst()).contains(
                "elderly-inactivity/VISIT household=3-2-501 -> property, community, police, family-app");
        assertThat(r.out).doesNotContain("example-secret-change-me");
    }

    private record Result(int exit, String out, String err) {}

    private Result checkConfig(String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new java.util.ArrayList<>(List.of("scripts/gateway", "check-config"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("check-config finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}

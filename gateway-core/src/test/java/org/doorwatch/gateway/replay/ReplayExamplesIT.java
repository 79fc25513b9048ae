package org.doorwatch.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The golden replay scenarios of config/examples, run the way a user runs them: through
 * {@code scripts/gateway replay} from the repository root; stdout byte for byte against the
 * example's expected-alerts.jsonl.
 *
 * <ul>
 *   <li>{@code replay}: the elderly escalation over three days, with one bad line;</li>
 *   <li>{@code rules}: every SPEC section 7 rule over one night (also proven in the engine
 *       alone by alert-rules' RulesExampleTest);</li>
 *   <li>{@code routine}: routine deviation (SPEC 11) learned from three weeks of two
 *       households' doors, then a NOTICE hours before the WARNING (RoutineExampleTest).</li>
 * </ul>
 */
class ReplayExamplesIT {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();

    @ParameterizedTest(name = "config/examples/{0}")
    @CsvSource(delimiter = '|', value = {
        "replay | 2026-11-25T12:00:00+08:00 | config/examples/replay/events.jsonl:7: not JSON",
        "rules  | 2026-11-23T06:00:00+08:00 | 35 events applied, 0 bad lines skipped, 12 alerts",
        "routine | 2026-11-23T00:00:00+08:00 | 144 events applied, 0 bad lines skipped, 4 alerts",
    })
    void theExampleReplaysToItsExpectedAlerts(String example, String until, String onStderr) throws Exception {
        Path dir = Path.of("config/examples", example);
        Path out = Files.createTempFile("replay-" + example, ".out");
        Path err = Files.createTempFile("replay-" + example, ".err");
        Process p = new ProcessBuilder("scripts/gateway", "replay",
                "--config", dir.resolve("gateway.yml").toString(),
                "--events", dir.resolve("events.jsonl").toString(),
                "--until", until)
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("replay finished").isTrue();

        assertThat(p.exitValue()).as("exit code; stderr: %s", read(err)).isZero();
        assertThat(read(out)).isEqualTo(read(ROOT.resolve(dir).resolve("expected-alerts.jsonl")));
        assertThat(read(err)).contains(onStderr);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}

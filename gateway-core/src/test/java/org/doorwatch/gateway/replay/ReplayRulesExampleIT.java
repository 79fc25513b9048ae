package org.doorwatch.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The golden replay scenario of config/examples/rules (every SPEC section 7 rule over one
 * night), run the way a user runs it: through {@code scripts/gateway replay} from the
 * repository root. Byte for byte, stdout against expected-alerts.jsonl, nothing on stderr but
 * the summary.
 * The same files are proven in the engine alone by alert-rules' RulesExampleTest.
 */
class ReplayRulesExampleIT {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();

    @Test
    void theRulesExampleReplaysToItsExpectedAlerts() throws Exception {
        Path out = Files.createTempFile("replay-rules", ".out");
        Path err = Files.createTempFile("replay-rules", ".err");
        Process p = new ProcessBuilder("scripts/gateway", "replay",
                "--config", "config/examples/rules/gateway.yml",
                "--events", "config/examples/rules/events.jsonl",
                "--until", "2026-11-23T06:00:00+08:00")
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("replay finished").isTrue();

        assertThat(p.exitValue()).as("exit code; stderr: %s", read(err)).isZero();
        assertThat(read(out)).isEqualTo(read(ROOT.resolve("config/examples/rules/expected-alerts.jsonl")));
        assertThat(read(err)).contains("35 events applied, 0 bad lines skipped, 12 alerts");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}

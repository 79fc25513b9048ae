package org.doorwatch.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The golden replay scenario of config/examples/replay, run the way a user runs it: through
 * {@code scripts/gateway replay} from the repository root.
 */
class ReplayExampleIT {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();

    @Test
    void theExampleReplaysToItsExpectedAlerts() throws Exception {
        Path out = Files.createTempFile("replay", ".out");
        Path err = Files.createTempFile("replay", ".err");
        Process p = new ProcessBuilder("scripts/gateway", "replay",
                "--config", "config/examples/replay/gateway.yml",
                "--events", "config/examples/replay/events.jsonl",
                "--until", "2026-11-25T12:00:00+08:00")
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("replay finished").isTrue();

        assertThat(p.exitValue()).as("exit code; stderr: %s", read(err)).isZero();
        assertThat(read(out)).isEqualTo(read(ROOT.resolve("config/examples/replay/expected-alerts.jsonl")));
        assertThat(read(err)).contains("config/examples/replay/events.jsonl:7: not JSON");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}

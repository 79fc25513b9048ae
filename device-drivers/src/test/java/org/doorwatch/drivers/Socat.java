package org.doorwatch.drivers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A pair of linked ptys from socat, with unique link names: what one end writes the other reads,
 * like the two ends of a null-modem cable. Killing socat removes both ptys (a pulled USB adapter);
 * starting it again makes new ptys behind the same link names.
 */
final class Socat implements AutoCloseable {
    final Path a;
    final Path b;
    private final Path log;
    private Process process;

    Socat(String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.a = Path.of("/tmp", "dw-" + id + "-a");
        this.b = Path.of("/tmp", "dw-" + id + "-b");
        this.log = Path.of("/tmp", "dw-" + id + ".socat.log");
    }

    Socat start() throws IOException {
        process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("socat links " + a + ", " + b).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(a) && Files.exists(b));
        return this;
    }

    /** Ends socat: both ptys disappear. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        } catch (IOException e) {
            // socat removes its links itself on SIGTERM; this only tidies after a SIGKILL
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        Files.deleteIfExists(log);
    }
}

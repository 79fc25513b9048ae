package org.doorwatch.gateway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two linked ptys from {@code socat} behind fixed link names (a null-modem cable): the gateway
 * opens {@link #gatewayEnd}, the test plays the device on {@link #deviceEnd}. {@link #kill()}
 * makes both ptys vanish, like a pulled USB adapter; {@link #start()} again makes new ptys behind
 * the same names, like the adapter plugged back in.
 */
public final class SocatPair implements AutoCloseable {
    public final Path gatewayEnd;
    public final Path deviceEnd;
    private final Path log;
    private Process process;

    public SocatPair(Path dir, String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.gatewayEnd = dir.resolve(id + "-gw");
        this.deviceEnd = dir.resolve(id + "-dev");
        this.log = dir.resolve(id + ".socat.log");
    }

    public SocatPair start() throws IOException {
        process = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + gatewayEnd, "pty,raw,echo=0,link=" + deviceEnd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("socat links " + gatewayEnd + ", " + deviceEnd).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(gatewayEnd) && Files.exists(deviceEnd));
        return this;
    }

    /** Writes text to the device end, as a reader printing it. */
    public void print(String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(deviceEnd)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Ends socat: both ptys disappear. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
        try {
            Files.deleteIfExists(gatewayEnd);
            Files.deleteIfExists(deviceEnd);
        } catch (IOException e) {
            // socat removes its links itself on SIGTERM; this only tidies up after a SIGKILL
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}

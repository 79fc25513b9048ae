package org.doorwatch.testpeers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A null-modem cable made of two linked pseudo-terminals from {@code socat}, behind two link names:
 * the code under test (the gateway, a driver) opens {@link #gatewayEnd()}, the peer that plays the
 * device (a test, the simulator) writes to {@link #deviceEnd()}. What one end writes the other
 * reads.
 *
 * <p>{@link #kill()} ends socat, so both ptys vanish like a pulled USB adapter; {@link #start()}
 * again makes new ptys behind the same names, like the adapter plugged back in. A pty ignores the
 * baud rate (PITFALLS): whoever needs line speed paces itself.
 */
public final class PtyPair implements AutoCloseable {

    private static final Duration LINKS_WAIT = Duration.ofSeconds(10);

    private final Path gatewayEnd;
    private final Path deviceEnd;
    private Path log;
    private Process socat;

    private PtyPair(Path gatewayEnd, Path deviceEnd) {
        this.gatewayEnd = gatewayEnd;
        this.deviceEnd = deviceEnd;
    }

    /** A pair with unique link names {@code <dir>/<name>-<random>-gw} and {@code -dev}; not started. */
    public static PtyPair in(Path dir, String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new PtyPair(dir.resolve(id + "-gw"), dir.resolve(id + "-dev"));
    }

    /** A pair with unique link names in the temp folder ({@code dw-<name>-<random>-gw}, {@code -dev}); not started. */
    public static PtyPair inTemp(String name) {
        return in(Path.of(System.getProperty("java.io.tmpdir")), "dw-" + name);
    }

    /** A pair behind the given link names (the path a gateway config names, say); not started. */
    public static PtyPair at(Path gatewayEnd, Path deviceEnd) {
        return new PtyPair(gatewayEnd, deviceEnd);
    }

    public Path gatewayEnd() {
        return gatewayEnd;
    }

    public Path deviceEnd() {
        return deviceEnd;
    }

    /**
     * Starts socat and returns once both links exist. A symbolic link left at either name (by a
     * socat that was killed) is replaced; anything else there is refused rather than deleted.
     */
    public synchronized PtyPair start() throws IOException {
        if (socat != null) {
            throw new IllegalStateException("socat already runs for " + gatewayEnd + " <-> " + deviceEnd);
        }
        for (Path p : new Path[] {gatewayEnd, deviceEnd}) {
            Files.createDirectories(p.toAbsolutePath().getParent());
            if (Files.isSymbolicLink(p)) {
                Files.delete(p);
            } else if (Files.exists(p)) {
                throw new IOException(p + " exists and is not a link socat made; give the pty pair a path it may create");
            }
        }
        if (log == null) {
            log = Files.createTempFile("dw-socat-", ".log");
        }
        Process p;
        try {
            p = new ProcessBuilder("socat", "-d", "-d",
                    "pty,raw,echo=0,link=" + gatewayEnd, "pty,raw,echo=0,link=" + deviceEnd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot start socat to make a pty pair (Debian: apt-get install -y socat): "
                    + e.getMessage(), e);
        }
        try {
            await("socat links " + gatewayEnd + ", " + deviceEnd).atMost(LINKS_WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(gatewayEnd) && Files.exists(deviceEnd) || !p.isAlive());
        } catch (ConditionTimeoutException e) {
            // fall through: reported below with socat's own words
        }
        if (!(p.isAlive() && Files.exists(gatewayEnd) && Files.exists(deviceEnd))) {
            p.destroyForcibly();
            throw new IOException("socat did not make " + gatewayEnd + " and " + deviceEnd + ": " + Files.readString(log));
        }
        socat = p;
        return this;
    }

    /** Writes text (UTF-8) to the device end, as a reader printing it. */
    public void print(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes to the device end. */
    public void write(byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(deviceEnd)) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Ends socat: both ptys disappear. Does nothing if it is not running. */
    public synchronized void kill() throws InterruptedException {
        if (socat == null) {
            return;
        }
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        socat = null;
        try {
            Files.deleteIfExists(gatewayEnd);
            Files.deleteIfExists(deviceEnd);
        } catch (IOException e) {
            // socat removes its links itself on SIGTERM; this only tidies up after a SIGKILL
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        kill();
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temp file; the system cleans it up
            }
            log = null;
        }
    }
}

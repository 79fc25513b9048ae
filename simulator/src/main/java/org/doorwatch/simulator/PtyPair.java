package org.doorwatch.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A null-modem cable made of two linked pseudo-terminals (socat): the gateway opens
 * {@link #gatewayEnd}, the path its config names; the simulator opens {@link #simulatorEnd}.
 */
final class PtyPair implements AutoCloseable {

    final Path gatewayEnd;
    final Path simulatorEnd;
    private final Process socat;

    private PtyPair(Path gatewayEnd, Path simulatorEnd, Process socat) {
        this.gatewayEnd = gatewayEnd;
        this.simulatorEnd = simulatorEnd;
        this.socat = socat;
    }

    /** Makes the pair; {@code gatewayEnd} must not exist (a stale link of a previous run is replaced). */
    static PtyPair create(Path gatewayEnd) throws IOException, InterruptedException {
        Path simulatorEnd = gatewayEnd.resolveSibling(gatewayEnd.getFileName() + ".sim");
        Files.createDirectories(gatewayEnd.toAbsolutePath().getParent());
        for (Path p : new Path[] {gatewayEnd, simulatorEnd}) {
            if (Files.isSymbolicLink(p)) {
                Files.delete(p); // a link left by a run that was killed
            } else if (Files.exists(p)) {
                throw new IOException(p + " exists and is not a link of ours; give the port a path the simulator may create");
            }
        }
        Process socat;
        try {
            socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + gatewayEnd, "pty,raw,echo=0,link=" + simulatorEnd)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("cannot start socat to make a pty pair (Debian: apt-get install -y socat): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(Files.exists(gatewayEnd) && Files.exists(simulatorEnd))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                socat.destroyForcibly();
                throw new IOException("socat did not make " + gatewayEnd + " and " + simulatorEnd);
            }
            TimeUnit.MILLISECONDS.sleep(20); // waiting for a child process, not for a test outcome
        }
        return new PtyPair(gatewayEnd, simulatorEnd, socat);
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
        }
    }
}

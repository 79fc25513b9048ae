package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged gateway (the fat jar behind {@code scripts/gateway}) as a separate JVM. */
public final class GatewayProcess implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();
    public static final Path JAR = ROOT.resolve("gateway-core/target/doorwatch-gateway.jar");

    private final Process process;
    private final Path out;
    private final Path err;

    private GatewayProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** {@code java -jar doorwatch-gateway.jar run --config FILE [extra...]}, output to files in {@code logs}. */
    public static GatewayProcess run(Path config, Path logs, String name, String... extra) throws IOException {
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dfile.encoding=UTF-8", "-jar", JAR.toString(), "run", "--config", config.toString()));
        cmd.addAll(List.of(extra));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new GatewayProcess(p, out, err);
    }

    public boolean isRunning() {
        return stdout().contains("gateway running");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(out);
    }

    public String stderr() {
        return read(err);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The exit code once the process ended by itself within {@code seconds}; else an AssertionError. */
    public int exitCode(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway still runs after " + seconds + " s");
        }
        return process.exitValue();
    }

    /** SIGTERM, then the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package org.doorwatch.testpeers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto on a free loopback port, with the limits PITFALLS says to raise (its
 * defaults drop QoS 1 messages under a burst and keep only 1,000 for an offline client). It can
 * be stopped and started again on the same port; with persistence its sessions and queued
 * messages survive that.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final Path conf;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port, boolean persistence) throws IOException {
        this(dir, port, persistence, List.of("allow_anonymous true"));
    }

    private Mosquitto(Path dir, int port, boolean persistence, List<String> access) throws IOException {
        this.dir = dir;
        this.port = port;
        this.conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                String.join("\n", access),
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                "max_inflight_messages 1000",
                "persistence " + persistence,
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "user root",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                "log_type notice",
                ""));
    }

    public static Mosquitto start(Path dir, boolean persistence) throws IOException {
        Files.createDirectories(dir);
        Mosquitto m = new Mosquitto(dir, Ports.free(), persistence);
        m.start();
        return m;
    }

    /** A Mosquitto that refuses anonymous clients, with the given {@code password_file} and {@code acl_file}. */
    public static Mosquitto startWithAccounts(Path dir, Path passwordFile, Path aclFile) throws IOException {
        Files.createDirectories(dir);
        Mosquitto m = new Mosquitto(dir, Ports.free(), false, List.of("allow_anonymous false",
                "password_file " + passwordFile.toAbsolutePath(), "acl_file " + aclFile.toAbsolutePath()));
        m.start();
        return m;
    }

    public static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    public synchronized void start() throws IOException {
        process = new ProcessBuilder(binary(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile())
                .start();
        await("mosquitto listening on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Ports.accepting(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")));
        }
    }

    /** SIGTERM: Mosquitto saves its persistence file and closes every connection. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

package org.doorwatch.gateway.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.ISessionsRepository;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.persistence.H2Builder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MQTT broker of the default config (Moquette): devices and staff tools connect
 * to it like to any broker, and so does the gateway itself, through Paho.
 *
 * <p>Settings that matter, each chosen on purpose:
 * <ul>
 *   <li>{@code telemetry_enabled=false}: Moquette otherwise reports to its authors' server at
 *       start-up; an edge box in a security room calls nobody.</li>
 *   <li>persistence in {@code dataFolder} (H2 MVStore, committed every second): sessions,
 *       subscriptions and messages queued for offline clients survive a restart, so an alert
 *       raised at start-up reaches a staff client that subscribed before the restart. (The
 *       "segmented" queues of Moquette 0.17 write their index only on a clean shutdown, so
 *       they are not used.) The broker's store is not the gateway's truth, SQLite is: a store
 *       that does not open is moved aside and the broker starts empty.</li>
 *   <li>{@code session_queue_size}: the queue of routing commands per broker thread; at the
 *       default 1,024 a burst of publishes overflows it and messages are dropped.</li>
 *   <li>{@code netty.mqtt.message_size}: above the gateway's own 16 KiB limit, so an oversized
 *       payload reaches the gateway and is counted instead of silently closing the device's
 *       connection.</li>
 * </ul>
 * Moquette 0.17 keeps at most 10 unacknowledged QoS 1 messages in flight per session (a
 * constant); the gateway acknowledges after each commit, so this bounds ingest by the commit
 * time. BENCHMARKS.md measures it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int SESSION_QUEUE_SIZE = 1 << 17;
    /** How often the broker's store commits; a crash loses at most about this much broker state. */
    public static final int AUTOSAVE_SECONDS = 1;

    private final Server server;
    private final int port;

    private EmbeddedBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker on {@code host}:{@code port} (0 picks a free port).
     *
     * @throws IOException when the port is taken or the broker cannot start
     */
    public static EmbeddedBroker start(String host, int port, Path dataFolder) throws IOException {
        if (port == 0) {
            return startOnAFreePort(host, dataFolder);
        }
        try {
            return startOnce(host, port, dataFolder);
        } catch (PortTaken e) {
            throw e;
        } catch (IOException e) {
            if (!Files.exists(dataFolder)) {
                throw e;
            }
            // The broker's store is not the gateway's truth (SQLite is); never let it keep the
            // gateway down.
            Path aside = dataFolder.resolveSibling(dataFolder.getFileName() + ".broken-" + System.currentTimeMillis());
            LOG.error("the embedded broker does not start on its store {} ({}); moving the store to {} and starting "
                    + "with an empty one: staff clients must subscribe again", dataFolder, e.getMessage(), aside);
            Files.move(dataFolder, aside);
            return startOnce(host, port, dataFolder);
        }
    }

    /**
     * Port 0: we pick the free port. Moquette would bind it too, but it records the bound port
     * from its event loop into a plain HashMap that {@code getPort()} reads concurrently
     * (measured: a ConcurrentModificationException); a port we chose is known without asking.
     */
    private static EmbeddedBroker startOnAFreePort(String host, Path dataFolder) throws IOException {
        PortTaken last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            try {
                return start(host, port, dataFolder);
            } catch (PortTaken e) {
                last = e; // somebody took it in between; another one
            }
        }
        throw last;
    }

    /** The port is in use: a config or operations problem, not the broker's store. */
    static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static EmbeddedBroker startOnce(String host, int port, Path dataFolder) throws IOException {
        Files.createDirectories(dataFolder);
        repairSessionsAfterCrash(dataFolder);
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, host);
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataFolder.toAbsolutePath().toString());
        p.setProperty(IConfig.PERSISTENT_QUEUE_TYPE_PROPERTY_NAME, "h2");
        p.setProperty(BrokerConstants.AUTOSAVE_INTERVAL_PROPERTY_NAME, Integer.toString(AUTOSAVE_SECONDS));
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, Integer.toString(SESSION_QUEUE_SIZE));
        p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "0");
        // mosquitto_sub and many device SDKs connect with an empty client id and a clean session
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of());
        } catch (RuntimeException e) {
            try {
                server.stopServer();
            } catch (RuntimeException ignored) {
                // it did not start; there is nothing to stop
            }
            String root = rootMessage(e);
            if (root.toLowerCase(java.util.Locale.ROOT).contains("address already in use")
                    || String.valueOf(e.getMessage()).contains("Cannot bind")) {
                throw new PortTaken("embedded MQTT broker cannot listen on " + host + ":" + port + ": " + root
                        + " (is another broker or gateway using port " + port
                        + "? set mqtt.embedded.port, or mqtt.url to use that broker)", e);
            }
            throw new IOException("embedded MQTT broker cannot start: " + root, e);
        }
        LOG.info("embedded MQTT broker listening on {}:{}", host, port);
        return new EmbeddedBroker(server, port);
    }

    /**
     * Moquette 0.17 saves a persistent session without its expiry time and fills that in only
     * at a clean shutdown; after a crash it then refuses to start ("Can't track for expiration
     * a session without expiry instant"). Before starting it, we do what its clean shutdown
     * would have done, through its own public store classes: give every such session its
     * expiry (never, for MQTT 3.1.1 persistent sessions).
     *
     * <p>Repeated until a fresh open finds nothing to repair: after a crash, the first open of
     * the H2 store may recover an older version than a later open does (measured: the repair
     * was there, then gone), so one pass is not proof. Gives up after a few passes; the caller
     * then falls back to an empty broker store.
     */
    static void repairSessionsAfterCrash(Path dataFolder) {
        if (!Files.exists(dataFolder.resolve("moquette_store.h2"))) {
            return;
        }
        for (int pass = 1; pass <= 5; pass++) {
            int repaired = repairOnce(dataFolder);
            if (repaired == 0) {
                return;
            }
            LOG.info("embedded broker: {} sessions left by an unclean stop were repaired (pass {})", repaired, pass);
        }
        LOG.warn("embedded broker: its store still shows unrepaired sessions after 5 passes");
    }

    private static int repairOnce(Path dataFolder) {
        ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
        try {
            H2Builder store = new H2Builder(unused, dataFolder, 3600, java.time.Clock.systemUTC()).initStore();
            try {
                ISessionsRepository sessions = store.sessionsRepository();
                int repaired = 0;
                for (ISessionsRepository.SessionData s : List.copyOf(sessions.list())) {
                    if (s.expireAt().isEmpty()) {
                        sessions.saveSession(s.withExpirationComputed());
                        repaired++;
                    }
                }
                return repaired;
            } finally {
                store.closeStore();
            }
        } catch (RuntimeException e) {
            LOG.warn("embedded broker: checking its store after an unclean stop failed: {}", e.toString());
            return 0;
        } finally {
            unused.shutdownNow();
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopServer();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}

package org.doorwatch.gateway.mqtt;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorwatch.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MQTT broker of the default config: HiveMQ Community Edition, embedded. Devices,
 * receivers and the gateway itself connect to it like to any broker; who may do what is
 * {@link BrokerGuard}'s (SPEC 10: accounts, topic permissions, reserved client ids).
 *
 * <p>Chosen over Moquette 0.17 by measurement (BENCHMARKS.md, "The embedded broker"): Moquette
 * keeps at most 10 unacknowledged messages per session (a constant), which capped durable ingest
 * at about a third of Mosquitto's, counted redeliveries twice and wedged on 1 MB payloads.
 * Settings that matter, each on purpose:
 * <ul>
 *   <li>in-flight window {@value #INFLIGHT_WINDOW} per session (HiveMQ's default is 50), for
 *       receivers catching up on a backlog of alerts.</li>
 *   <li>queued messages per persistent session {@value #MAX_QUEUED} (HiveMQ's default is 1,000,
 *       after which new ones are dropped): the gateway's ingest session must hold a burst, or
 *       a restart's backlog, without losing events.</li>
 *   <li>{@code max-packet-size} = {@code mqtt.embedded.maxMessageBytes}: a bigger packet is
 *       refused before it is read (the sender is disconnected, as MQTT prescribes) and counted
 *       by the gateway as {@code oversized}; it never reaches the broker's queues.</li>
 *   <li>file persistence in {@code dataFolder}: sessions, subscriptions and queued messages
 *       survive a restart. The broker's store is not the gateway's truth, SQLite is: a store
 *       that does not open is moved aside and the broker starts empty.</li>
 *   <li>4 persistence buckets instead of 64: each bucket is a store with its own files and
 *       caches; a community's few thousand sessions need no more (memory, start-up). Xodus for
 *       payloads and retained messages instead of RocksDB.</li>
 *   <li>device events do not pass through the broker's queues: {@link TapInterceptor} hands
 *       them, in the broker, to the gateway's intake (a {@link DeviceTap}) and holds the PUBACK
 *       until they are committed.</li>
 *   <li>anonymous usage statistics off: an edge box in a security room calls nobody.</li>
 * </ul>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    static final int INFLIGHT_WINDOW = 1000;
    static final long MAX_QUEUED = 1_000_000;
    static final int BUCKETS = 4;
    /** How often the broker's store reaches the disk; a crash loses at most about this much broker state. */
    public static final int AUTOSAVE_SECONDS = 1;
    /**
     * HiveMQ's extension services are reached through one static registry per class loader, so
     * two brokers of one JVM (tests) start one after the other and take their references at start.
     */
    private static final Object STARTING = new Object();

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final int tlsPort;
    private final BrokerGuard guard;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port, int tlsPort, BrokerGuard guard) {
        this.hivemq = hivemq;
        this.port = port;
        this.tlsPort = tlsPort;
        this.guard = guard;
    }

    /**
     * Starts the broker with {@code settings} (a port of 0 picks a free one).
     *
     * @throws IOException when a port is taken or the broker cannot start
     */
    public static EmbeddedBroker start(GatewayConfig.EmbeddedBrokerSettings settings, Path dataFolder,
                                       BrokerGuard guard) throws IOException {
        PortTaken last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
            int tlsPort = settings.tls() == null ? -1 : settings.tlsPort() == 0 ? freePort(settings.host()) : settings.tlsPort();
            try {
                return startOnAStore(settings, port, tlsPort, dataFolder, guard);
            } catch (PortTaken e) {
                if (settings.port() != 0 && (settings.tls() == null || settings.tlsPort() != 0)) {
                    throw e;
                }
                last = e; // somebody took the free port in between; another one
            }
        }
        throw last;
    }

    private static EmbeddedBroker startOnAStore(GatewayConfig.EmbeddedBrokerSettings settings, int port, int tlsPort,
                                                Path dataFolder, BrokerGuard guard) throws IOException {
        try {
            return startOnce(settings, port, tlsPort, dataFolder, guard);
        } catch (PortTaken e) {
            throw e;
        } catch (IOException e) {
            if (!Files.exists(dataFolder.resolve("data"))) {
                throw e;
            }
            // The broker's store is not the gateway's truth (SQLite is); never let it keep the
            // gateway down.
            Path aside = dataFolder.resolveSibling(dataFolder.getFileName() + ".broken-" + System.currentTimeMillis());
            LOG.error("the embedded broker does not start on its store {} ({}); moving the store to {} and starting "
                    + "with an empty one: staff clients must subscribe again", dataFolder, e.getMessage(), aside);
            Files.move(dataFolder, aside);
            return startOnce(settings, port, tlsPort, dataFolder, guard);
        }
    }

    /** The port is in use: a config or operations problem, not the broker's store. */
    static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    private static EmbeddedBroker startOnce(GatewayConfig.EmbeddedBrokerSettings settings, int port, int tlsPort,
                                            Path dataFolder, BrokerGuard guard) throws IOException {
        // HiveMQ reports a listener it could not bind only in its log; find out first.
        checkFree(settings.host(), port, "mqtt.embedded.port");
        if (tlsPort > 0) {
            checkFree(settings.host(), tlsPort, "mqtt.embedded.tls.port");
        }
        Path conf = dataFolder.resolve("conf");
        Path data = dataFolder.resolve("data");
        Files.createDirectories(conf);
        Files.createDirectories(data);
        Files.createDirectories(dataFolder.resolve("extensions"));
        Path keystore = null;
        String keystorePassword = null;
        if (settings.tls() != null) {
            keystorePassword = BrokerGuard.randomSecret();
            keystore = PemTls.writeKeystore(settings.tls(), conf.resolve("listener.p12"), keystorePassword.toCharArray());
        }
        Files.writeString(conf.resolve("config.xml"), configXml(settings, port, tlsPort, keystore, keystorePassword),
                StandardCharsets.UTF_8);
        ownerOnly(conf.resolve("config.xml"));
        tune();
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("doorwatch-guard")
                .withName("door-watch accounts and topic permissions")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                        guard.install(Services.securityRegistry(), Services.eventRegistry(), Services.clientService(),
                                Services.initializerRegistry());
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
                        guard.uninstall();
                    }
                })
                .build();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(dataFolder.resolve("extensions"))
                .withEmbeddedExtension(extension)
                .withoutLoggingBootstrap()
                .build();
        synchronized (STARTING) {
            try {
                hivemq.start().get(120, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                closeQuietly(hivemq);
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IOException("embedded MQTT broker cannot start: " + MqttLink.describe(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(hivemq);
                throw new IOException("interrupted while the embedded MQTT broker started", e);
            }
        }
        LOG.info("embedded MQTT broker listening on {}:{}{}", settings.host(), port,
                tlsPort > 0 ? " and, over TLS, " + settings.host() + ":" + tlsPort : "");
        return new EmbeddedBroker(hivemq, port, tlsPort, guard);
    }

    /** HiveMQ's internal settings are static fields read at start; the same values for every broker of the JVM. */
    private static void tune() {
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = INFLIGHT_WINDOW;
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(BUCKETS);
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(BUCKETS);
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(200);
        InternalConfigurations.JMX_REPORTER_ENABLED.set(false);
        // Xodus, not RocksDB: RocksDB preallocated about 1 GB on disk during a load run
        InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.set(com.hivemq.migration.meta.PersistenceType.FILE);
        InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.set(com.hivemq.migration.meta.PersistenceType.FILE);
        InternalConfigurations.PAYLOAD_PERSISTENCE_CLEANUP_THREADS.set(1);
    }

    static String configXml(GatewayConfig.EmbeddedBrokerSettings s, int port, int tlsPort, Path keystore,
                            String keystorePassword) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        x.append("    <tcp-listener><port>").append(port).append("</port><bind-address>").append(s.host())
                .append("</bind-address><name>mqtt</name></tcp-listener>\n");
        if (keystore != null) {
            x.append("    <tls-tcp-listener><port>").append(tlsPort).append("</port><bind-address>").append(s.host())
                    .append("</bind-address><name>mqtts</name>\n      <tls>\n        <keystore><path>")
                    .append(xml(keystore.toAbsolutePath().toString())).append("</path><password>")
                    .append(keystorePassword).append("</password><private-key-password>").append(keystorePassword)
                    .append("</private-key-password></keystore>\n        <protocols><protocol>TLSv1.3</protocol>"
                            + "<protocol>TLSv1.2</protocol></protocols>\n      </tls>\n    </tls-tcp-listener>\n");
        }
        x.append("  </listeners>\n  <mqtt>\n");
        x.append("    <queued-messages><max-queue-size>").append(MAX_QUEUED)
                .append("</max-queue-size><strategy>discard</strategy></queued-messages>\n");
        x.append("    <packets><max-packet-size>").append(s.maxMessageBytes()).append("</max-packet-size></packets>\n");
        x.append("  </mqtt>\n");
        // mosquitto_sub and many device SDKs connect with an empty client id and a clean session
        x.append("  <security><allow-empty-client-id><enabled>true</enabled></allow-empty-client-id></security>\n");
        x.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        x.append("  <persistence><mode>file</mode></persistence>\n");
        x.append("</hivemq>\n");
        return x.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private static void checkFree(String host, int port, String key) throws PortTaken {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortTaken("embedded MQTT broker cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another broker or gateway using port " + port + "? set " + key
                    + ", or mqtt.url to use that broker)");
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (Exception e) {
            LOG.debug("closing the broker that did not start: {}", e.toString());
        }
    }

    public int port() {
        return port;
    }

    /** The TLS listener's port, or -1 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    public BrokerGuard guard() {
        return guard;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping the embedded broker: {}", e.toString());
        }
    }
}

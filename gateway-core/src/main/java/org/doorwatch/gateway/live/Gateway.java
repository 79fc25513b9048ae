package org.doorwatch.gateway.live;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.gateway.config.ConfigReloader;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.Dispatcher;
import org.doorwatch.gateway.delivery.Transport;
import org.doorwatch.gateway.delivery.WebhookTransport;
import org.doorwatch.gateway.api.Logins;
import org.doorwatch.gateway.api.StaffApi;
import org.doorwatch.gateway.api.StaffWrites;
import org.doorwatch.gateway.http.HttpApi;
import org.doorwatch.gateway.storage.AuditEntry;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.mqtt.AlertPublisher;
import org.doorwatch.gateway.mqtt.EmbeddedBroker;
import org.doorwatch.gateway.mqtt.MqttEndpoint;
import org.doorwatch.gateway.mqtt.MqttIngest;
import org.doorwatch.gateway.mqtt.StatusMessage;
import org.doorwatch.gateway.mqtt.TopicRoutes;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OutboxStore;
import org.doorwatch.gateway.storage.StoreException;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.rules.DeviceState;
import org.doorwatch.rules.HouseholdState;
import org.doorwatch.rules.WatchEngine;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live gateway: the edge process behind {@code gateway run}. It wires the store, the
 * engine and its writer, the outbox dispatcher, MQTT in and out (an embedded broker by
 * default), and the HTTP server; see docs/DESIGN.md, "The live gateway".
 *
 * <p>Start-up order: the store first (a damaged or locked store refuses to start before any
 * port is taken), the engine restored from it ({@code restore}, {@code start(now)}; the writer's
 * first tick raises, once, the stages that fell due while the gateway was down), the outbox
 * read back, then the broker, HTTP and the MQTT connections, which retry until the broker is
 * there.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Embedded broker: alerts wait this long after start-up for staff clients to reconnect and subscribe. */
    static final Duration EMBEDDED_START_GRACE = Duration.ofSeconds(5);
    /** Embedded broker, after a crash: deliveries it confirmed this long before are sent again. */
    static final Duration REDELIVERY_WINDOW = Duration.ofSeconds(EmbeddedBroker.AUTOSAVE_SECONDS * 10L);

    private volatile GatewayConfig config;
    private final GatewayOptions options;
    private final Health health;
    private final GatewayMetrics metrics = new GatewayMetrics();

    private Database db;
    private WriterStore writerStore;
    private OutboxStore outboxStore;
    private Writer writer;
    private EventIntake intake;
    private Dispatcher dispatcher;
    private EmbeddedBroker broker;
    private AlertPublisher publisher;
    private MqttIngest ingest;
    private DevicePorts ports;
    private HttpApi http;
    private ReadStore reads;
    private WebhookTransport webhooks;
    private ConfigReloader reloader;
    private ScheduledExecutorService mqttThreads;
    private ExecutorService webhookThreads;
    private Instant startedAt;
    private volatile boolean closed;

    private Gateway(GatewayConfig config, GatewayOptions options) {
        this.config = config;
        this.options = options;
        this.health = new Health(options.wallClock());
    }

    /**
     * Starts a gateway. Its MQTT connections come up in the background; {@link #health()} says
     * when they are.
     *
     * @throws StoreException when the store is damaged, locked by another gateway, or unusable
     * @throws IOException    when a port is taken or the broker settings cannot be used
     */
    public static Gateway start(GatewayConfig config, GatewayOptions options) throws StoreException, IOException {
        Gateway g = new Gateway(config, options);
        try {
            g.startAll();
            return g;
        } catch (StoreException | IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private void startAll() throws StoreException, IOException {
        db = Database.open(config.storage().path(), options.clock());
        try {
            writerStore = new WriterStore(db);
            outboxStore = new OutboxStore(db);
            startedAt = options.clock().instant();
            Instant unclean = writerStore.recordStart(startedAt, options.version());
            if (unclean != null) {
                LOG.warn("the previous run (started {}) did not stop cleanly; deliveries it left unconfirmed go out "
                        + "again with their ids, and stages that fell due meanwhile are raised now", unclean);
            }
            health.component(Health.DATABASE, true, "ok: " + db.file());

            WatchEngine engine = new WatchEngine(config.engine());
            List<HouseholdState> states = writerStore.households();
            states.forEach(engine::restore);
            List<DeviceState> devices = writerStore.devices();
            devices.forEach(engine::restore);
            engine.start(startedAt);
            LOG.info("engine started at {}: {} households and {} devices ({} and {} restored from the store), "
                    + "{} pending deadlines", startedAt, engine.householdCount(), engine.deviceCount(), states.size(),
                    devices.size(), engine.pendingDeadlines());
            StageGauge stages = new StageGauge(config.engine(), metrics);
            for (Household h : config.engine().households()) {
                HouseholdState s = engine.state(h.id());
                if (s != null) {
                    stages.update(s);
                }
            }

            mqttThreads = Executors.newScheduledThreadPool(2, daemon("mqtt-connect"));
            webhookThreads = Executors.newCachedThreadPool(daemon("webhook"));
            MqttEndpoint endpoint = endpoint();
            String clientPrefix = "doorwatch-" + config.siteId();
            StatusMessage status = new StatusMessage(config.siteId(), options.version(), startedAt, config.zone());
            Dispatcher[] dispatcherRef = new Dispatcher[1];
            publisher = new AlertPublisher(config, clientPrefix + "-out", endpoint, status, mqttThreads,
                    () -> dispatcherRef[0].poke(), this::brokerStatus);
            webhooks = new WebhookTransport(config, options.webhookBackoff(), options.wallClock(),
                    webhookThreads, options.version());
            dispatcher = new Dispatcher(u -> writer.recordOutbox(u), transportsByChannel(config), options.clock(),
                    metrics);
            dispatcherRef[0] = dispatcher;

            Set<String> deviceIds = new HashSet<>();
            config.devices().forEach(d -> deviceIds.add(d.id()));
            writer = new Writer(engine, writerStore, options.clock(), config.zone(), new ChannelPlan(config),
                    dispatcher::submit, metrics, health, stages, (s, d, r, m) -> intake.reject(s, d, r, m),
                    Duration.ofDays(config.storage().retainEventsDays()), options.writerQueue());
            intake = new EventIntake(deviceIds, writer, metrics, options.clock(), options.wallClock(),
                    config.ingest().timestampWindow());
            if (unclean != null && config.mqtt().embedded()) {
                int again = outboxStore.redeliverRecent(AcceleratedClock.toVirtual(options.clock(), REDELIVERY_WINDOW));
                if (again > 0) {
                    LOG.warn("{} MQTT deliveries confirmed by the embedded broker just before the crash go out again "
                            + "(same ids): the broker may not have stored them", again);
                }
            }
            dispatcher.start(outboxStore.pending());
            writer.start();

            reads = new ReadStore(db, 3);
            Logins logins = new Logins(config.http().users(), options.wallClock(), reads.failedLoginsInARow());
            http = HttpApi.start(config.http(), health, metrics, config.zone(), vertx -> {
                StaffApi api = new StaffApi(vertx, () -> config, logins, reads, staffWrites(), options.clock(),
                        options.wallClock(), health);
                writer.onAlerts(api.stream()::publish);
                return api;
            });
            TopicRoutes routes = new TopicRoutes(config, options.profiles());
            ingest = new MqttIngest(clientPrefix + "-ingest", endpoint, routes, intake, health, options.clock(),
                    mqttThreads);
            brokerStatus("not connected yet");
            if (broker != null) {
                publisher.holdFor(EMBEDDED_START_GRACE, mqttThreads);
            }
            publisher.start();
            ingest.start();
            ports = new DevicePorts(intake, health, options.clock().withZone(config.zone()), options.portBackoff());
            ports.open(config);
        } catch (SQLException e) {
            throw new StoreException(db.file() + ": " + e.getMessage(), e);
        } catch (MqttException e) {
            throw new IOException("MQTT client: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        LOG.info("gateway {} running: site {}, MQTT {}, HTTP port {}, store {}, {} serial/TCP ports", options.version(),
                config.siteId(), broker != null ? "embedded broker on port " + broker.port() : config.mqtt().url(),
                http.port(), db.file(), config.ports().size());
    }

    private MqttEndpoint endpoint() throws IOException {
        if (config.mqtt().embedded()) {
            int port = config.mqtt().embeddedPort() == null ? 1883 : config.mqtt().embeddedPort();
            Path store = config.storage().path().toAbsolutePath();
            broker = EmbeddedBroker.start("0.0.0.0", port, store.resolveSibling(store.getFileName() + ".broker"));
            return MqttEndpoint.embedded(broker.port());
        }
        return MqttEndpoint.external(config.mqtt());
    }

    private Map<String, List<Transport>> transportsByChannel(GatewayConfig config) {
        Map<String, List<Transport>> out = new LinkedHashMap<>();
        for (String channel : config.engine().channels()) {
            out.put(channel, new ArrayList<>(List.of(publisher)));
        }
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            List<Transport> ts = new ArrayList<>();
            if (c.mqtt()) {
                ts.add(publisher);
            }
            if (c.webhook() != null) {
                ts.add(webhooks);
            }
            out.put(c.id(), ts);
        }
        return out;
    }

    /**
     * Reloads the config when its files change or on SIGHUP (issue 3's {@link ConfigReloader}).
     * {@code run} calls it; tests that build a config in code do not.
     */
    public void watchConfig() throws IOException {
        reloader = new ConfigReloader(config.file(), config, Duration.ofMillis(500), this::apply).start();
        reloader.handleSighup();
    }

    /**
     * A valid reloaded config (on the reloader's thread). The engine takes it through the
     * writer, between two batches; the device list, channels, webhooks and topics are swapped
     * here. {@code site.id}, {@code mqtt}, {@code storage} and {@code http} stay as they are
     * until a restart (the reloader says so in the log).
     */
    void apply(GatewayConfig loaded) {
        GatewayConfig next = keepRestartOnly(loaded);
        try {
            TopicRoutes routes = new TopicRoutes(next, options.profiles());
            Set<String> deviceIds = new HashSet<>();
            next.devices().forEach(d -> deviceIds.add(d.id()));
            writer.submit(new Command.Reconfigure(next));
            intake.devices(deviceIds);
            intake.timestampWindow(next.ingest().timestampWindow());
            webhooks.update(next);
            publisher.update(next);
            dispatcher.addChannels(transportsByChannel(next));
            ingest.update(routes);
            ports.update(next);
            config = next;
        } catch (RuntimeException e) {
            LOG.error("applying the reloaded config failed; parts of it may not be in force until a restart", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code loaded} with the running site id, broker, store and HTTP settings. */
    private GatewayConfig keepRestartOnly(GatewayConfig loaded) {
        GatewayConfig running = config;
        var e = loaded.engine();
        var engine = new org.doorwatch.rules.EngineConfig(running.siteId(), e.zone(), e.channels(), e.policies(),
                e.households(), e.devices(), e.tenancies(), e.routes(), e.templates(), e.rules());
        return new GatewayConfig(loaded.file(), running.siteId(), loaded.zone(), running.mqtt(), running.storage(),
                running.http(), engine, loaded.devices(), loaded.contacts(), loaded.channels(), loaded.profiles(),
                loaded.tenants(), loaded.ports(), loaded.sources(), loaded.ingest());
    }

    /** Called with null when the delivery connection is up, else with the reason it is not. */
    private void brokerStatus(String downReason) {
        String where = broker != null ? "embedded broker on port " + broker.port() : "broker " + config.mqtt().url();
        health.component(Health.BROKER, downReason == null, downReason == null
                ? where + ", gateway connected" : where + ": " + downReason);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ public surface

    /** Where event sources (serial and TCP drivers) hand over events. */
    public Ingest ingest() {
        return intake;
    }

    public Health health() {
        return health;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public int httpPort() {
        return http.port();
    }

    /** The embedded broker's port, or -1 with an external broker. */
    public int brokerPort() {
        return broker == null ? -1 : broker.port();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Deliveries owed right now, all channels. */
    public int outboxPending() {
        return dispatcher.pending();
    }

    /**
     * A staff action (issue 7): {@code CONFIRMED_WELL}, {@code AWAY} (with an optional
     * {@code until}) or {@code AWAY_CLEARED}, applied by the writer at its clock. Completes
     * after the commit; exceptionally with {@link RejectedException} for an unknown household,
     * {@link TimeoutException} when the writer is too busy to take it within 5 s.
     */
    public CompletableFuture<Void> staffAction(EventType type, String household, String by, Instant until) {
        if (!type.isStaffAction()) {
            throw new IllegalArgumentException(type + " is not a staff action");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        return enqueue(new Command.StaffAction(type, household, by, until, done), done);
    }

    /**
     * Records that {@code by} acknowledged an alert (SPEC 6.6: it does not stop the escalation).
     * Completes with false when the alert is unknown or {@code by} already acknowledged it.
     */
    public CompletableFuture<Boolean> acknowledge(String alertId, String by, String note) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        return enqueue(new Command.Acknowledge(alertId, by, note, done), done);
    }

    /** The staff API's way into the writer: actions, acknowledgements and audit rows, each committed before it answers. */
    private StaffWrites staffWrites() {
        return new StaffWrites() {
            @Override
            public CompletableFuture<Void> audit(AuditEntry entry) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                return enqueue(new Command.Audit(entry, done), done);
            }

            @Override
            public CompletableFuture<Void> act(EventType type, String household, String by, Instant until,
                                               String alertId, String outcome, String note, AuditEntry audit) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                return enqueue(new Command.StaffAction(type, household, by, until, alertId, outcome, note, audit, done),
                        done);
            }

            @Override
            public CompletableFuture<Boolean> acknowledge(String alertId, String by, String note, AuditEntry audit) {
                CompletableFuture<Boolean> done = new CompletableFuture<>();
                return enqueue(new Command.Acknowledge(alertId, by, note, audit, done), done);
            }
        };
    }

    /** Completes when everything handed over so far is committed. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return enqueue(new Command.Flush(done), done);
    }

    /** Makes the writer read the clock now: for tests that move a manual clock. */
    public void wake() {
        writer.wake();
    }

    private <T> CompletableFuture<T> enqueue(Command c, CompletableFuture<T> done) {
        try {
            if (!writer.offer(c, Duration.ofSeconds(5))) {
                done.completeExceptionally(new TimeoutException("the gateway is too busy; try again"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Stops in order: ingest first (what arrives now stays with the broker, unacknowledged),
     * the writer commits what it has and acknowledges it, deliveries in flight get up to
     * {@code stopBound} to be confirmed, the offline status goes out, then everything closes.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration bound = options.stopBound();
        quietly(reloader);
        quietly(ports); // serial and TCP sources stop reading; what they handed over is with the writer
        if (ingest != null) {
            ingest.pause();
        }
        if (writer != null && writer.isRunning()) {
            try {
                writer.flush().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warn("flushing the journal at stop: {}", e.toString());
            }
        }
        if (ingest != null) {
            ingest.stop(2000);
        }
        if (dispatcher != null) {
            dispatcher.stop(bound); // in-flight sends confirmed; their updates are with the writer
        }
        if (publisher != null) {
            publisher.stop(2000);
        }
        if (writer != null) {
            try {
                writer.stop(bound); // commits the last events and delivery updates
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writerStore != null) {
            try {
                writerStore.recordStop(options.clock().instant());
            } catch (SQLException e) {
                LOG.warn("recording the clean stop: {}", e.toString());
            }
        }
        quietly(http);
        quietly(reads);
        quietly(broker);
        quietly(writerStore);
        quietly(outboxStore);
        quietly(db);
        if (mqttThreads != null) {
            mqttThreads.shutdownNow();
        }
        if (webhookThreads != null) {
            webhookThreads.shutdownNow();
        }
        LOG.info("gateway stopped");
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}

package org.doorwatch.gateway.run;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.delivery.AlertPublisher;
import org.doorwatch.gateway.delivery.Dispatcher;
import org.doorwatch.gateway.delivery.WebhookTransport;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.health.Liveness;
import org.doorwatch.gateway.intake.DevicePorts;
import org.doorwatch.gateway.intake.EmbeddedIngest;
import org.doorwatch.gateway.intake.EventIntake;
import org.doorwatch.gateway.intake.Ingest;
import org.doorwatch.gateway.intake.MqttIngest;
import org.doorwatch.gateway.intake.TopicRoutes;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.mqtt.BrokerAccess;
import org.doorwatch.gateway.mqtt.BrokerGuard;
import org.doorwatch.gateway.mqtt.EmbeddedBroker;
import org.doorwatch.gateway.mqtt.MqttEndpoint;
import org.doorwatch.gateway.mqtt.StatusMessage;
import org.doorwatch.gateway.staff.HttpApi;
import org.doorwatch.gateway.staff.Logins;
import org.doorwatch.gateway.staff.StaffApi;
import org.doorwatch.gateway.staff.console.Console;
import org.doorwatch.gateway.storage.ControllerCursors;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.OutboxStore;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.gateway.storage.StoreException;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.gateway.writer.CatchUp;
import org.doorwatch.gateway.writer.ChannelPlan;
import org.doorwatch.gateway.writer.Command;
import org.doorwatch.gateway.writer.DailyPurge;
import org.doorwatch.gateway.writer.RejectedException;
import org.doorwatch.gateway.writer.StageGauge;
import org.doorwatch.gateway.writer.Writer;
import org.doorwatch.rules.Admission;
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
 * there. The stop order is in {@link #close}, next to it.
 *
 * <p>This class is the composition root; the pieces it wires are elsewhere: {@link Restore}
 * (start-up from the store), {@link ChannelTransports} (the transports of each channel),
 * {@link WriterCommands} (commands that wait for the writer's commit), {@link LiveReload}
 * (a reloaded config applied to the running parts).
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Embedded broker: alerts wait this long after start-up for staff clients to reconnect and subscribe. */
    static final Duration EMBEDDED_START_GRACE = Duration.ofSeconds(5);

    private volatile GatewayConfig config;
    private final GatewayOptions options;
    private final Health health;
    private final GatewayMetrics metrics = new GatewayMetrics();

    private Database db;
    private WriterStore writerStore;
    private OutboxStore outboxStore;
    private Writer writer;
    private volatile EventIntake intake; // volatile: the broker reports refusals from its threads
    private Dispatcher dispatcher;
    private EmbeddedBroker broker;
    private CompletableFuture<EmbeddedBroker> brokerStart;
    private AlertPublisher publisher;
    private MqttIngest ingest;
    private CatchUp catchUp;
    private Watchdog watchdog;
    private final SystemdNotify systemd = SystemdNotify.fromEnvironment();
    private volatile Consumer<String> onFatal = reason -> { };
    private EmbeddedIngest embeddedIngest;
    private DevicePorts ports;
    private ControllerCursors cursors;
    private HttpApi http;
    private ReadStore reads;
    private WebhookTransport webhooks;
    private ChannelTransports peopleTransports;
    private ConfigReloader reloader;
    private WriterCommands commands;
    private LiveReload reload;
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
        // The store is ours (locked): the embedded broker starts beside the engine's restore, which
        // does not need it (a second or more each on a big community); endpoint() waits for it.
        if (config.mqtt().embedded()) {
            brokerStart = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    brokerStart.complete(startBroker());
                } catch (IOException | RuntimeException e) {
                    brokerStart.completeExceptionally(e);
                }
            }, "broker-start");
            t.setDaemon(true);
            t.start();
        }
        try {
            writerStore = new WriterStore(db);
            outboxStore = new OutboxStore(db);
            startedAt = options.clock().instant();
            Instant unclean = Restore.recordStart(writerStore, startedAt, options.version());
            health.component(Health.DATABASE, true, "ok: " + db.file());

            // a new store has nothing overdue to hold back: no hold then
            GatewayConfig.CatchUpSettings catchUpSettings = writerStore.ranBefore() ? config.ingest().catchUp() : null;
            Instant resumeAt = catchUpSettings == null ? startedAt : Restore.resumeAt(writerStore, startedAt);
            WatchEngine engine = Restore.engine(config, writerStore, resumeAt);
            StageGauge stages = Restore.stages(config, engine, metrics);

            mqttThreads = Executors.newScheduledThreadPool(2, daemon("mqtt-connect"));
            webhookThreads = Executors.newCachedThreadPool(daemon("webhook"));
            MqttEndpoint endpoint = endpoint();
            StatusMessage status = new StatusMessage(config.siteId(), options.version(), startedAt, config.zone());
            Dispatcher[] dispatcherRef = new Dispatcher[1];
            publisher = new AlertPublisher(config, BrokerAccess.outClientId(config.siteId()), endpoint, status, mqttThreads,
                    () -> dispatcherRef[0].poke(), this::brokerStatus);
            webhooks = new WebhookTransport(config, options.webhookBackoff(), options.wallClock(),
                    webhookThreads, options.version());
            peopleTransports = ChannelTransports.start(config, options.webhookBackoff(), options.wallClock(),
                    webhookThreads, options.version());
            dispatcher = new Dispatcher(u -> writer.recordOutbox(u), peopleTransports.lanes(config, publisher, webhooks),
                    options.clock(), metrics);
            dispatcherRef[0] = dispatcher;

            writer = new Writer(engine, writerStore, options.clock(), config.zone(), new ChannelPlan(config),
                    Restore.notifications(config, writerStore), dispatcher::submit, metrics, health, stages,
                    (s, d, r, m) -> intake.reject(s, d, r, m),
                    new DailyPurge(writerStore.purge(), config.storage().retain(), options.wallClock(), metrics,
                            config.zone()), options.writerQueue());
            if (catchUpSettings != null) {
                catchUp = new CatchUp(startedAt, catchUpSettings.quiet(), catchUpSettings.max(), System::nanoTime);
                writer.holdDeadlines(catchUp);
                LOG.info("start-up: overdue deadlines wait until the events queued while the gateway was down are read "
                        + "(until {} without one, at most {}); the engine resumes at {}", Durations.format(catchUpSettings.quiet()),
                        Durations.format(catchUpSettings.max()), resumeAt);
            }
            writer.onCancelled(dispatcher::cancel);
            writer.rememberCommittedMessages();
            commands = new WriterCommands(writer);
            intake = new EventIntake(Admission.of(config.engine()), writer, metrics, options.clock(), options.wallClock(),
                    config.ingest().timestampWindow());
            if (unclean != null && config.mqtt().embedded()) {
                Restore.redeliverRecent(outboxStore, options.clock());
            }
            Liveness liveness = new Liveness(System::nanoTime);
            writer.watchedBy(liveness.beat("writer", options.stuckAfter()), options.failpoint());
            Liveness.Beat delivery = liveness.beat("delivery", options.stuckAfter());
            intake.watchedBy(liveness.busy("ingest", options.stuckAfter()));
            dispatcher.start(outboxStore.pending());
            writer.start();
            watchdog = new Watchdog(liveness, health, () -> dispatcher.probe(delivery::alive), systemd,
                    reason -> onFatal.accept(reason)).start(Duration.ofSeconds(1));

            reads = new ReadStore(db, 3);
            Logins logins = new Logins(config.http().users(), options.wallClock(), reads.failedLoginsInARow());
            http = HttpApi.start(config.http(), health, metrics, config.zone(), vertx -> {
                StaffApi api = new StaffApi(vertx, () -> config, logins, reads, commands, options.clock(),
                        options.wallClock(), health);
                writer.onAlerts(api.stream()::publish);
                api.mountFirst(new Console(vertx, api, () -> config, logins, options.clock(),
                        config.http().tls() != null)::mount); // the staff console at / (issue 15)
                return api;
            });
            TopicRoutes routes = new TopicRoutes(config, options.profiles());
            if (broker == null) {
                ingest = new MqttIngest(BrokerAccess.ingestClientId(config.siteId()), endpoint, routes, intake, health,
                        options.clock(), mqttThreads);
                if (catchUp != null) {
                    ingest.onSubscribed(catchUp::ready); // the persistent session's queue comes from here on
                }
            }
            brokerStatus("not connected yet");
            if (broker != null) {
                publisher.holdFor(EMBEDDED_START_GRACE, mqttThreads);
            }
            publisher.start();
            if (ingest != null) {
                ingest.start();
            } else {
                embeddedIngest = new EmbeddedIngest(routes, intake, health, options.clock());
                broker.guard().tap(embeddedIngest); // device messages are taken from now on, not before
                if (catchUp != null) {
                    catchUp.ready(); // devices resend what they hold as they reconnect
                }
            }
            cursors = new ControllerCursors(db, options.wallClock());
            ports = new DevicePorts(intake, health, options.clock().withZone(config.zone()), options.portBackoff(), cursors);
            ports.open(config);
            reload = new LiveReload(writer, intake, webhooks, publisher, peopleTransports, dispatcher, ingest,
                    embeddedIngest, broker == null ? null : broker.guard(), ports, options.profiles());
        } catch (SQLException e) {
            throw new StoreException(db.file() + ": " + e.getMessage(), e);
        } catch (MqttException e) {
            throw new IOException("MQTT client: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (config.storage().legacyRetainKey()) {
            LOG.warn("storage.retainEventsDays is the older spelling of storage.retain.events; it is still read "
                    + "(events kept {} days); write storage.retain.events instead", config.storage().retain().events().toDays());
        }
        LOG.info("gateway {} running: site {}, MQTT {}, HTTP port {}, store {}, {} serial/TCP/UDP ports", options.version(),
                config.siteId(), broker != null ? "embedded broker on port " + broker.port() : config.mqtt().url(),
                http.port(), db.file(), config.ports().size());
    }

    private MqttEndpoint endpoint() throws IOException {
        if (config.mqtt().embedded()) {
            try {
                broker = brokerStart.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the embedded broker started", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            return MqttEndpoint.embedded(broker, config.mqtt().broker().host());
        }
        return MqttEndpoint.external(config.mqtt());
    }

    /**
     * The embedded broker with its guard (SPEC 10's accounts and permissions). A packet the broker
     * refused for its size is counted as {@code oversized}, under the device when the account is
     * one (the metric's label is a configured device id or nothing).
     */
    private EmbeddedBroker startBroker() throws IOException {
        GatewayConfig.EmbeddedBrokerSettings settings = config.mqtt().broker();
        Path store = config.storage().path().toAbsolutePath();
        BrokerGuard guard = new BrokerGuard(new BrokerAccess(config), settings.usersFile(),
                settings.allowAnonymous(), settings.maxMessageBytes());
        guard.onRefusal((account, clientId, max) -> {
            EventIntake in = intake;
            if (in != null) {
                in.reject(MqttIngest.SOURCE, account != null && deviceIds().contains(account) ? account : null,
                        "oversized", "the broker refused a packet over mqtt.embedded.maxMessageBytes (" + max
                        + " bytes) and closed the sender's connection ("
                        + (account == null ? "anonymous" : "account " + account) + ")");
            }
        });
        return EmbeddedBroker.start(settings, store.resolveSibling(store.getFileName() + ".broker"), guard);
    }

    private Set<String> deviceIds() {
        Set<String> ids = new HashSet<>();
        config.devices().forEach(d -> ids.add(d.id()));
        return ids;
    }

    /**
     * Reloads the config when its files change or on SIGHUP (issue 3's {@link ConfigReloader}).
     * {@code run} calls it; tests that build a config in code do not.
     */
    public void watchConfig() throws IOException {
        reloader = new ConfigReloader(config.file(), config, Duration.ofMillis(500), this::apply).start();
        reloader.handleSighup();
    }

    /** A valid reloaded config (on the reloader's thread), applied by {@link LiveReload}. */
    void apply(GatewayConfig loaded) {
        config = reload.apply(config, loaded);
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

    /** The embedded broker's TLS port, or -1 without one. */
    public int brokerTlsPort() {
        return broker == null ? -1 : broker.tlsPort();
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
        return commands.enqueue(new Command.StaffAction(type, household, by, until, done), done);
    }

    /**
     * Records that {@code by} acknowledged an alert (SPEC 6.6: it does not stop the escalation).
     * Completes with false when the alert is unknown or {@code by} already acknowledged it.
     */
    public CompletableFuture<Boolean> acknowledge(String alertId, String by, String note) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        return commands.enqueue(new Command.Acknowledge(alertId, by, note, done), done);
    }

    /** Completes when everything handed over so far is committed. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        return commands.enqueue(new Command.Flush(done), done);
    }

    /**
     * Called once, on the watchdog's thread, when a part the watch depends on is dead or stuck
     * ({@code reason} says which): {@code gateway run} stops and exits non-zero.
     */
    public void onFatal(Consumer<String> handler) {
        this.onFatal = handler;
    }

    /** Tells systemd (when it started us) that the gateway runs. */
    public void notifyReady() {
        systemd.ready("watching " + config.engine().households().size() + " households");
    }

    /** Makes the writer read the clock now: for tests that move a manual clock. */
    public void wake() {
        writer.wake();
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
        quietly(watchdog); // a stop is not a stuck writer
        Duration bound = options.stopBound();
        quietly(reloader);
        quietly(ports); // serial and TCP sources stop reading; what they handed over is with the writer
        if (ingest != null) {
            ingest.pause();
        }
        if (embeddedIngest != null) {
            embeddedIngest.pause();
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
        quietly(peopleTransports);
        quietly(http);
        quietly(reads);
        if (broker == null && brokerStart != null) {
            // start-up failed before it took the broker: it may still be starting
            try {
                broker = brokerStart.get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                LOG.debug("the embedded broker did not start: {}", e.toString());
            }
        }
        quietly(broker);
        quietly(cursors); // after the writer: its last commits move the controllers' indices on
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

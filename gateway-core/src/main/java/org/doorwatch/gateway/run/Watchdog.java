package org.doorwatch.gateway.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.health.Liveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: probes the delivery thread, reads {@link Liveness}, and puts the answer into
 * {@code /health} (component {@code threads}). The first dead or stuck part is fatal: it is logged,
 * {@code /health} says down with the reason, and {@code onFatal} ends the process with a non-zero
 * exit for its supervisor to restart it. While everything moves it feeds systemd's watchdog, so a
 * JVM too wedged for this thread to run is restarted too.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final Liveness liveness;
    private final Health health;
    private final Runnable probeDelivery;
    private final SystemdNotify systemd;
    private final Consumer<String> onFatal;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean fatal;

    Watchdog(Liveness liveness, Health health, Runnable probeDelivery, SystemdNotify systemd, Consumer<String> onFatal) {
        this.liveness = liveness;
        this.health = health;
        this.probeDelivery = probeDelivery;
        this.systemd = systemd;
        this.onFatal = onFatal;
        health.component(Health.THREADS, true, "writer, delivery and ingest moving");
    }

    Watchdog start(Duration period) {
        thread.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void check() {
        try {
            probeDelivery.run();
            List<String> problems = liveness.check();
            if (problems.isEmpty()) {
                systemd.watchdog();
                return;
            }
            String reason = String.join("; ", problems);
            health.component(Health.THREADS, false, reason);
            if (!fatal) {
                fatal = true;
                LOG.error("{}: the gateway cannot watch in this state and stops, for its supervisor to restart it", reason);
                onFatal.accept(reason);
            }
        } catch (RuntimeException e) {
            LOG.warn("watchdog check failed: {}", e.toString());
        }
    }

    /** The first fatal reason, or null. */
    boolean fatal() {
        return fatal;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

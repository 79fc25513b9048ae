package org.doorwatch.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every metric of the gateway, served in Prometheus text format on {@code GET /metrics}.
 *
 * <p>Names are constants with one prefix; Micrometer's Prometheus naming adds the unit and
 * {@code _total}: {@link #EVENTS_IN} is scraped as {@code doorwatch_events_in_total}. Label
 * values are bounded: a device label is a configured device id or {@code unknown}, never a
 * string from a payload, so garbage cannot grow the registry.
 */
public final class GatewayMetrics {

    public static final String PREFIX = "doorwatch";
    /** Events committed to the journal; labels {@code source}, {@code type}. */
    public static final String EVENTS_IN = PREFIX + ".events.in";
    /** Payloads and frames skipped as invalid; labels {@code source}, {@code device}, {@code reason}. */
    public static final String BAD_PAYLOADS = PREFIX + ".bad.payloads";
    /** Alerts committed; labels {@code rule}, {@code stage}. */
    public static final String ALERTS_RAISED = PREFIX + ".alerts.raised";
    /** Outbox rows not yet delivered; labels {@code channel}, {@code transport}. */
    public static final String OUTBOX_PENDING = PREFIX + ".outbox.pending";
    /** From an alert's raise time to the broker's PUBACK or the receiver's 2xx; label {@code transport}. */
    public static final String DELIVERY_LATENCY = PREFIX + ".delivery.latency";
    /** From the arrival of an event to the confirmed publish of the alert it caused. */
    public static final String EVENT_TO_ALERT = PREFIX + ".event.to.alert";
    /** Failed delivery attempts; labels {@code channel}, {@code transport}, {@code kind} (retry or permanent). */
    public static final String DELIVERY_FAILURES = PREFIX + ".delivery.failures";
    /** Households by escalation stage ({@code NONE}, {@code WARNING}, ..., {@code AWAY}); label {@code stage}. */
    public static final String HOUSEHOLDS = PREFIX + ".households";
    /** The writer's SQLite transactions. */
    public static final String WRITER_COMMITS = PREFIX + ".writer.commits";
    /** Failed writer transactions (each is rolled back and retried). */
    public static final String WRITER_FAILURES = PREFIX + ".writer.failures";
    /** Commands waiting for the writer. */
    public static final String WRITER_QUEUE = PREFIX + ".writer.queue";
    /** Journal rows purged by the retention job. */
    public static final String EVENTS_PURGED = PREFIX + ".events.purged";
    /** Alerts purged by the retention job (with their deliveries, acknowledgements and outcomes). */
    public static final String ALERTS_PURGED = PREFIX + ".alerts.purged";
    /** Audit rows purged by the retention job. */
    public static final String AUDIT_PURGED = PREFIX + ".audit.purged";

    public static final String UNKNOWN_DEVICE = "unknown";

    private final PrometheusMeterRegistry registry;
    private final Timer eventToAlert;
    private final Map<String, AtomicLong> householdsByStage = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        eventToAlert = Timer.builder(EVENT_TO_ALERT)
                .description("from an event's arrival to the confirmed publish of the alert it caused")
                .publishPercentiles(0.5, 0.9, 0.99)
                // 3 significant digits (Micrometer's default is 1: its p99 then reads a bucket
                // edge, 46.1 ms in every run of issue 16, whatever the latencies were)
                .percentilePrecision(3)
                .distributionStatisticExpiry(Duration.ofMinutes(10))
                .distributionStatisticBufferLength(2)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public void eventIn(String source, String type) {
        registry.counter(EVENTS_IN, "source", source, "type", type).increment();
    }

    public void badPayload(String source, String device, String reason) {
        registry.counter(BAD_PAYLOADS, "source", source, "device", device == null ? UNKNOWN_DEVICE : device,
                "reason", reason).increment();
    }

    public void alertRaised(String rule, String stage) {
        registry.counter(ALERTS_RAISED, "rule", rule, "stage", stage).increment();
    }

    public void deliveryFailure(String channel, String transport, boolean permanent) {
        registry.counter(DELIVERY_FAILURES, "channel", channel, "transport", transport,
                "kind", permanent ? "permanent" : "retry").increment();
    }

    public void delivered(String transport, Duration sinceRaised) {
        Timer.builder(DELIVERY_LATENCY).tag("transport", transport)
                .publishPercentiles(0.5, 0.99)
                .percentilePrecision(3)
                .register(registry)
                .record(sinceRaised.isNegative() ? Duration.ZERO
                        : sinceRaised.compareTo(LONGEST) > 0 ? LONGEST : sinceRaised);
    }

    /**
     * The longest latency recorded: Micrometer takes {@code toNanos()}, which throws beyond 292
     * years, and an alert raised under a clock in year 9999 may be confirmed under today's.
     */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    public void eventToAlert(long nanos) {
        eventToAlert.record(Duration.ofNanos(Math.max(0, nanos)));
    }

    public Counter writerCommits() {
        return registry.counter(WRITER_COMMITS);
    }

    public Counter writerFailures() {
        return registry.counter(WRITER_FAILURES);
    }

    public Counter eventsPurged() {
        return registry.counter(EVENTS_PURGED);
    }

    public Counter alertsPurged() {
        return registry.counter(ALERTS_PURGED);
    }

    public Counter auditPurged() {
        return registry.counter(AUDIT_PURGED);
    }

    /** Registers a gauge read on each scrape; {@code tags} are label name/value pairs. */
    public void gauge(String name, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).tags(tags).register(registry);
    }

    /** The count behind {@code doorwatch_households{stage=...}}; the writer keeps it. */
    public AtomicLong households(String stage) {
        return householdsByStage.computeIfAbsent(stage, s -> {
            AtomicLong n = new AtomicLong();
            Gauge.builder(HOUSEHOLDS, n, AtomicLong::get).tag("stage", s).register(registry);
            return n;
        });
    }
}

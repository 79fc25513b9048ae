package org.doorwatch.gateway.writer;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.storage.AuditEntry;

/**
 * What the writer thread takes from its queue. Everything that changes the engine or the
 * store goes through here, so one thread orders it all.
 */
public sealed interface Command {

    /**
     * A device event from a source.
     *
     * @param arrivalNanos {@link System#nanoTime()} at hand-over, for the event-to-alert latency
     * @param afterCommit  runs on the writer thread after the commit, or after the event was
     *                     found unusable and counted (an MQTT source acknowledges here)
     * @param message      the MQTT message's identity, to recognise a redelivery, or {@link MessageKey#NONE}
     */
    record Event(DoorEvent event, String source, long arrivalNanos, Runnable afterCommit, MessageKey message)
            implements Command {
        public Event(DoorEvent event, String source, long arrivalNanos, Runnable afterCommit) {
            this(event, source, arrivalNanos, afterCommit, MessageKey.NONE);
        }
    }

    /**
     * A staff action (CONFIRMED_WELL, AWAY, AWAY_CLEARED) from the staff API (issue 7),
     * applied at the writer's clock. {@code done} completes after the commit, or exceptionally
     * with {@link RejectedException} when the engine cannot use it (unknown household ...).
     *
     * <p>An outcome of a stage ({@code alertId} and {@code outcome} set) is recorded in the same
     * transaction as its effect; {@code type} is null for an outcome that changes nothing
     * ({@code no-answer}, {@code reached-needs-help} ...). {@code audit}, when given, is the audit
     * row of the request, committed with the action so neither exists without the other.
     */
    record StaffAction(EventType type, String household, String by, Instant until, String alertId, String outcome,
                       String note, AuditEntry audit, CompletableFuture<Void> done) implements Command {
        public StaffAction {
            if (type == null && outcome == null) {
                throw new IllegalArgumentException("a staff action needs a type or an outcome");
            }
        }

        public StaffAction(EventType type, String household, String by, Instant until, CompletableFuture<Void> done) {
            this(type, household, by, until, null, null, null, null, done);
        }
    }

    /**
     * Staff acknowledged an alert; {@code done} is false when the alert is unknown or was already
     * acknowledged by them. {@code audit} (or null) is committed with it.
     */
    record Acknowledge(String alertId, String by, String note, AuditEntry audit, CompletableFuture<Boolean> done)
            implements Command {
        public Acknowledge(String alertId, String by, String note, CompletableFuture<Boolean> done) {
            this(alertId, by, note, null, done);
        }
    }

    /** An audit log row alone (a read, a login, a refused request); {@code done} completes after its commit. */
    record Audit(AuditEntry entry, CompletableFuture<Void> done) implements Command {}

    /**
     * A reloaded config: the engine takes it with {@code reconfigure} between two batches
     * (households keep L and raised stages; added ones come under watch now).
     */
    record Reconfigure(org.doorwatch.gateway.config.GatewayConfig next) implements Command {}

    /** Completes once everything queued before it is committed. */
    record Flush(CompletableFuture<Void> done) implements Command {}

    /** Only wakes the writer: the clock moved (tests), or the next deadline may have changed. */
    record Wake() implements Command {}

    /** The last command: the writer commits what it has and ends. */
    record Stop() implements Command {}
}

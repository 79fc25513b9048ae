package org.doorwatch.gateway.run;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.staff.StaffWrites;
import org.doorwatch.gateway.storage.AuditEntry;
import org.doorwatch.gateway.writer.Command;
import org.doorwatch.gateway.writer.Writer;

/**
 * The way into the writer for what waits for its commit: the staff API's actions,
 * acknowledgements and audit rows ({@link StaffWrites}), and the gateway's own staff actions and
 * flushes. A command the writer's queue cannot take within 5 s completes with a
 * {@link TimeoutException} (the staff API answers 503).
 */
final class WriterCommands implements StaffWrites {

    private final Writer writer;

    WriterCommands(Writer writer) {
        this.writer = writer;
    }

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

    <T> CompletableFuture<T> enqueue(Command c, CompletableFuture<T> done) {
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
}

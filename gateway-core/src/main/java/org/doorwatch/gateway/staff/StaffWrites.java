package org.doorwatch.gateway.staff;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.storage.AuditEntry;

/**
 * What the staff API hands to the live gateway's single writer: every action and every audit
 * row is ordered with device events and committed before the API answers.
 */
public interface StaffWrites {

    /** Commits one audit row. */
    CompletableFuture<Void> audit(AuditEntry entry);

    /**
     * A staff action and/or the outcome of a stage, with its audit row, in one transaction.
     *
     * @param type    CONFIRMED_WELL, AWAY or AWAY_CLEARED, or null for an outcome that changes nothing
     * @param alertId the stage's alert when this is an outcome, else null
     * @param outcome the outcome code, or null
     */
    CompletableFuture<Void> act(EventType type, String household, String by, Instant until, String alertId,
                                String outcome, String note, AuditEntry audit);

    /** Acknowledges an alert with its audit row; false when unknown or already acknowledged by {@code by}. */
    CompletableFuture<Boolean> acknowledge(String alertId, String by, String note, AuditEntry audit);
}

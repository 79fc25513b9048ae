package org.doorwatch.gateway.storage;

import java.time.Instant;

/**
 * Staff acknowledged an alert (SPEC 6.6): recorded, it does not stop the escalation.
 *
 * @param alertId the alert
 * @param by      the staff member's id
 * @param at      when
 * @param note    free text, or null
 */
public record Acknowledgement(String alertId, String by, Instant at, String note) {}

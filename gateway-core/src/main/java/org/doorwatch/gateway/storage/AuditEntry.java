package org.doorwatch.gateway.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the append-only audit log (issue 7): who did or read what, when, from where, and
 * whether it was allowed. Ids only: never the personal data that was shown.
 *
 * @param at        real time of the request
 * @param user      the login name, or null for a login attempt with an unknown name
 * @param action    the route and method, e.g. {@code GET /api/households/:id}, plus a detail
 *                  such as {@code outcome reached-ok}
 * @param household the household concerned, or null
 * @param alertId   the alert concerned, or null
 * @param remote    the caller's address
 * @param outcome   {@code allowed}, {@code denied}, {@code not-found}, {@code bad-request},
 *                  {@code failed-login}, {@code locked}, {@code error}
 */
public record AuditEntry(Instant at, String user, String action, String household, String alertId, String remote,
                         String outcome) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}

package org.doorwatch.notify;

import java.time.Instant;
import java.util.List;

/**
 * Who an alert reaches at one instant: the notices owed, in time then route order, and the people
 * of its roles who are not reached, with why (off duty), so check-config and the alert's
 * history can say so.
 */
public record Plan(List<Notice> notices, List<Skipped> skipped) {

    public static final Plan EMPTY = new Plan(List.of(), List.of());

    public Plan {
        notices = List.copyOf(notices);
        skipped = List.copyOf(skipped);
    }

    /**
     * A person of a route's role not reached, or a role that reaches nobody (person null).
     *
     * @param reason e.g. "off duty", "no one with this role looks after the household",
     *               "no channel of this route reaches people"
     */
    public record Skipped(Person person, Role role, String reason) {}

    /** The latest instant a notice of this plan goes out, or null when it has none. */
    public Instant last() {
        Instant last = null;
        for (Notice n : notices) {
            if (last == null || n.at().isAfter(last)) {
                last = n.at();
            }
        }
        return last;
    }
}

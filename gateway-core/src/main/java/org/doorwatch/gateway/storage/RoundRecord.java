package org.doorwatch.gateway.storage;

import java.time.Instant;
import java.util.List;

/**
 * One line of an alert's re-notification history: a round sent again, a pass-on to the next
 * role, or the end of its rounds and why.
 *
 * @param kind   {@link #RENOTIFY}, {@link #PASS_ON} or {@link #ENDED}
 * @param round  the round number, or null for {@link #ENDED}
 * @param roles  the role ids the round reached (for a pass-on: the roles passed to)
 * @param detail why it ended ({@code acknowledged}, {@code superseded by <id>}, {@code exhausted} ...),
 *               or who of the roles was not reached and why; never a name or a phone
 */
public record RoundRecord(String alertId, Instant at, String kind, Integer round, List<String> roles, String detail) {

    public static final String RENOTIFY = "renotify";
    public static final String PASS_ON = "pass-on";
    public static final String ENDED = "ended";

    public RoundRecord {
        roles = List.copyOf(roles);
    }
}

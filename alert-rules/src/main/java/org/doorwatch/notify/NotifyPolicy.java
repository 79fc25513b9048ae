package org.doorwatch.notify;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How people are reached: the site's zone (rosters and quiet hours are local time), quiet
 * hours, role rosters (a person's own {@code duty} wins over their role's), re-notification.
 */
public record NotifyPolicy(ZoneId zone, QuietHours quiet, Map<Role, DutyRoster> rosters, Renotify renotify) {

    public NotifyPolicy {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(renotify, "renotify");
        rosters = rosters.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rosters));
    }

    public static NotifyPolicy defaults(ZoneId zone) {
        return new NotifyPolicy(zone, QuietHours.DEFAULT, Map.of(), Renotify.DEFAULT);
    }

    /** When {@code p} is on duty when reached as {@code role}. */
    public DutyRoster roster(Person p, Role role) {
        if (p.duty() != null) {
            return p.duty();
        }
        return rosters.getOrDefault(role, DutyRoster.ALWAYS);
    }
}

package org.doorwatch.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.doorwatch.domain.Stage;

/**
 * The night, for people reached on their own phones: a notification that can wait (WARNING,
 * NOTICE) to a person reached in one of {@code roles} during {@code from}–{@code to} (local
 * time) is held until {@code to}. CALL_BACK, VISIT and ALARM never wait: those are the alerts
 * a volunteer is woken for. Group messages themselves are not held (the group is staff's); only
 * the @-mention of a quiet person is.
 *
 * <p>Default: 22:00–07:00 for the three volunteer roles (邻里互望员, 楼道联络员, 安全守护员).
 */
public record QuietHours(boolean enabled, LocalTime from, LocalTime to, Set<Role> roles) {

    public static final LocalTime DEFAULT_FROM = LocalTime.of(22, 0);
    public static final LocalTime DEFAULT_TO = LocalTime.of(7, 0);
    public static final QuietHours DEFAULT = new QuietHours(true, DEFAULT_FROM, DEFAULT_TO,
            EnumSet.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN));
    public static final QuietHours OFF = new QuietHours(false, DEFAULT_FROM, DEFAULT_TO, EnumSet.noneOf(Role.class));

    public QuietHours {
        roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    /** True for the stages that may wait for the morning. */
    public static boolean canWait(Stage stage) {
        return stage == Stage.WARNING || stage == Stage.NOTICE;
    }

    /** True when {@code at} lies in the quiet window (whoever is reached). */
    public boolean quietAt(Instant at, ZoneId zone) {
        if (!enabled || from.equals(to)) {
            return false;
        }
        LocalTime t = at.atZone(zone).toLocalTime();
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** When a notification of {@code stage} to a person reached as {@code role} may go, given it is due {@code at}. */
    public Instant release(Instant at, ZoneId zone, Role role, Stage stage) {
        if (!roles.contains(role) || !canWait(stage) || !quietAt(at, zone)) {
            return at;
        }
        ZonedDateTime z = at.atZone(zone);
        LocalDate day = z.toLocalTime().isBefore(to) ? z.toLocalDate() : z.toLocalDate().plusDays(1);
        Instant end = ZonedDateTime.of(day, to, zone).toInstant();
        return end.isAfter(at) ? end : at;
    }
}

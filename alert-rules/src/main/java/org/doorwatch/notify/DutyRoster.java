package org.doorwatch.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When a person (or every person of a role) is on duty: a list of {@link Shift}s, or always.
 * Shifts are local times of the site's zone; a shift that starts in a gap of a daylight-saving
 * change starts at the end of the gap ({@link ZonedDateTime#of}).
 */
public record DutyRoster(List<Shift> shifts) {

    /** On duty at every hour: people without a roster. */
    public static final DutyRoster ALWAYS = new DutyRoster(List.of());

    public DutyRoster {
        shifts = List.copyOf(shifts);
    }

    public boolean always() {
        return shifts.isEmpty();
    }

    public boolean onDuty(Instant at, ZoneId zone) {
        if (shifts.isEmpty()) {
            return true;
        }
        var local = at.atZone(zone).toLocalDateTime();
        for (Shift s : shifts) {
            if (s.covers(local)) {
                return true;
            }
        }
        return false;
    }

    /** The first instant at or after {@code at} when on duty; every roster has one within 8 days. */
    public Instant nextOnDuty(Instant at, ZoneId zone) {
        if (onDuty(at, zone)) {
            return at;
        }
        LocalDate day = at.atZone(zone).toLocalDate();
        Instant best = null;
        for (int i = 0; i <= 8; i++) {
            LocalDate d = day.plusDays(i);
            for (Shift s : shifts) {
                if (s.days().contains(d.getDayOfWeek())) {
                    Instant start = ZonedDateTime.of(d, s.from(), zone).toInstant();
                    if (!start.isBefore(at) && (best == null || start.isBefore(best))) {
                        best = start;
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return at; // a roster with no days at all: config refuses it; never wait for ever
    }

    @Override
    public String toString() {
        return shifts.isEmpty() ? "always" : shifts.toString();
    }
}

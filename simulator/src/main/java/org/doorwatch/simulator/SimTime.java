package org.doorwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the simulator prints simulated time for people: {@code 2026-11-23 18:53 day1}, in the
 * site's zone, days counted from the simulation's first day (day0, as incidents count them).
 */
final class SimTime {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final java.time.LocalDate day0;

    SimTime(Instant start, ZoneId zone) {
        this.zone = zone;
        this.day0 = Timeline.day0(start, zone);
    }

    String format(Instant t) {
        var local = t.atZone(zone);
        long day = Duration.between(day0.atStartOfDay(zone), local.toLocalDate().atStartOfDay(zone)).toDays();
        return MINUTES.format(local) + " day" + day;
    }

    /** The same for an ISO timestamp with offset (an alert's {@code ts}); the text itself when it is not one. */
    String format(String iso) {
        try {
            return format(java.time.OffsetDateTime.parse(iso).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}

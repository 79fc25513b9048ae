package org.doorwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads incidents written the way staff describe them, one per line:
 *
 * <pre>
 * silent 3-2-501 from day2                      # stops opening its door from day 2, 00:00
 * silent 3-2-501 from day2T09:00 until day5T10:00  # ... and opens the door at day5T10:00
 * offline gate-3 at day1T10:00 for 3h           # the device goes silent for 3 hours
 * visitors 3-2-601 on day1 count 15             # 15 visitors that day
 * forced door-3-2-501 at day0T23:10
 * held-open door-3-2-502 at day1T08:00 for 5m
 * </pre>
 *
 * Times are {@code dayN} or {@code dayNTHH:MM}, days counted from the simulation's first day
 * (day0), in the site's zone; an ISO time with offset is accepted too. Durations are
 * {@code 30s}, {@code 10m}, {@code 3h}, {@code 2d}. A {@code #} starts a comment.
 */
public final class IncidentParser {

    private static final Pattern DAY = Pattern.compile("day(\\d+)(?:T(\\d{1,2}):(\\d{2}))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    private final LocalDate day0;
    private final ZoneId zone;

    public IncidentParser(LocalDate day0, ZoneId zone) {
        this.day0 = day0;
        this.zone = zone;
    }

    /** Parses one line; null for a blank or comment line. */
    public Incident parse(String line) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (text.isEmpty()) {
            return null;
        }
        String[] w = text.split("\\s+");
        try {
            switch (w[0].toLowerCase(Locale.ROOT)) {
                case "silent":
                    expect(w, 4, "silent HOUSEHOLD from TIME [until TIME]");
                    keyword(w, 2, "from");
                    Instant until = null;
                    if (w.length >= 6) {
                        keyword(w, 4, "until");
                        until = time(w[5]);
                    }
                    return new Incident.Silent(w[1], time(w[3]), until);
                case "offline":
                    expect(w, 6, "offline DEVICE at TIME for DURATION");
                    keyword(w, 2, "at");
                    keyword(w, 4, "for");
                    return new Incident.Offline(w[1], time(w[3]), duration(w[5]));
                case "visitors":
                    expect(w, 6, "visitors HOUSEHOLD on DAY count N");
                    keyword(w, 2, "on");
                    keyword(w, 4, "count");
                    return new Incident.Visitors(w[1], time(w[3]), Integer.parseInt(w[5]));
                case "forced":
                    expect(w, 4, "forced DEVICE at TIME");
                    keyword(w, 2, "at");
                    return new Incident.Forced(w[1], time(w[3]));
                case "held-open":
                    expect(w, 6, "held-open DEVICE at TIME for DURATION");
                    keyword(w, 2, "at");
                    keyword(w, 4, "for");
                    return new Incident.HeldOpen(w[1], time(w[3]), duration(w[5]));
                default:
                    throw new IllegalArgumentException("unknown incident '" + w[0]
                            + "'; expected silent, offline, visitors, forced or held-open");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number in '" + text + "'");
        }
    }

    private Instant time(String s) {
        Matcher m = DAY.matcher(s);
        if (m.matches()) {
            LocalTime t = m.group(2) == null ? LocalTime.MIDNIGHT
                    : LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return day0.plusDays(Long.parseLong(m.group(1))).atTime(t).atZone(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + s + "'; expected dayN, dayNTHH:MM or an ISO time with offset");
        }
    }

    private static Duration duration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + s + "'; expected e.g. 30s, 10m, 3h, 2d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void expect(String[] w, int min, String form) {
        if (w.length < min) {
            throw new IllegalArgumentException("expected: " + form);
        }
    }

    private static void keyword(String[] w, int i, String word) {
        if (!w[i].equalsIgnoreCase(word)) {
            throw new IllegalArgumentException("expected '" + word + "' where '" + w[i] + "' is");
        }
    }
}

package org.doorwatch.gateway.staff.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as staff read them, always in the site's zone (a phone set to another zone, or a wall
 * screen's browser, must not shift them): {@code 11-22 08:15} in tables, the full time in the
 * element's {@code datetime} and title.
 */
final class Times {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("M月d日 HH:mm");
    private static final String[] WEEKDAYS = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

    private final ZoneId zone;
    private final Instant now;

    Times(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    ZoneId zone() {
        return zone;
    }

    Instant now() {
        return now;
    }

    /** An API time (ISO with offset), or null when absent or not a time. */
    static Instant parse(String iso) {
        if (iso == null || iso.isBlank() || iso.equals("null")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code <time>} with the short local form; a dash when there is no time. */
    Html time(Instant t) {
        if (t == null) {
            return Html.of("<span class=\"muted\">—</span>");
        }
        ZonedDateTime z = t.atZone(zone);
        return Html.of("<time datetime=\"{}\" title=\"{}\">{}</time>",
                z.toOffsetDateTime().toString(), FULL.format(z), SHORT.format(z));
    }

    Html time(String iso) {
        return time(parse(iso));
    }

    String full(Instant t) {
        return t == null ? "—" : FULL.format(t.atZone(zone));
    }

    /** The wall screen's clock: {@code 11月22日 10:03}. */
    String clock(Instant t) {
        return CLOCK.format(t.atZone(zone));
    }

    /** {@code 11-22 周六}. */
    String day(LocalDate d) {
        return DAY.format(d) + " " + WEEKDAYS[d.getDayOfWeek().getValue() - 1];
    }

    LocalDate today() {
        return now.atZone(zone).toLocalDate();
    }

    /** The time since {@code t}, as a span: {@code 52小时}, {@code 3小时12分}, {@code 8分钟}. */
    String since(Instant t) {
        return t == null ? "—" : span(Duration.between(t, now));
    }

    /**
     * A span as staff say it. Hours are not folded into days below 72 h, because the escalation
     * is spoken in hours (24/48/72); longer spans read better in days.
     */
    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long hours = minutes / 60;
        if (hours >= 72) {
            long days = hours / 24;
            long rest = hours % 24;
            return days + "天" + (rest > 0 ? rest + "小时" : "");
        }
        if (hours > 0) {
            long m = minutes % 60;
            return hours + "小时" + (m > 0 ? m + "分" : "");
        }
        return minutes > 0 ? minutes + "分钟" : "不到1分钟";
    }
}

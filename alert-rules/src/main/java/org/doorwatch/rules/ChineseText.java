package org.doorwatch.rules;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formats figures for Chinese alert texts. */
final class ChineseText {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("M月d日 HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("M月d日 HH:mm:ss");

    private ChineseText() {}

    /**
     * A span of silence as staff say it: {@code 24小时}, {@code 50小时37分钟}, {@code 10分钟},
     * {@code 30秒}. Hours are not folded into days because the escalation policy is spoken
     * in hours (24/48/72).
     */
    static String duration(long millis) {
        if (millis < 0) {
            millis = 0;
        }
        long hours = millis / HOUR;
        long minutes = (millis % HOUR) / MINUTE;
        long seconds = (millis % MINUTE) / SECOND;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append("小时");
        }
        if (minutes > 0) {
            sb.append(minutes).append("分钟");
        }
        if (hours == 0 && (seconds > 0 || minutes == 0)) {
            sb.append(seconds).append("秒");
        }
        return sb.toString();
    }

    /** A local time as staff read it, e.g. {@code 11月22日 08:15}. */
    static String localTime(Instant t, ZoneId zone) {
        return LOCAL.format(t.atZone(zone));
    }

    /** A time of day, e.g. {@code 10:05}. */
    static String clockTime(Instant t, ZoneId zone) {
        return CLOCK.format(t.atZone(zone));
    }

    /**
     * A time of day as a neighbour says it, to the half hour: {@code 8 点} (08:00 to 08:29),
     * {@code 8 点半} (08:30 to 08:59); a 24-hour clock.
     */
    static String clockHalfHour(Instant t, ZoneId zone) {
        LocalTime time = t.atZone(zone).toLocalTime();
        return time.getHour() + " 点" + (time.getMinute() >= 30 ? "半" : "");
    }

    /**
     * A local time with its seconds when they are not zero, e.g. {@code 11月22日 23:15:02}:
     * security evidence (a burst of denials, a door held open for two minutes) is read to the
     * second.
     */
    static String localTimeExact(Instant t, ZoneId zone) {
        var local = t.atZone(zone);
        return (local.getSecond() == 0 && local.getNano() == 0 ? LOCAL : LOCAL_SECONDS).format(local);
    }
}

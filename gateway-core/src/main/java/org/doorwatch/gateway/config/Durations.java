package org.doorwatch.gateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Config durations: a whole number and a unit, {@code 30s}, {@code 10m}, {@code 36h}, {@code 3d};
 * {@code ms} too, for sub-second poll intervals.
 */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    public static final String EXPECTED = "a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)";

    private Durations() {}

    /** The duration, or null when {@code text} is not of the form. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /** The shortest config form of {@code d}: {@code 3d}, {@code 36h}, {@code 90m}, {@code 45s}. */
    public static String format(Duration d) {
        if (d.getNano() % 1_000_000 == 0 && d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
        if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}

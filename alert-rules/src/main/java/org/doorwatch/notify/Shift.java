package org.doorwatch.notify;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of a duty roster (值班表), in local time: the days it starts on and the hours,
 * written {@code "Mon-Fri 08:00-18:00"}, {@code "Sat,Sun 09:00-12:00"}, {@code "daily 20:00-08:00"}
 * or just {@code "08:00-18:00"} (every day). A shift whose end is not after its start runs
 * over midnight into the next day ({@code 20:00-08:00}); equal start and end is 24 hours.
 *
 * @param days the days a shift starts on
 * @param from start, inclusive
 * @param to   end, exclusive
 */
public record Shift(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    public static final String EXPECTED = "days and hours such as \"Mon-Fri 08:00-18:00\", \"Sat,Sun 09:00-12:00\" "
            + "or \"daily 20:00-08:00\" (local time; an end before the start runs past midnight)";

    public Shift {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    /** True when {@code t} (local time of the site) lies in this shift. */
    public boolean covers(LocalDateTime t) {
        DayOfWeek day = t.getDayOfWeek();
        LocalTime time = t.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        // over midnight (or 24 hours): the part on its own day, and the morning after
        return (days.contains(day) && !time.isBefore(from)) || (days.contains(day.minus(1)) && time.isBefore(to));
    }

    /** A parsed shift, or the reason the text is not one. */
    public record Parsed(Shift shift, String problem) {}

    public static Parsed parse(String text) {
        String t = text.trim();
        int space = t.lastIndexOf(' ');
        String dayPart = space < 0 ? "daily" : t.substring(0, space).trim();
        String hourPart = space < 0 ? t : t.substring(space + 1);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        String d = dayPart.toLowerCase(Locale.ROOT).replace(" ", "");
        if (d.equals("daily") || d.equals("every") || d.equals("mon-sun")) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else {
            for (String part : d.split(",")) {
                String[] range = part.split("-", -1);
                if (range.length > 2 || range[0].isEmpty()) {
                    return new Parsed(null, "'" + dayPart + "' is not a list of days; expected " + EXPECTED);
                }
                int a = DAY_NAMES.indexOf(range[0]);
                int b = range.length == 2 ? DAY_NAMES.indexOf(range[1]) : a;
                if (a < 0 || b < 0) {
                    String bad = a < 0 ? range[0] : range[1];
                    return new Parsed(null, "unknown day '" + bad + "'; expected Mon, Tue, Wed, Thu, Fri, Sat, Sun or daily");
                }
                for (int i = a; ; i = (i + 1) % 7) { // Sat-Mon wraps over the week's end
                    days.add(DayOfWeek.of(i + 1));
                    if (i == b) {
                        break;
                    }
                }
            }
        }
        String[] hours = hourPart.split("-", -1);
        if (hours.length != 2) {
            return new Parsed(null, "'" + text.trim() + "' has no hours; expected " + EXPECTED);
        }
        try {
            LocalTime from = time(hours[0]);
            LocalTime to = time(hours[1]);
            return new Parsed(new Shift(days, from, to), null);
        } catch (DateTimeParseException e) {
            return new Parsed(null, "'" + hourPart + "' is not HH:MM-HH:MM; expected " + EXPECTED);
        }
    }

    private static LocalTime time(String s) {
        String v = s.trim();
        if (v.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        if (v.length() == 4 && v.charAt(1) == ':') {
            v = "0" + v;
        }
        return LocalTime.parse(v);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (days.size() == 7) {
            b.append("daily");
        } else {
            for (DayOfWeek day : days) {
                if (b.length() > 0) b.append(',');
                String n = DAY_NAMES.get(day.getValue() - 1);
                b.append(Character.toUpperCase(n.charAt(0))).append(n.substring(1));
            }
        }
        return b.append(' ').append(from).append('-').append(to).toString();
    }
}

package org.doorwatch.simulator;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.AsciiLineSettings;

/**
 * Writes a door event as the line a reader would print for a port's {@code ascii-line}
 * settings: the port's regex read as a layout (its named groups in order, with the literal
 * text between them), each value through the port's maps read backwards.
 *
 * <p>Only regexes that are groups joined by plain separators can be written this way (the
 * usual reader formats are). {@link #of} refuses others with a message, and every line written
 * is checked against the regex, so the simulator never sends a line the gateway's decoder would
 * read differently.
 */
final class LineLayout {

    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final AsciiLineSettings settings;
    private final Pattern regex;
    private final List<String> groups = new ArrayList<>();
    private final List<String> separators = new ArrayList<>();
    private final DateTimeFormatter formatter;
    private final ZoneId zone;

    private LineLayout(AsciiLineSettings settings, ZoneId siteZone) {
        this.settings = settings;
        this.regex = Pattern.compile(settings.regex());
        this.zone = settings.zone() != null ? settings.zone() : siteZone;
        String format = settings.timestampFormat();
        this.formatter = format == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME
                : format.equals(AsciiLineSettings.EPOCH_SECONDS) || format.equals(AsciiLineSettings.EPOCH_MILLIS)
                ? null : DateTimeFormatter.ofPattern(format, Locale.ROOT);
    }

    /** The layout of {@code settings}' regex, or an exception saying why it cannot be written. */
    static LineLayout of(AsciiLineSettings settings, ZoneId siteZone) {
        LineLayout layout = new LineLayout(settings, siteZone);
        String r = settings.regex();
        Matcher m = GROUP.matcher(r);
        int pos = 0;
        while (m.find(pos)) {
            String before = r.substring(pos, m.start());
            layout.separators.add(literal(before, r));
            layout.groups.add(m.group(1));
            pos = closingParen(r, m.end()) + 1;
        }
        layout.separators.add(literal(r.substring(pos), r));
        return layout;
    }

    /** The line for {@code e} (without line end), or null when the port cannot report this event. */
    String line(DoorEvent e) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < groups.size(); i++) {
            sb.append(separators.get(i));
            String value = value(groups.get(i), e);
            if (value == null) {
                return null;
            }
            sb.append(value);
        }
        sb.append(separators.get(groups.size()));
        String line = sb.toString();
        Matcher m = regex.matcher(line);
        if (!m.matches()) {
            throw new IllegalStateException("the line '" + line + "' written for " + e.type()
                    + " does not match the port's regex " + settings.regex());
        }
        return line;
    }

    private String value(String group, DoorEvent e) {
        switch (group) {
            case "ts" -> {
                String format = settings.timestampFormat();
                if (AsciiLineSettings.EPOCH_SECONDS.equals(format)) return Long.toString(e.ts().getEpochSecond());
                if (AsciiLineSettings.EPOCH_MILLIS.equals(format)) return Long.toString(e.ts().toEpochMilli());
                return formatter.format(e.ts().atZone(zone));
            }
            case "device" -> {
                if (e.device() == null) return null;
                return settings.deviceMap().isEmpty() ? e.device() : key(settings.deviceMap(), e.device());
            }
            case "type" -> {
                return settings.typeMap().isEmpty() ? e.type().name() : key(settings.typeMap(), e.type());
            }
            case "credential" -> {
                if (e.credential() == null) return "";
                String prefix = settings.credentialPrefix();
                return prefix != null && e.credential().startsWith(prefix) ? e.credential().substring(prefix.length()) : e.credential();
            }
            case "direction" -> {
                Direction d = e.direction() == null ? Direction.IN : e.direction();
                return settings.directionMap().isEmpty() ? d.name() : key(settings.directionMap(), d);
            }
            default -> {
                return "";
            }
        }
    }

    private static <V> String key(Map<String, V> map, V value) {
        for (Map.Entry<String, V> entry : map.entrySet()) {
            if (entry.getValue().equals(value)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The literal text a regex fragment matches, or an exception if it is not plain text. */
    private static String literal(String fragment, String regex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '\\' && i + 1 < fragment.length() && !Character.isLetterOrDigit(fragment.charAt(i + 1))) {
                out.append(fragment.charAt(++i));
            } else if (c == '^' && i == 0 || c == '$' && i == fragment.length() - 1) {
                continue;
            } else if ("\\[](){}.*+?|".indexOf(c) >= 0) {
                throw new IllegalArgumentException("the simulator writes lines for regexes made of named groups joined by"
                        + " plain text; '" + fragment + "' in " + regex + " is not plain text");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int closingParen(String r, int from) {
        int depth = 1;
        for (int i = from; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                while (i < r.length() && r.charAt(i) != ']') {
                    if (r.charAt(i) == '\\') i++;
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in " + r);
    }

    /** Event types this port can report (all, when its type map is empty). */
    boolean carries(EventType type) {
        return settings.typeMap().isEmpty() || settings.typeMap().containsValue(type);
    }
}

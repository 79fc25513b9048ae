package org.doorwatch.drivers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.EventType;

/**
 * Protocol {@code ascii-line}: one event per line, read by a regular expression with named groups,
 * so that a new reader model is a config change. See {@code AsciiLineDecoder} for the wire format
 * and the README for examples.
 *
 * @param regex           matched against the whole line (leading and trailing blanks and control
 *                        characters such as STX/ETX removed); named groups {@code device}, {@code type},
 *                        {@code credential}, {@code direction}, {@code ts} are used, others ignored
 * @param device          the device id when the regex has no {@code device} group (one reader per port); else null
 * @param deviceMap       reader address as printed to device id, e.g. {@code "01" -> "gate-3-in"}; empty: the
 *                        printed value is the device id; when not empty an address missing from it is invalid
 * @param type            the event type when the regex has no {@code type} group; else null
 * @param typeMap         printed type to event type, e.g. {@code "O" -> DOOR_OPENED}; empty: the printed value
 *                        must be an event type name ({@code DOOR_OPENED}, any case)
 * @param direction       the direction when the regex has no {@code direction} group (a reader mounted
 *                        outside reads IN); null when unknown
 * @param directionMap    printed direction to IN/OUT, e.g. {@code "1" -> IN}; empty: {@code IN}/{@code OUT}, any case
 * @param credentialPrefix put before the {@code credential} group, e.g. {@code card:} (SPEC section 4); the
 *                        credential is upper-cased so that {@code 5a3c91} and {@code 5A3C91} are one card
 * @param timestampFormat a {@link DateTimeFormatter} pattern such as {@code yyyy-MM-dd HH:mm:ss}, or
 *                        {@code epochSeconds} / {@code epochMillis}; required with a {@code ts} group, null without
 * @param zone            the zone of printed local times; null: the zone of the injected clock (the site's)
 * @param charset         the line encoding; readers made for the Chinese market often print GBK
 * @param maxLineLength   longest line accepted, in bytes without the terminator; longer lines are dropped
 * @param maxClockSkew    a device time further than this from the receive time is replaced by the receive
 *                        time (a reader whose RTC battery died prints 2000-01-01; one that runs ahead would
 *                        hide inactivity); null trusts the device clock always
 * @param faultAfter      when the port or connection has been down this long, every known device of the
 *                        source ({@code device}, or the values of {@code deviceMap}) gets one DEVICE_FAULT
 */
public record AsciiLineSettings(
        String regex,
        String device,
        Map<String, String> deviceMap,
        EventType type,
        Map<String, EventType> typeMap,
        Direction direction,
        Map<String, Direction> directionMap,
        String credentialPrefix,
        String timestampFormat,
        ZoneId zone,
        Charset charset,
        int maxLineLength,
        Duration maxClockSkew,
        Duration faultAfter) implements ProtocolSettings {

    public static final String PROTOCOL = "ascii-line";
    public static final String EPOCH_SECONDS = "epochSeconds";
    public static final String EPOCH_MILLIS = "epochMillis";
    /** Enough for any reader line we know (the longest, a verbose controller log line, is ~120 bytes). */
    public static final int DEFAULT_MAX_LINE_LENGTH = 256;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_FAULT_AFTER = Duration.ofSeconds(60);

    private static final Set<String> GROUPS = Set.of("device", "type", "credential", "direction", "ts");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    public AsciiLineSettings {
        deviceMap = copyWithoutNulls(deviceMap, "deviceMap");
        typeMap = copyWithoutNulls(typeMap, "typeMap");
        directionMap = copyWithoutNulls(directionMap, "directionMap");
        credentialPrefix = credentialPrefix == null ? "" : credentialPrefix;
        charset = charset == null ? StandardCharsets.UTF_8 : charset;

        var p = new Problems("ascii-line settings");
        Set<String> groups = Set.of();
        if (regex == null || regex.isBlank()) {
            p.add("regex: expected a regular expression with named groups, found nothing");
        } else {
            try {
                Pattern.compile(regex);
                groups = groupNames(regex);
            } catch (PatternSyntaxException e) {
                p.add("regex: expected a valid regular expression, found '" + regex + "': "
                        + e.getDescription() + " near index " + e.getIndex());
            }
            if (groups.stream().noneMatch(GROUPS::contains) && !groups.isEmpty()) {
                p.add("regex: expected named groups among " + new TreeSet<>(GROUPS) + ", found " + new TreeSet<>(groups));
            }
        }
        boolean hasDevice = groups.contains("device");
        p.check(hasDevice || (device != null && !device.isBlank()),
                "device: the regex has no (?<device>...) group, so a fixed device id is required");
        p.check(!(hasDevice && device != null), "device: set a fixed device or a (?<device>...) group, not both");
        p.check(deviceMap.isEmpty() || hasDevice, "deviceMap: needs a (?<device>...) group in the regex");
        p.check(deviceMap.values().stream().noneMatch(v -> v == null || v.isBlank()), "deviceMap: a device id is blank");

        boolean hasType = groups.contains("type");
        p.check(hasType || type != null, "type: the regex has no (?<type>...) group, so a fixed event type is required");
        p.check(!(hasType && type != null), "type: set a fixed type or a (?<type>...) group, not both");
        p.check(typeMap.isEmpty() || hasType, "typeMap: needs a (?<type>...) group in the regex");
        p.check(typeMap.values().stream().noneMatch(t -> t != null && t.isStaffAction()),
                "typeMap: CONFIRMED_WELL, AWAY and AWAY_CLEARED are staff actions, not device events");
        p.check(type == null || !type.isStaffAction(), "type: " + type + " is a staff action, not a device event");

        boolean hasDirection = groups.contains("direction");
        p.check(!(hasDirection && direction != null), "direction: set a fixed direction or a (?<direction>...) group, not both");
        p.check(directionMap.isEmpty() || hasDirection, "directionMap: needs a (?<direction>...) group in the regex");

        boolean hasTs = groups.contains("ts");
        p.check(!hasTs || timestampFormat != null, "timestampFormat: the regex has a (?<ts>...) group, so a format such as"
                + " 'yyyy-MM-dd HH:mm:ss' or 'epochSeconds' is required");
        p.check(hasTs || timestampFormat == null, "timestampFormat: needs a (?<ts>...) group in the regex");
        if (timestampFormat != null && !timestampFormat.equals(EPOCH_SECONDS) && !timestampFormat.equals(EPOCH_MILLIS)) {
            try {
                DateTimeFormatter.ofPattern(timestampFormat);
            } catch (IllegalArgumentException e) {
                p.add("timestampFormat: expected a java.time pattern such as 'yyyy-MM-dd HH:mm:ss', found '"
                        + timestampFormat + "': " + e.getMessage());
            }
        }
        p.check(maxLineLength >= 16 && maxLineLength <= 65_536, "maxLineLength: expected 16 to 65536 bytes, found " + maxLineLength);
        p.check(maxClockSkew == null || maxClockSkew.toMillis() > 0, "maxClockSkew: expected a positive duration, found " + maxClockSkew);
        p.check(faultAfter != null && faultAfter.toMillis() > 0, "faultAfter: expected a positive duration, found " + faultAfter);
        p.throwIfAny();
    }

    @Override
    public String protocolName() {
        return PROTOCOL;
    }

    private static <V> Map<String, V> copyWithoutNulls(Map<String, V> map, String key) {
        if (map == null) {
            return Map.of();
        }
        for (var e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("ascii-line settings: " + key + ": entry '" + e.getKey()
                        + "' has no value (expected a printed value mapped to a value)");
            }
        }
        return Map.copyOf(map);
    }

    /** Names of the named groups in {@code regex}. */
    static Set<String> groupNames(String regex) {
        Set<String> names = new TreeSet<>();
        Matcher m = GROUP_NAME.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static Builder builder(String regex) {
        return new Builder(regex);
    }

    /** For code and tests; the config loader may call the canonical constructor instead. */
    public static final class Builder {
        private final String regex;
        private String device;
        private final Map<String, String> deviceMap = new LinkedHashMap<>();
        private EventType type;
        private final Map<String, EventType> typeMap = new LinkedHashMap<>();
        private Direction direction;
        private final Map<String, Direction> directionMap = new LinkedHashMap<>();
        private String credentialPrefix = "card:";
        private String timestampFormat;
        private ZoneId zone;
        private Charset charset = StandardCharsets.UTF_8;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private Duration faultAfter = DEFAULT_FAULT_AFTER;

        private Builder(String regex) {
            this.regex = regex;
        }

        public Builder device(String device) { this.device = device; return this; }
        public Builder mapDevice(String printed, String device) { deviceMap.put(printed, device); return this; }
        public Builder type(EventType type) { this.type = type; return this; }
        public Builder mapType(String printed, EventType type) { typeMap.put(printed, type); return this; }
        public Builder direction(Direction direction) { this.direction = direction; return this; }
        public Builder mapDirection(String printed, Direction direction) { directionMap.put(printed, direction); return this; }
        public Builder credentialPrefix(String prefix) { this.credentialPrefix = prefix; return this; }
        public Builder timestampFormat(String format) { this.timestampFormat = format; return this; }
        public Builder zone(ZoneId zone) { this.zone = zone; return this; }
        public Builder charset(Charset charset) { this.charset = charset; return this; }
        public Builder maxLineLength(int max) { this.maxLineLength = max; return this; }
        public Builder maxClockSkew(Duration skew) { this.maxClockSkew = skew; return this; }
        public Builder faultAfter(Duration after) { this.faultAfter = after; return this; }

        public AsciiLineSettings build() {
            return new AsciiLineSettings(regex, device, deviceMap, type, typeMap, direction, directionMap,
                    credentialPrefix, timestampFormat, zone, charset, maxLineLength, maxClockSkew, faultAfter);
        }
    }
}

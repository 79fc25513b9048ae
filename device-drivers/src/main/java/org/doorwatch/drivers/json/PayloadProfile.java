package org.doorwatch.drivers.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/**
 * Reads one vendor's JSON as a {@link DoorEvent}, as a config {@code profiles:} entry
 * describes it, so that a new vendor is a config change rather than a code change.
 *
 * <pre>
 * acme-v2:
 *   fields: { device: /devId, type: /evt/code, ts: /evt/time, credential: /evt/card, household: /room, direction: /evt/dir }
 *   values: { type: { "1": DOOR_OPENED, "2": DOOR_CLOSED }, direction: { "0": IN, "1": OUT } }
 *   timeFormat: epoch-ms
 *
 * {"devId":"door-9","room":"3-2-501","evt":{"code":1,"time":1795306500000,"card":"5A3C91","dir":0}}
 *   -&gt; DOOR_OPENED of door-9 at 2026-11-22T00:15:00Z, household 3-2-501, credential 5A3C91, IN
 * </pre>
 *
 * <ul>
 *   <li>{@code fields} maps a normalized field ({@link #FIELDS}) to a JSON Pointer (RFC 6901)
 *       into the vendor's object. Only {@code type} is required. A field the profile does not
 *       map is not read: {@code ts} then is the receive time, {@code device} comes from the
 *       caller (the MQTT topic or the device config).</li>
 *   <li>A vendor value may be a string, a number or a boolean; it is read as its text
 *       ({@code 1}, {@code 1.5}, {@code true}).</li>
 *   <li>{@code values} renames vendor values per field. For {@code type} and {@code direction}
 *       a value that is not in the map must already be a normalized name (case-insensitive);
 *       for the other fields an unmapped value passes through unchanged.</li>
 *   <li>{@code timeFormat}: {@code iso} (with offset, or site-local without), {@code epoch-s}
 *       (may have a fraction), {@code epoch-ms}, or a {@link DateTimeFormatter} pattern read in
 *       the site's zone unless the pattern carries an offset.</li>
 * </ul>
 *
 * <p>Bad input is a value, never an exception: a {@link ParsedEvent} error with the same
 * reason codes as {@link EventJson} ({@code oversized}, {@code not-json}, {@code not-object},
 * {@code missing-field}, {@code bad-field}, {@code bad-type}, {@code bad-timestamp}) and a
 * message naming the field, its path, what was found and what was expected. Staff actions
 * ({@code CONFIRMED_WELL}, {@code AWAY}, {@code AWAY_CLEARED}) never come from a device
 * profile. Instances are immutable and thread-safe.
 */
public final class PayloadProfile {

    /** The normalized fields a profile can map, in the order messages list them. */
    public static final List<String> FIELDS = List.of("ts", "device", "type", "household", "credential", "direction");

    /** Profiles whose reading of the vendor's JSON is code, not pointers: {@code builtin: uhppoted-mqtt}. */
    public static final List<String> BUILT_INS = List.of(UhppotedMqttEvent.NAME);

    public static final String ISO = "iso";
    public static final String EPOCH_S = "epoch-s";
    public static final String EPOCH_MS = "epoch-ms";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final Map<String, JsonPointer> pointers;
    private final Map<String, String> paths;
    private final Map<String, Map<String, String>> values;
    private final String timeFormat;
    /** Non-null when {@link #timeFormat} is a pattern. */
    private final DateTimeFormatter pattern;
    /** A built-in profile's first step: the vendor's JSON to the flat object its pointers read; else null. */
    private final java.util.function.Function<JsonNode, JsonNode> flatten;

    private PayloadProfile(String name, Map<String, String> fields, Map<String, Map<String, String>> values,
                           String timeFormat, java.util.function.Function<JsonNode, JsonNode> flatten) {
        this.name = name;
        this.flatten = flatten;
        Map<String, JsonPointer> ps = new LinkedHashMap<>();
        for (String f : FIELDS) {
            if (fields.containsKey(f)) {
                ps.put(f, JsonPointer.compile(fields.get(f)));
            }
        }
        this.pointers = Map.copyOf(ps);
        this.paths = Map.copyOf(fields);
        Map<String, Map<String, String>> vs = new LinkedHashMap<>();
        values.forEach((field, map) -> vs.put(field, Map.copyOf(map)));
        this.values = Map.copyOf(vs);
        this.timeFormat = timeFormat;
        this.pattern = isKeyword(timeFormat) ? null : DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
    }

    /**
     * A profile; every argument is checked as the config validator checks it.
     *
     * @param fields     normalized field to JSON Pointer; must contain {@code type}
     * @param values     per field, vendor value to normalized value; may be empty
     * @param timeFormat {@code iso}, {@code epoch-s}, {@code epoch-ms} or a pattern; null means iso
     * @throws IllegalArgumentException naming the first mistake
     */
    public static PayloadProfile of(String name, Map<String, String> fields, Map<String, Map<String, String>> values,
                                    String timeFormat) {
        Objects.requireNonNull(name, "name");
        String format = timeFormat == null ? ISO : timeFormat;
        List<String> problems = new ArrayList<>();
        if (!fields.containsKey("type")) {
            problems.add("fields: 'type' is required; expected the path of the event type, e.g. /evt/code");
        }
        fields.forEach((field, path) -> {
            String p = fieldProblem(field);
            if (p == null) {
                p = pointerProblem(path);
            }
            if (p != null) {
                problems.add("fields." + field + ": " + p);
            }
        });
        values.forEach((field, map) -> {
            if (!FIELDS.contains(field) || field.equals("ts")) {
                problems.add("values." + field + ": " + (field.equals("ts")
                        ? "timestamps are not renamed; use timeFormat" : fieldProblem(field)));
                return;
            }
            map.forEach((vendor, normalized) -> {
                String p = valueProblem(field, normalized);
                if (p != null) {
                    problems.add("values." + field + "." + vendor + ": " + p);
                }
            });
        });
        String tf = timeFormatProblem(format);
        if (tf != null) {
            problems.add("timeFormat: " + tf);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("profile '" + name + "': " + String.join("; ", problems));
        }
        return new PayloadProfile(name, fields, values, format, null);
    }

    /**
     * A built-in profile: {@code uhppoted-mqtt} ({@link UhppotedMqttEvent}). Its fields and time
     * format are fixed; {@code values} renames as in any profile, typically the devices:
     * {@code values: { device: { "405419896/1": gate-3-in } }} (controller serial / door).
     *
     * @throws IllegalArgumentException naming the first mistake
     */
    public static PayloadProfile builtIn(String name, String builtin, Map<String, Map<String, String>> values) {
        Objects.requireNonNull(name, "name");
        String problem = builtInProblem(builtin);
        if (problem != null) {
            throw new IllegalArgumentException("profile '" + name + "': builtin: " + problem);
        }
        of(name, UhppotedMqttEvent.FIELDS, values, UhppotedMqttEvent.TIME_FORMAT); // the same checks of values
        return new PayloadProfile(name, UhppotedMqttEvent.FIELDS, values, UhppotedMqttEvent.TIME_FORMAT,
                root -> UhppotedMqttEvent.flatten(root, values));
    }

    /** Why {@code builtin} names no built-in profile, or null. */
    public static String builtInProblem(String builtin) {
        return BUILT_INS.contains(builtin) ? null
                : "unknown built-in profile '" + builtin + "'; expected one of " + String.join(", ", BUILT_INS);
    }

    // ---------------------------------------------------------------- checks the config validator shares

    /** Why {@code field} cannot be mapped, or null when it can. */
    public static String fieldProblem(String field) {
        return FIELDS.contains(field) ? null
                : "unknown field '" + field + "'; expected one of " + String.join(", ", FIELDS);
    }

    /** Why {@code path} is not a usable JSON Pointer, or null when it is. */
    public static String pointerProblem(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "'" + path + "' is not a JSON Pointer; expected a path starting with '/', e.g. /evt/code";
        }
        try {
            JsonPointer.compile(path);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + path + "' is not a JSON Pointer (" + e.getMessage() + ")";
        }
    }

    /** Why {@code normalized} is not a value {@code field} can be renamed to, or null. */
    public static String valueProblem(String field, String normalized) {
        if (normalized == null || normalized.isBlank()) {
            return "empty; expected the normalized value";
        }
        if (field.equals("type")) {
            EventType t = eventType(normalized);
            if (t == null) {
                return "'" + normalized + "' is not an event type; expected one of " + deviceEventTypes();
            }
            if (t.isStaffAction()) {
                return "'" + normalized + "' is a staff action, which devices cannot report; expected one of "
                        + deviceEventTypes();
            }
        } else if (field.equals("direction") && direction(normalized) == null) {
            return "'" + normalized + "' is not a direction; expected IN or OUT";
        }
        return null;
    }

    /** Why {@code timeFormat} is not usable, or null. */
    public static String timeFormatProblem(String timeFormat) {
        if (timeFormat == null || timeFormat.isBlank()) {
            return "empty; expected iso, epoch-s, epoch-ms or a java.time pattern such as yyyy-MM-dd HH:mm:ss";
        }
        if (isKeyword(timeFormat)) {
            return null;
        }
        try {
            DateTimeFormatter f = DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
            // Round-trip a known instant: a pattern without a full date and time of day would
            // otherwise be accepted here and fail on every message.
            String probe = f.format(ZonedDateTime.of(2026, 11, 22, 8, 15, 30, 0, ZoneId.of("Asia/Shanghai")));
            try {
                f.parseBest(probe, ZonedDateTime::from, LocalDateTime::from);
            } catch (DateTimeException e) {
                return "'" + timeFormat + "' does not give a date and a time of day; expected e.g. yyyy-MM-dd HH:mm:ss";
            }
            return null;
        } catch (IllegalArgumentException | DateTimeException e) {
            return "'" + timeFormat + "' is not iso, epoch-s, epoch-ms or a usable java.time pattern (" + e.getMessage() + ")";
        }
    }

    // ---------------------------------------------------------------- parsing

    public String name() {
        return name;
    }

    /**
     * Reads one vendor message.
     *
     * @param text       the payload
     * @param zone       the site's zone, for local timestamps
     * @param deviceHint the device when the payload names none (from the topic or the device
     *                   config), or null
     * @param receivedAt the timestamp when the profile maps no {@code ts} or the payload lacks
     *                   it, or null to require one
     */
    public ParsedEvent parse(String text, ZoneId zone, String deviceHint, Instant receivedAt) {
        if (text.length() > EventJson.MAX_BYTES) {
            return ParsedEvent.error("oversized", "payload of " + text.length() + " characters exceeds " + EventJson.MAX_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ParsedEvent.error("not-json", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isContainerNode()) {
            return ParsedEvent.error("not-object", "expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        try {
            return ParsedEvent.ok(read(flatten == null ? root : flatten.apply(root), zone, deviceHint, receivedAt));
        } catch (EventJson.FieldException e) {
            return ParsedEvent.error(e.reason, e.getMessage());
        }
    }

    private DoorEvent read(JsonNode root, ZoneId zone, String deviceHint, Instant receivedAt) {
        String typeText = mapped(root, "type");
        if (typeText == null) {
            throw new EventJson.FieldException("missing-field", "missing field 'type' at " + paths.get("type"));
        }
        EventType type = eventType(typeText);
        if (type == null || type.isStaffAction()) {
            String raw = raw(root, "type");
            throw new EventJson.FieldException("bad-type", "field 'type' at " + paths.get("type") + ": vendor value '"
                    + raw + "' is " + (values.containsKey("type") ? "not in the profile's map " + values.get("type").keySet() + " and " : "")
                    + "not a device event type");
        }
        Instant ts = receivedAt;
        JsonNode tsNode = pointers.containsKey("ts") ? root.at(pointers.get("ts")) : null;
        if (tsNode != null && !tsNode.isMissingNode() && !tsNode.isNull()) {
            ts = time(tsNode, zone);
        } else if (receivedAt == null) {
            throw new EventJson.FieldException("missing-field", "missing field 'ts'"
                    + (pointers.containsKey("ts") ? " at " + paths.get("ts") : " (the profile maps none)"));
        }
        String device = mapped(root, "device");
        if (device == null) {
            device = deviceHint;
        }
        String household = mapped(root, "household");
        String credential = mapped(root, "credential");
        String directionText = mapped(root, "direction");
        Direction direction = null;
        if (directionText != null) {
            direction = direction(directionText);
            if (direction == null) {
                throw new EventJson.FieldException("bad-field", "field 'direction' at " + paths.get("direction")
                        + ": vendor value '" + raw(root, "direction") + "' is not mapped to IN or OUT");
            }
        }
        if (device == null && household == null) {
            throw new EventJson.FieldException("missing-field", "a " + type + " event needs 'device' or 'household'");
        }
        return new DoorEvent(ts, device, type, household, credential, direction, null, null);
    }

    /** The field's vendor value renamed through the profile's map; null when absent. */
    private String mapped(JsonNode root, String field) {
        String raw = raw(root, field);
        if (raw == null) {
            return null;
        }
        Map<String, String> map = values.get(field);
        if (map != null) {
            String v = map.get(raw);
            if (v != null) {
                return v;
            }
        }
        return raw;
    }

    /** The field's vendor value as text; null when unmapped, absent, JSON null or empty. */
    private String raw(JsonNode root, String field) {
        JsonPointer p = pointers.get(field);
        if (p == null) {
            return null;
        }
        JsonNode v = root.at(p);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new EventJson.FieldException("bad-field", "field '" + field + "' at " + paths.get(field)
                    + ": expected a string, number or boolean, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private Instant time(JsonNode v, ZoneId zone) {
        String where = "field 'ts' at " + paths.get("ts") + ": ";
        if (!v.isValueNode()) {
            throw new EventJson.FieldException("bad-field", where + "expected a time, found "
                    + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String text = v.asText().trim();
        try {
            return TimeRange.check(parseTime(v, text, zone));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new EventJson.FieldException("bad-timestamp", where + "expected " + describeFormat() + ", found '" + text + "'");
        }
    }

    private Instant parseTime(JsonNode v, String text, ZoneId zone) {
        switch (timeFormat) {
            case ISO:
                return EventJson.parseTime(text, zone);
            case EPOCH_S:
                return Instant.ofEpochMilli(epochMillis(v.isNumber() ? v.decimalValue() : new BigDecimal(text)));
            case EPOCH_MS:
                return Instant.ofEpochMilli(v.isIntegralNumber() ? v.longValue() : Long.parseLong(text));
            default: {
                TemporalAccessor t = pattern.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
                return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).atZone(zone).toInstant();
            }
        }
    }

    /**
     * Seconds (with a fraction) to whole milliseconds, rounded down. The exponent is checked
     * before any digit is expanded: {@code "1e999999999"} is a valid BigDecimal whose
     * {@code setScale} would compute a billion-digit number, and {@code "1e-999999999"} one whose
     * rounding would divide by one. {@code movePointRight} expands too (to scale 0 when the scale
     * goes negative: {@code "99e19999999"} took minutes, found by scripts/fuzz); {@code
     * scaleByPowerOfTen} only moves the decimal point.
     */
    static long epochMillis(BigDecimal seconds) {
        BigDecimal ms = seconds.scaleByPowerOfTen(3);
        long integerDigits = (long) ms.precision() - ms.scale();
        if (integerDigits > 19) {
            throw new ArithmeticException("too large for epoch milliseconds");
        }
        if (integerDigits <= 0) {
            return ms.signum() < 0 ? -1 : 0; // |ms| < 1
        }
        return ms.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private String describeFormat() {
        switch (timeFormat) {
            case ISO: return "an ISO-8601 time like 2026-11-22T08:15:00+08:00";
            case EPOCH_S: return "seconds since 1970-01-01T00:00Z";
            case EPOCH_MS: return "milliseconds since 1970-01-01T00:00Z";
            default: return "a time of the form " + timeFormat;
        }
    }

    private static boolean isKeyword(String timeFormat) {
        return timeFormat.equals(ISO) || timeFormat.equals(EPOCH_S) || timeFormat.equals(EPOCH_MS);
    }

    private static EventType eventType(String s) {
        try {
            return EventType.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Direction direction(String s) {
        try {
            return Direction.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String deviceEventTypes() {
        List<String> names = new ArrayList<>();
        for (EventType t : EventType.values()) {
            if (!t.isStaffAction()) {
                names.add(t.name());
            }
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return "PayloadProfile[" + name + ", fields " + paths + ", timeFormat " + timeFormat + "]";
    }
}

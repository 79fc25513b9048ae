package org.doorwatch.drivers;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.json.TimeRange;

/**
 * Protocol {@code ascii-line}: bytes in, door events (or invalid frames) out. Pure apart from
 * reading the injected clock for the receive time.
 *
 * <pre>
 *  one frame = one line (see {@link LineFramer}):
 *  +------------+--------------------------------------------+------------+------------------+
 *  | noise      | text in the configured charset, matched    | noise      | CR, LF or CR LF  |
 *  | (optional) | whole by the regex:                        | (optional) |                  |
 *  | STX, NUL,  |  e.g. "2026-11-22 08:15:00,01,G,5A3C91,1"   | ETX, blanks|                  |
 *  | blanks     |   (?<ts>)        (?<device>)(?<type>)      |            |                  |
 *  |            |                     (?<credential>)(?<direction>)       |                  |
 *  +------------+--------------------------------------------+------------+------------------+
 *   max maxLineLength bytes between terminators
 * </pre>
 *
 * Each line is decoded on its own, so a bad line never spoils the next one: the terminator is the
 * resynchronisation point. Steps, each failure an {@link InvalidFrame} with a stable reason:
 * charset decoding ({@code bad-encoding}: a flipped bit in GBK or UTF-8 text usually lands here),
 * whole-line regex match ({@code no-match}), then the groups through their maps
 * ({@code bad-device}, {@code bad-type}, {@code bad-direction}, {@code bad-timestamp}); an over-long
 * line is {@code line-too-long}. Blank lines are skipped silently (readers send them as keep-alives).
 *
 * <p>A device time further than {@code maxClockSkew} from the receive time is replaced by the
 * receive time and counted: the rules treat an old timestamp as a stale report, so trusting a
 * reader whose clock reset to 2000-01-01 would throw away real door activity.
 *
 * <p>Messages quote lines with card-like numbers masked ({@link Redact}).
 * Not thread-safe: one decoder per connection, fed by one thread.
 */
final class AsciiLineDecoder {

    static final String LINE_TOO_LONG = "line-too-long";
    static final String BAD_ENCODING = "bad-encoding";
    static final String NO_MATCH = "no-match";
    static final String BAD_DEVICE = "bad-device";
    static final String BAD_TYPE = "bad-type";
    static final String BAD_DIRECTION = "bad-direction";
    static final String BAD_TIMESTAMP = "bad-timestamp";

    private final AsciiLineSettings settings;
    private final String source;
    private final Clock clock;
    private final LineFramer framer;
    private final Pattern pattern;
    private final boolean hasDevice;
    private final boolean hasType;
    private final boolean hasDirection;
    private final boolean hasCredential;
    private final boolean hasTs;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final CharsetDecoder charsetDecoder;

    private long events;
    private long clockCorrections;
    private final Map<String, Long> invalidByReason = new HashMap<>();

    AsciiLineDecoder(AsciiLineSettings settings, String source, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.clock = clock;
        this.framer = new LineFramer(settings.maxLineLength());
        this.pattern = Pattern.compile(settings.regex());
        var groups = AsciiLineSettings.groupNames(settings.regex());
        this.hasDevice = groups.contains("device");
        this.hasType = groups.contains("type");
        this.hasDirection = groups.contains("direction");
        this.hasCredential = groups.contains("credential");
        this.hasTs = groups.contains("ts");
        String format = settings.timestampFormat();
        this.formatter = format == null || format.equals(AsciiLineSettings.EPOCH_SECONDS)
                || format.equals(AsciiLineSettings.EPOCH_MILLIS) ? null : DateTimeFormatter.ofPattern(format, Locale.ROOT);
        this.zone = settings.zone() != null ? settings.zone() : clock.getZone();
        this.charsetDecoder = settings.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Feeds bytes as read; returns what the lines they complete decode to, in order. */
    List<Decoded> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    List<Decoded> feed(byte[] data, int offset, int count) {
        List<Decoded> out = new ArrayList<>(2);
        framer.feed(data, offset, count, frame -> {
            Decoded d = decodeFrame(frame);
            if (d != null) {
                out.add(d);
            }
        });
        return out;
    }

    /** Forgets a partial line (after a reconnect). */
    void reset() {
        framer.reset();
    }

    long events() {
        return events;
    }

    long clockCorrections() {
        return clockCorrections;
    }

    long invalid(String reason) {
        return invalidByReason.getOrDefault(reason, 0L);
    }

    private Decoded decodeFrame(LineFramer.Frame frame) {
        if (frame instanceof LineFramer.TooLong t) {
            return invalid(LINE_TOO_LONG, t.prefix(), "expected CR or LF within " + t.maxLength()
                    + " bytes, found a longer line; dropped up to the next line end");
        }
        byte[] raw = ((LineFramer.Line) frame).bytes();
        return decodeLine(raw, clock.instant());
    }

    /** Decodes one line (without terminator) received at {@code receivedAt}; null for a blank line. */
    Decoded decodeLine(byte[] raw, Instant receivedAt) {
        String text;
        try {
            CharBuffer chars = charsetDecoder.reset().decode(ByteBuffer.wrap(raw));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            int at = firstUndecodable(raw);
            return invalid(BAD_ENCODING, raw, "expected " + settings.charset().name() + " text, found byte 0x"
                    + (at < 0 ? "??" : String.format("%02X", raw[at] & 0xFF)) + " at offset " + at
                    + " that does not decode");
        }
        String line = trimNoise(text);
        if (line.isEmpty()) {
            return null;
        }
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return invalid(NO_MATCH, raw, "expected a line matching " + settings.regex() + ", found '"
                    + Redact.line(line) + "'");
        }

        String device;
        if (hasDevice) {
            String printed = group(m, "device");
            if (printed == null) {
                return invalid(BAD_DEVICE, raw, "device: expected a reader address, found none");
            }
            if (settings.deviceMap().isEmpty()) {
                device = printed;
            } else {
                device = settings.deviceMap().get(printed);
                if (device == null) {
                    return invalid(BAD_DEVICE, raw, "device: expected one of " + new TreeSet<>(settings.deviceMap().keySet())
                            + " (deviceMap), found '" + printed + "'");
                }
            }
        } else {
            device = settings.device();
        }

        EventType type;
        if (hasType) {
            String printed = group(m, "type");
            type = printed == null ? null : settings.typeMap().isEmpty() ? eventTypeNamed(printed) : settings.typeMap().get(printed);
            if (type == null) {
                String expected = settings.typeMap().isEmpty() ? "an event type name such as DOOR_OPENED"
                        : "one of " + new TreeSet<>(settings.typeMap().keySet()) + " (typeMap)";
                return invalid(BAD_TYPE, raw, "type: expected " + expected + ", found '" + (printed == null ? "" : printed) + "'");
            }
        } else {
            type = settings.type();
        }

        Direction direction = settings.direction();
        if (hasDirection) {
            String printed = group(m, "direction");
            if (printed != null) {
                direction = settings.directionMap().isEmpty() ? directionNamed(printed) : settings.directionMap().get(printed);
                if (direction == null) {
                    String expected = settings.directionMap().isEmpty() ? "IN or OUT"
                            : "one of " + new TreeSet<>(settings.directionMap().keySet()) + " (directionMap)";
                    return invalid(BAD_DIRECTION, raw, "direction: expected " + expected + ", found '" + printed + "'");
                }
            }
        }

        String credential = null;
        if (hasCredential) {
            String printed = group(m, "credential");
            if (printed != null) {
                credential = settings.credentialPrefix() + printed.toUpperCase(Locale.ROOT);
            }
        }

        Instant ts = receivedAt;
        if (hasTs) {
            String printed = group(m, "ts");
            if (printed == null) {
                return invalid(BAD_TIMESTAMP, raw, "ts: expected a time as '" + settings.timestampFormat() + "', found none");
            }
            try {
                ts = parseTimestamp(printed);
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                return invalid(BAD_TIMESTAMP, raw, "ts: expected a time as '" + settings.timestampFormat()
                        + "', found '" + printed + "'");
            }
            Duration skew = settings.maxClockSkew();
            if (skew != null && Duration.between(receivedAt, ts).abs().compareTo(skew) > 0) {
                clockCorrections++;
                ts = receivedAt;
            }
        }

        events++;
        return new Decoded.Event(new DoorEvent(ts, device, type, null, credential, direction, null, null));
    }

    private Decoded.Invalid invalid(String reason, byte[] raw, String message) {
        invalidByReason.merge(reason, 1L, Long::sum);
        return new Decoded.Invalid(new InvalidFrame(source, reason, raw, message));
    }

    /** The printed time; outside {@link TimeRange} (epoch seconds can name year 292 billion) it is refused. */
    private Instant parseTimestamp(String printed) {
        return TimeRange.check(parsePrinted(printed));
    }

    private Instant parsePrinted(String printed) {
        String format = settings.timestampFormat();
        if (format.equals(AsciiLineSettings.EPOCH_SECONDS)) {
            return Instant.ofEpochSecond(Long.parseLong(printed));
        }
        if (format.equals(AsciiLineSettings.EPOCH_MILLIS)) {
            return Instant.ofEpochMilli(Long.parseLong(printed));
        }
        TemporalAccessor t = formatter.parseBest(printed, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
        if (t instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((LocalDateTime) t).atZone(zone).toInstant();
    }

    /** A group's text, or null when it took no part in the match or matched only blanks. */
    private static String group(Matcher m, String name) {
        String s = m.group(name);
        if (s == null) {
            return null;
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    private static EventType eventTypeNamed(String printed) {
        try {
            EventType t = EventType.valueOf(printed.toUpperCase(Locale.ROOT));
            return t.isStaffAction() ? null : t;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Direction directionNamed(String printed) {
        try {
            return Direction.valueOf(printed.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Removes blanks and control characters (STX, ETX, NUL from line noise) at both ends. */
    static String trimNoise(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isNoise(s.charAt(start))) {
            start++;
        }
        while (end > start && isNoise(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isNoise(char c) {
        return c <= ' ' || c == 0x7F || Character.isWhitespace(c);
    }

    /** The offset of the first byte that does not decode, found by decoding ever longer prefixes. */
    private int firstUndecodable(byte[] raw) {
        CharsetDecoder d = settings.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length * 2 + 4);
        var result = d.decode(in, out, true);
        return result.isError() ? in.position() : -1;
    }
}

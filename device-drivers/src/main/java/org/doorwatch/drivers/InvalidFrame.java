package org.doorwatch.drivers;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Bytes that a decoder dropped, as a value.
 *
 * @param source  the source that read them
 * @param reason  a short stable code fit for a metrics label: {@code line-too-long}, {@code no-match},
 *                {@code bad-type}, {@code bad-direction}, {@code bad-device}, {@code bad-timestamp},
 *                {@code bad-encoding}, {@code modbus-timeout}, {@code modbus-error}
 * @param raw     the offending bytes (for an over-long line: the first {@code maxLineLength} of them)
 * @param message what was expected and what was found, for a log line. May quote the raw line, which
 *                can hold a card number: log it at DEBUG, not INFO.
 */
public record InvalidFrame(String source, String reason, byte[] raw, String message) {

    public InvalidFrame {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        raw = raw == null ? new byte[0] : raw.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvalidFrame f && source.equals(f.source) && reason.equals(f.reason)
                && Arrays.equals(raw, f.raw) && message.equals(f.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, reason, Arrays.hashCode(raw), message);
    }

    /** Leaves the raw bytes out (they may hold a card number); see {@link #rawHex()}. */
    @Override
    public String toString() {
        return "InvalidFrame[source=" + source + ", reason=" + reason + ", rawLength=" + raw.length + "]";
    }

    /** The raw bytes as hex, for DEBUG logs. */
    public String rawHex() {
        return HexFormat.ofDelimiter(" ").formatHex(raw);
    }
}

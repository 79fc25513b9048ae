package org.doorwatch.drivers;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines, with a hard limit on line length.
 *
 * <pre>
 *  +---------------- up to maxLength bytes ----------------+-----------------+
 *  | any byte except CR (0x0D) and LF (0x0A)               | CR | LF | CR LF |
 *  +-------------------------------------------------------+-----------------+
 * </pre>
 *
 * A terminator ends a line; CR LF is two terminators around an empty line, and empty lines are
 * skipped, so CR, LF and CR LF all work and a CR LF split across two reads needs no look-ahead.
 *
 * <p>When a line reaches {@code maxLength + 1} bytes without a terminator it is reported at once
 * as too long (with its first {@code maxLength} bytes) and everything up to the next terminator is
 * dropped: that is the resynchronisation point. Reporting at the limit, not at the terminator,
 * keeps a stream with no terminators at all (a wrong baud rate gives one) from going unnoticed,
 * and makes the output independent of how the input was split.
 *
 * <p>Not thread-safe: one framer per connection, fed by one thread.
 */
final class LineFramer {

    private static final byte CR = 0x0D;
    private static final byte LF = 0x0A;

    /** What the framer found. */
    sealed interface Frame permits Line, TooLong {}

    /** A complete line without its terminator; never empty. */
    record Line(byte[] bytes) implements Frame {}

    /** A line longer than the limit; {@code prefix} is its first {@code maxLength} bytes. */
    record TooLong(byte[] prefix, int maxLength) implements Frame {}

    private final int maxLength;
    private final byte[] buffer;
    private int length;
    /** True from the moment a line overflowed until its terminator: those bytes are dropped. */
    private boolean discarding;

    LineFramer(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: expected at least 1, found " + maxLength);
        }
        this.maxLength = maxLength;
        this.buffer = new byte[maxLength];
    }

    /** Feeds {@code count} bytes from {@code data[offset]}; every frame they complete goes to {@code out}, in order. */
    void feed(byte[] data, int offset, int count, Consumer<Frame> out) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            byte b = data[i];
            if (b == CR || b == LF) {
                if (discarding) {
                    discarding = false;
                } else if (length > 0) {
                    out.accept(new Line(Arrays.copyOf(buffer, length)));
                }
                length = 0;
            } else if (discarding) {
                // dropping the rest of an over-long line until its terminator
            } else if (length == maxLength) {
                out.accept(new TooLong(Arrays.copyOf(buffer, length), maxLength));
                length = 0;
                discarding = true;
            } else {
                buffer[length++] = b;
            }
        }
    }

    /** Forgets a partial line, e.g. after a reconnect: its start belongs to another connection. */
    void reset() {
        length = 0;
        discarding = false;
    }

    /** Bytes of an unfinished line held now; at most {@code maxLength}. */
    int buffered() {
        return length;
    }
}

package org.doorwatch.gateway.config;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that fills one char less than asked, leaving the caller's last cell spare.
 *
 * <p>SnakeYAML Engine 2.9's {@code StreamReader} reads into a buffer one char longer than its
 * window "because the last char may be HighSurrogate", but asks its reader to fill all of it; when
 * the last char read is a high surrogate (a CJK Extension B character in an address, an emoji),
 * it reads its low surrogate into the cell after the buffer's end and throws
 * IndexOutOfBoundsException (found by scripts/fuzz config; upstream: "Allow HighSurrogate to be
 * the last char in the data window"). With one char fewer per read the low surrogate has its cell.
 * This keeps the default 1,024-char window, where reading the whole text in one window would hold
 * 6 bytes a character (a char buffer and a code point window) of a 12 MB config while it is
 * streamed (BENCHMARKS.md, start-up).
 */
final class SpareCharReader extends FilterReader {

    SpareCharReader(Reader in) {
        super(in);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        return super.read(cbuf, off, len > 1 ? len - 1 : len);
    }
}

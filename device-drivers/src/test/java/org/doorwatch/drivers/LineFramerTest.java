package org.doorwatch.drivers;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static List<String> frames(LineFramer f, String input) {
        List<String> out = new ArrayList<>();
        byte[] b = input.getBytes(US_ASCII);
        f.feed(b, 0, b.length, frame -> out.add(frame instanceof LineFramer.Line l
                ? new String(l.bytes(), US_ASCII)
                : "TOO-LONG:" + new String(((LineFramer.TooLong) frame).prefix(), US_ASCII)));
        return out;
    }

    @Test
    void crLfAndCrLfAllEndALineAndBlankLinesAreSkipped() {
        assertThat(frames(new LineFramer(16), "a\rb\nc\r\n\r\n\nd\r")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aLineOfExactlyMaxLengthPassesAndOneByteMoreDoesNot() {
        LineFramer f = new LineFramer(4);
        assertThat(frames(f, "abcd\n")).containsExactly("abcd");
        assertThat(frames(f, "abcde\nok\n")).containsExactly("TOO-LONG:abcd", "ok");
    }

    @Test
    void anEndlessLineIsReportedOnceAndTheNextLineDecodes() {
        LineFramer f = new LineFramer(8);
        List<String> out = new ArrayList<>(frames(f, "x".repeat(10_000)));
        assertThat(out).containsExactly("TOO-LONG:xxxxxxxx");
        assertThat(f.buffered()).isZero();
        out.addAll(frames(f, "yyy\r\nzz\n"));
        assertThat(out).containsExactly("TOO-LONG:xxxxxxxx", "zz");
    }

    @Test
    void resetForgetsAPartialLine() {
        LineFramer f = new LineFramer(8);
        assertThat(frames(f, "part")).isEmpty();
        f.reset();
        assertThat(frames(f, "whole\n")).containsExactly("whole");
    }
}

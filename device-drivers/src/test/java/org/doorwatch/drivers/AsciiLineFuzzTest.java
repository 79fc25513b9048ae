package org.doorwatch.drivers;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.Charset;
import java.util.List;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.json.TimeRange;

/**
 * Fuzz target (issue 19): the ascii-line decoder, fed arbitrary bytes in arbitrary chunks, in three
 * configurations (the controller's comma format with a printed time, a GBK reader, epoch seconds).
 * It must never throw, and whatever it accepts must be a usable event: a time the store can hold, a
 * device, a type. In the test suite the committed corpus (AsciiLineFuzzTestInputs) runs as a
 * regression test; {@code scripts/fuzz ascii-line} fuzzes it for millions of inputs.
 */
class AsciiLineFuzzTest {

    private static final List<AsciiLineSettings> SETTINGS = List.of(
            Lines.controllerSettings(),
            AsciiLineSettings.builder("(?<device>\\d+)号门(?<type>开门|关门)(?:,卡号(?<credential>[0-9A-F]+))?")
                    .mapDevice("3", "door-3").mapType("开门", EventType.DOOR_OPENED).mapType("关门", EventType.DOOR_CLOSED)
                    .charset(Charset.forName("GBK")).maxLineLength(64).build(),
            AsciiLineSettings.builder("(?<ts>-?\\d+);(?<device>[\\w-]+);(?<type>\\w+)")
                    .timestampFormat("epochSeconds").maxClockSkew(null).build());

    @FuzzTest
    void asciiLines(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        AsciiLineSettings settings = SETTINGS.get(data.consumeInt(0, SETTINGS.size() - 1));
        AsciiLineDecoder decoder = new AsciiLineDecoder(settings, "serial:fuzz", Lines.CLOCK);
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 300));
            for (Decoded d : decoder.feed(chunk)) {
                if (d instanceof Decoded.Event e) {
                    Fuzzing.check(e.event().ts() != null && TimeRange.contains(e.event().ts()), "ts out of range", e);
                    Fuzzing.check(e.event().type() != null, "no type", e);
                    Fuzzing.check(e.event().device() != null, "no device", e);
                } else if (d instanceof Decoded.Invalid i) {
                    Fuzzing.check(i.frame().reason() != null && i.frame().message() != null, "invalid without reason", i);
                }
            }
        }
    }
}

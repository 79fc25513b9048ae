package org.doorwatch.drivers;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** A stream of good lines and garbage lines, cut into random chunks, against what each line must give. */
class AsciiLineDecoderPropertiesTest {

    /** One line and whether it must decode. */
    record Item(String text, boolean good, String terminator) {}

    @Provide
    Arbitrary<Item> items() {
        Arbitrary<String> terminators = Arbitraries.of("\r", "\n", "\r\n", "\r\n\r\n");
        Arbitrary<String> good = Combinators.combine(
                Arbitraries.integers().between(0, 59),
                Arbitraries.of("01", "02", "03"),
                Arbitraries.of("O", "C", "G", "D", "F"),
                Arbitraries.strings().withChars("0123456789ABCDEF").ofMinLength(0).ofMaxLength(10),
                Arbitraries.of("0", "1"))
                .as((sec, dev, type, card, dir) -> String.format("2026-11-22 08:15:%02d,%s,%s,%s,%s", sec, dev, type, card, dir));
        // Garbage starts with '#', which the regex cannot match; any byte but CR and LF follows.
        Arbitrary<String> garbage = Arbitraries.strings().withCharRange((char) 0x20, (char) 0x7E).withChars('\0', '\t', (char) 2, (char) 3)
                .ofMinLength(0).ofMaxLength(120).map(s -> "#" + s);
        return Arbitraries.oneOf(
                Combinators.combine(good, terminators).as((t, term) -> new Item(t, true, term)),
                Combinators.combine(garbage, terminators).as((t, term) -> new Item(t, false, term)));
    }

    @Property(tries = 300)
    void everyGoodLineDecodesAndEveryBadLineIsCountedWhateverTheChunking(
            @ForAll @Size(max = 30) List<@net.jqwik.api.From("items") Item> items,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 64) Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Item i : items) {
            stream.writeBytes((i.text() + i.terminator()).getBytes(US_ASCII));
        }
        byte[] bytes = stream.toByteArray();
        AsciiLineDecoder d = new AsciiLineDecoder(Lines.controller().maxLineLength(100).build(), "p", Lines.CLOCK);

        List<Decoded> out = new ArrayList<>();
        int at = 0;
        for (int c = 0; at < bytes.length; c++) {
            int n = cuts.isEmpty() ? bytes.length : Math.min(cuts.get(c % cuts.size()), bytes.length - at);
            out.addAll(d.feed(bytes, at, n));
            at += n;
        }

        List<Boolean> expected = new ArrayList<>();
        for (Item i : items) {
            // '#' followed only by blanks and control characters is still one invalid line, never blank
            expected.add(i.good());
        }
        assertThat(out).extracting(x -> x instanceof Decoded.Event).containsExactlyElementsOf(expected);
        long tooLong = items.stream().filter(i -> !i.good() && i.text().length() > 100).count();
        assertThat(d.invalid("line-too-long")).isEqualTo(tooLong);
        assertThat(d.invalid("no-match")).isEqualTo(items.stream().filter(i -> !i.good()).count() - tooLong);
        assertThat(d.events()).isEqualTo(items.stream().filter(Item::good).count());
    }
}

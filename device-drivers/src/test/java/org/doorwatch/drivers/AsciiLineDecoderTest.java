package org.doorwatch.drivers;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;

class AsciiLineDecoderTest {

    private static final String SOURCE = "serial:/dev/ttyUSB0";
    private static final String GRANTED = "2026-11-22 08:15:00,01,G,5a3c91,1";
    private static final String OPENED = "2026-11-22 08:15:02,03,O,,0";
    private static final String CLOSED = "2026-11-22 08:15:09,03,C,,0";

    private static AsciiLineDecoder decoder() {
        return new AsciiLineDecoder(Lines.controllerSettings(), SOURCE, Lines.CLOCK);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<DoorEvent> eventsOf(List<Decoded> out) {
        return out.stream().filter(d -> d instanceof Decoded.Event).map(d -> ((Decoded.Event) d).event()).toList();
    }

    private static List<InvalidFrame> invalidOf(List<Decoded> out) {
        return out.stream().filter(d -> d instanceof Decoded.Invalid).map(d -> ((Decoded.Invalid) d).frame()).toList();
    }

    @Test
    void aControllerLineBecomesANormalizedEvent() {
        List<Decoded> out = decoder().feed(ascii(GRANTED + "\r\n"));

        assertThat(eventsOf(out)).containsExactly(new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "gate-3-in",
                EventType.ACCESS_GRANTED, null, "card:5A3C91", Direction.IN, null, null));
    }

    @Test
    void anEmptyOptionalGroupLeavesTheFieldOut() {
        DoorEvent e = eventsOf(decoder().feed(ascii(OPENED + "\n"))).get(0);
        assertThat(e.credential()).isNull();
        assertThat(e.direction()).isEqualTo(Direction.OUT);
        assertThat(e.type()).isEqualTo(EventType.DOOR_OPENED);
        assertThat(e.device()).isEqualTo("door-3-2-501");
    }

    @Test
    void everyGoodStreamSplitAtEveryOffsetDecodesTheSame() {
        byte[] stream = ascii(GRANTED + "\r\n" + OPENED + "\n" + CLOSED + "\r");
        List<Decoded> whole = decoder().feed(stream);
        assertThat(eventsOf(whole)).hasSize(3);

        for (int i = 0; i <= stream.length; i++) {
            AsciiLineDecoder d = decoder();
            List<Decoded> out = new ArrayList<>(d.feed(stream, 0, i));
            out.addAll(d.feed(stream, i, stream.length - i));
            assertThat(out).as("split at %d", i).isEqualTo(whole);
        }
        for (int i = 0; i < stream.length; i++) {
            for (int j = i; j <= stream.length; j += 7) {
                AsciiLineDecoder d = decoder();
                List<Decoded> out = new ArrayList<>(d.feed(stream, 0, i));
                out.addAll(d.feed(stream, i, j - i));
                out.addAll(d.feed(stream, j, stream.length - j));
                assertThat(out).as("split at %d and %d", i, j).isEqualTo(whole);
            }
        }
        AsciiLineDecoder d = decoder();
        List<Decoded> byteByByte = new ArrayList<>();
        for (byte b : stream) {
            byteByByte.addAll(d.feed(new byte[] {b}));
        }
        assertThat(byteByByte).isEqualTo(whole);
    }

    @Test
    void everySingleBitFlipIsSurvivedAndTheNextGoodLineDecodes() {
        byte[] good = ascii(GRANTED);
        DoorEvent expected = eventsOf(decoder().feed(ascii(GRANTED + "\n"))).get(0);
        int invalid = 0;
        int stillEvents = 0;
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] flipped = good.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            AsciiLineDecoder d = decoder();

            List<Decoded> out = d.feed(concat(flipped, ascii("\r\n" + GRANTED + "\r\n")));

            assertThat(out).as("bit %d", bit).isNotEmpty();
            assertThat(out.get(out.size() - 1)).as("bit %d", bit).isEqualTo(new Decoded.Event(expected));
            // a flip into CR or LF splits the line in two; anything else gives one frame
            assertThat(out.size()).as("bit %d", bit).isBetween(1, 3);
            invalid += invalidOf(out).size();
            stillEvents += eventsOf(out).size() - 1;
        }
        // Every flip outside the card number and the blanks is caught by the regex or a value map.
        assertThat(invalid).isGreaterThan(good.length * 8 * 3 / 4);
        assertThat(invalid + stillEvents).isGreaterThanOrEqualTo(good.length * 8);
    }

    @Test
    void garbageBetweenFramesIsReportedAndTheFramesDecode() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] garbage = new byte[1 + random.nextInt(40)];
            random.nextBytes(garbage);
            AsciiLineDecoder d = decoder();

            List<Decoded> out = d.feed(concat(ascii(GRANTED + "\n"), garbage, ascii("\n" + OPENED + "\r\n")));

            List<DoorEvent> events = eventsOf(out);
            assertThat(events).as("round %d", round).hasSizeGreaterThanOrEqualTo(2);
            assertThat(events.get(0).type()).isEqualTo(EventType.ACCESS_GRANTED);
            assertThat(events.get(events.size() - 1).type()).isEqualTo(EventType.DOOR_OPENED);
        }
    }

    @Test
    void aGoodFrameRightAfterABadOneDecodes() {
        AsciiLineDecoder d = decoder();

        List<Decoded> out = d.feed(ascii("2026-11-22 08:15:00,01,Z,5A3C91,1\r\n" + GRANTED + "\r\n"));

        assertThat(out).hasSize(2);
        InvalidFrame bad = invalidOf(out).get(0);
        assertThat(bad.reason()).isEqualTo("bad-type");
        assertThat(bad.source()).isEqualTo(SOURCE);
        assertThat(bad.raw()).isEqualTo(ascii("2026-11-22 08:15:00,01,Z,5A3C91,1"));
        assertThat(bad.message()).contains("expected one of [C, D, F, G, H, O] (typeMap)", "found 'Z'");
        assertThat(eventsOf(out)).hasSize(1);
    }

    @Test
    void anOverLongLineIsDroppedCountedAndTheNextLineDecodes() {
        AsciiLineSettings s = Lines.controller().maxLineLength(64).build();
        AsciiLineDecoder d = new AsciiLineDecoder(s, SOURCE, Lines.CLOCK);
        byte[] longLine = ascii("9".repeat(200));

        List<Decoded> out = new ArrayList<>(d.feed(concat(longLine, ascii("\r\n" + GRANTED + "\r\n"))));
        out.addAll(d.feed(ascii("x".repeat(65) + "\n")));

        List<InvalidFrame> bad = invalidOf(out);
        assertThat(bad).hasSize(2);
        assertThat(bad.get(0).reason()).isEqualTo("line-too-long");
        assertThat(bad.get(0).raw()).hasSize(64);
        assertThat(bad.get(0).message()).contains("expected CR or LF within 64 bytes");
        assertThat(d.invalid("line-too-long")).isEqualTo(2);
        assertThat(eventsOf(out)).extracting(DoorEvent::type).containsExactly(EventType.ACCESS_GRANTED);
    }

    @Test
    void noiseAroundALineIsTrimmed() {
        List<Decoded> out = decoder().feed(concat(new byte[] {0x00, 0x02}, ascii(" " + GRANTED + " "), new byte[] {0x03, 0x0D, 0x0A}));
        assertThat(eventsOf(out)).hasSize(1);
    }

    @Test
    void blankLinesAreNotInvalid() {
        assertThat(decoder().feed(ascii("\r\n \r\n\t\n"))).isEmpty();
    }

    @Test
    void aLineThatDoesNotMatchIsNamedWithItsCardNumberMasked() {
        InvalidFrame f = invalidOf(decoder().feed(ascii("CARD 5A3C91 OK\n"))).get(0);
        assertThat(f.reason()).isEqualTo("no-match");
        assertThat(f.message()).contains("found 'CARD **3C91 OK'").doesNotContain("5A3C91");
        assertThat(f.toString()).doesNotContain("5A3C91");
    }

    @Test
    void unknownReaderAddressDirectionAndTimestampAreInvalidValues() {
        AsciiLineDecoder d = decoder();
        List<InvalidFrame> bad = invalidOf(d.feed(ascii(
                "2026-11-22 08:15:00,07,G,5A3C91,1\n"
                        + "2026-13-22 08:15:00,01,G,5A3C91,1\n")));
        assertThat(bad).extracting(InvalidFrame::reason).containsExactly("bad-device", "bad-timestamp");
        assertThat(bad.get(0).message()).contains("expected one of [01, 02, 03] (deviceMap), found '07'");
        assertThat(bad.get(1).message()).contains("expected a time as 'yyyy-MM-dd HH:mm:ss', found '2026-13-22 08:15:00'");

        AsciiLineSettings s = AsciiLineSettings.builder("(?<device>\\S+) (?<type>\\w+) (?<direction>\\w+)").build();
        InvalidFrame dir = invalidOf(new AsciiLineDecoder(s, SOURCE, Lines.CLOCK).feed(ascii("gate-1 door_opened sideways\n"))).get(0);
        assertThat(dir.reason()).isEqualTo("bad-direction");
        assertThat(dir.message()).contains("expected IN or OUT, found 'sideways'");
    }

    @Test
    void eventTypeNamesAreAcceptedWithoutATypeMapButStaffActionsAreNot() {
        AsciiLineSettings s = AsciiLineSettings.builder("(?<device>\\S+) (?<type>\\S+)").build();
        AsciiLineDecoder d = new AsciiLineDecoder(s, SOURCE, Lines.CLOCK);
        List<Decoded> out = d.feed(ascii("gate-1 door_forced\ngate-1 CONFIRMED_WELL\n"));
        assertThat(eventsOf(out)).extracting(DoorEvent::type).containsExactly(EventType.DOOR_FORCED);
        assertThat(invalidOf(out)).extracting(InvalidFrame::reason).containsExactly("bad-type");
    }

    @Test
    void withoutATimestampTheReceiveTimeIsUsed() {
        // A Wiegand-to-RS-485 converter printing the card number only, one reader per port.
        AsciiLineSettings s = AsciiLineSettings.builder("W(?:26|34):(?<credential>[0-9A-F]{6,8})")
                .device("gate-1").type(EventType.ACCESS_GRANTED).direction(Direction.IN).build();
        DoorEvent e = eventsOf(new AsciiLineDecoder(s, SOURCE, Lines.CLOCK).feed(ascii("W26:00A1B2C3\r\n"))).get(0);
        assertThat(e).isEqualTo(new DoorEvent(Lines.NOW, "gate-1", EventType.ACCESS_GRANTED, null,
                "card:00A1B2C3", Direction.IN, null, null));
    }

    @Test
    void aDeviceClockFarOffIsReplacedByTheReceiveTimeAndCounted() {
        AsciiLineDecoder d = decoder();
        List<DoorEvent> events = eventsOf(d.feed(ascii(
                "2000-01-01 00:00:05,03,O,,1\n" + "2026-11-22 08:45:00,03,O,,1\n" + "2026-11-22 08:25:00,03,O,,1\n")));
        assertThat(events).extracting(DoorEvent::ts)
                .containsExactly(Lines.NOW, Lines.NOW, Instant.parse("2026-11-22T00:25:00Z"));
        assertThat(d.clockCorrections()).isEqualTo(2);
    }

    @Test
    void epochSecondsAreRead() {
        AsciiLineSettings s = AsciiLineSettings.builder("(?<ts>\\d+);(?<device>[\\w-]+);(?<type>\\w+)")
                .timestampFormat("epochSeconds").maxClockSkew(null).build();
        DoorEvent e = eventsOf(new AsciiLineDecoder(s, SOURCE, Lines.CLOCK).feed(ascii("1700000000;door-1;DOOR_CLOSED\n"))).get(0);
        assertThat(e.ts()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void epochTimesBeyondWhatTheStoreHoldsAreBadTimestampsNotAnException() {
        // Instant.ofEpochSecond throws a plain DateTimeException beyond year 1e9, which the decoder did not catch;
        // below that, a time past epoch-millisecond range would have failed every commit of the store.
        String[][] cases = {
            {"epochSeconds", "9223372036854775807", "9223372036854776", "1700000000"},
            {"epochMillis", "99999999999999999999", "9223372036854775808", "9223372036854775807"}};
        for (String[] c : cases) {
            String format = c[0];
            AsciiLineSettings s = AsciiLineSettings.builder("(?<ts>\\d+);(?<device>[\\w-]+);(?<type>\\w+)")
                    .timestampFormat(format).maxClockSkew(null).build();
            AsciiLineDecoder d = new AsciiLineDecoder(s, SOURCE, Lines.CLOCK);
            List<Decoded> out = d.feed(ascii(c[1] + ";door-1;DOOR_CLOSED\n" + c[2] + ";door-1;DOOR_CLOSED\n"
                    + c[3] + ";door-1;DOOR_CLOSED\n"));
            assertThat(invalidOf(out)).extracting(InvalidFrame::reason).as(format)
                    .containsExactly("bad-timestamp", "bad-timestamp");
            assertThat(eventsOf(out)).as(format).hasSize(1);
        }
    }

    @Test
    void gbkReadersDecodeAndABrokenCharacterIsReported() {
        Charset gbk = Charset.forName("GBK");
        AsciiLineSettings s = AsciiLineSettings.builder("(?<device>\\d+)号门(?<type>开门|关门)(?:,卡号(?<credential>[0-9A-F]+))?")
                .mapDevice("3", "door-3").mapType("开门", EventType.DOOR_OPENED).mapType("关门", EventType.DOOR_CLOSED)
                .charset(gbk).build();
        AsciiLineDecoder d = new AsciiLineDecoder(s, SOURCE, Lines.CLOCK);
        byte[] good = "3号门开门,卡号5A3C91\r\n".getBytes(gbk);
        byte[] broken = Arrays.copyOf("3号门开门".getBytes(gbk), 6); // cuts 开 in half (GBK: 2 bytes)

        List<Decoded> out = d.feed(concat(broken, new byte[] {'\n'}, good));

        assertThat(invalidOf(out)).extracting(InvalidFrame::reason).containsExactly("bad-encoding");
        assertThat(invalidOf(out).get(0).message()).contains("expected GBK text, found byte 0x");
        assertThat(eventsOf(out)).containsExactly(new DoorEvent(Lines.NOW, "door-3", EventType.DOOR_OPENED, null,
                "card:5A3C91", null, null, null));
    }

    @Test
    void aPartialLineIsForgottenOnReset() {
        AsciiLineDecoder d = decoder();
        assertThat(d.feed(ascii("2026-11-22 08:15:00,01,G,5A"))).isEmpty();
        d.reset();
        assertThat(eventsOf(d.feed(ascii(OPENED + "\n")))).hasSize(1);
        assertThat(d.invalid("no-match")).isZero();
    }

    @Test
    void theReceiveTimeComesFromTheInjectedClock() {
        Instant later = Lines.NOW.plus(Duration.ofDays(400));
        AsciiLineSettings s = AsciiLineSettings.builder("(?<type>\\w+)").device("d").build();
        DoorEvent e = eventsOf(new AsciiLineDecoder(s, SOURCE, Clock.fixed(later, Lines.SHANGHAI))
                .feed(ascii("heartbeat\n"))).get(0);
        assertThat(e.ts()).isEqualTo(later);
    }
}

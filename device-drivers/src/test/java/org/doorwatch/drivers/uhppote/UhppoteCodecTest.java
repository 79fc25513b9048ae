package org.doorwatch.drivers.uhppote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.doorwatch.drivers.InvalidFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Event;
import org.doorwatch.drivers.uhppote.UhppoteMessage.EventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.EventIndexSet;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetEvent;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetEventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetListener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetStatus;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetTime;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Listener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.ListenerSet;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetEventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetListener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetTime;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Status;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Time;
import org.doorwatch.drivers.uhppote.UhppoteMessage.TimeSet;
import org.junit.jupiter.api.Test;

/**
 * The codec against the byte vectors of uhppote-core's {@code messages/*_test.go} (captured from
 * real UT0311-L04 controllers), every function the driver uses both ways, every field at its
 * limits, and the invalid packets: bad start byte, short and long packets, a wrong serial, flipped
 * bits in booleans and BCD, a packet split in two or sent twice.
 */
class UhppoteCodecTest {

    static final long SERIAL = 423187757; // 0x1939552D, uhppote-core's test controller
    static final String SOURCE = "udp:test";

    // ------------------------------------------------------------------ golden vectors (uhppote-core)

    @Test
    void getStatusReplyFromARealController() {
        byte[] b = packet("""
                17 20 00 00 2d 55 39 19 39 00 00 00 01 00 03 01
                aa e8 5d 00 20 19 04 19 17 00 09 06 01 00 01 01
                00 00 01 01 09 14 37 02 11 00 00 00 21 00 00 00
                2b 04 01 19 04 20 00 00 93 26 04 88 08 92 00 00""");
        Status s = (Status) reply(b);
        assertThat(s.serial()).isEqualTo(SERIAL);
        assertThat(s.event()).isEqualTo(new ControllerEvent(57, 1, false, 3, 1, 6154410,
                LocalDateTime.of(2019, 4, 19, 17, 0, 9), 6));
        assertThat(s.newestIndex()).isEqualTo(57);
        assertThat(s.doorsOpen()).isEqualTo(0b1101);
        assertThat(s.doorOpen(1)).isTrue();
        assertThat(s.doorOpen(2)).isFalse();
        assertThat(s.buttons()).isEqualTo(0b1100);
        assertThat(s.systemError()).isEqualTo(9);
        assertThat(s.systemTime()).isEqualTo(LocalDateTime.of(2019, 4, 20, 14, 37, 2));
        assertThat(s.sequence()).isEqualTo(17);
        assertThat(s.specialInfo()).isEqualTo(43);
        assertThat(s.relays()).isEqualTo(4);
        assertThat(s.inputs()).isEqualTo(1);
    }

    @Test
    void getStatusReplyOfAControllerWithNoEvents() {
        byte[] b = packet("""
                17 20 00 00 78 37 2a 18 00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                00 00 00 00 83 11 16 20 00 00 00 00 00 00 00 00
                00 00 00 23 09 29 00 00 00 00 00 00 00 00 00 00""");
        UhppoteFrame f = UhppoteCodec.decodeReply(b, 405419896, SOURCE);
        assertThat(f).isInstanceOf(UhppoteFrame.Message.class);
        Status s = (Status) ((UhppoteFrame.Message) f).message();
        assertThat(s.event()).isNull();
        assertThat(s.newestIndex()).isZero();
        assertThat(s.systemError()).isEqualTo(0x83);
        assertThat(s.systemTime()).isEqualTo(LocalDateTime.of(2023, 9, 29, 11, 16, 20));
    }

    @Test
    void pushedEventsOfV662FirmwareStartWith0x19() {
        byte[] b = packet("""
                19 20 00 00 2d 55 39 19 39 00 00 00 02 01 03 01
                aa e8 5d 00 20 19 04 19 17 00 09 06 01 00 01 01
                00 00 01 01 09 14 37 02 11 00 00 00 00 00 00 00
                2b 04 01 19 04 20 00 00 00 00 00 00 00 00 00 00""");
        Status s = (Status) reply(b);
        assertThat(s.event().type()).isEqualTo(ControllerEvent.TYPE_DOOR);
        assertThat(s.event().granted()).isTrue();
        // 0x19 is an event's start byte only: a get-time reply starting 0x19 is refused
        byte[] time = UhppoteCodec.encode(new Time(SERIAL, LocalDateTime.of(2026, 1, 1, 0, 0)));
        time[0] = 0x19;
        assertThat(invalid(UhppoteCodec.decodeReply(time, SERIAL, SOURCE)).reason()).isEqualTo(UhppoteCodec.BAD_START);
    }

    @Test
    void getEventReplyFromARealController() {
        byte[] b = packet("""
                17 b0 00 00 2d 55 39 19 08 00 00 00 02 01 03 01
                ad e8 5d 00 20 19 02 10 07 12 01 06 00 00 00 00
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00 4a 26 80 39 08 92 00 00""");
        assertThat(reply(b)).isEqualTo(new Event(SERIAL, new ControllerEvent(8, 2, true, 3, 1, 6154413,
                LocalDateTime.of(2019, 2, 10, 7, 12, 1), 6)));
    }

    @Test
    void requestsAreByteForByteWhatUhppoteCoreSends() {
        assertThat(hex(UhppoteCodec.encode(new GetStatus(SERIAL)))).isEqualTo(hex(header(0x20)));
        assertThat(hex(UhppoteCodec.encode(new GetTime(SERIAL)))).isEqualTo(hex(header(0x32)));
        assertThat(hex(UhppoteCodec.encode(new GetListener(SERIAL)))).isEqualTo(hex(header(0x92)));
        assertThat(hex(UhppoteCodec.encode(new GetEventIndex(SERIAL)))).isEqualTo(hex(header(0xb4)));
        assertThat(hex(UhppoteCodec.encode(new GetEvent(SERIAL, 1)))).isEqualTo(hex(packet(
                "17 b0 00 00 2d 55 39 19 01")));
        assertThat(hex(UhppoteCodec.encode(new SetTime(SERIAL, LocalDateTime.of(2019, 4, 21, 9, 44, 40))))).isEqualTo(
                hex(packet("17 30 00 00 2d 55 39 19 20 19 04 21 09 44 40")));
        assertThat(hex(UhppoteCodec.encode(new SetEventIndex(SERIAL, 17)))).isEqualTo(hex(packet(
                "17 b2 00 00 2d 55 39 19 11 00 00 00 55 aa aa 55")));
        assertThat(hex(UhppoteCodec.encode(new SetListener(SERIAL, ip("192.168.1.100"), 40000, 13)))).isEqualTo(
                hex(packet("17 90 00 00 2d 55 39 19 c0 a8 01 64 40 9c 0d")));
    }

    @Test
    void smallRepliesFromARealController() {
        assertThat(reply(packet("17 32 00 00 2d 55 39 19 20 19 12 29 12 34 56")))
                .isEqualTo(new Time(SERIAL, LocalDateTime.of(2019, 12, 29, 12, 34, 56)));
        assertThat(reply(packet("17 30 00 00 2d 55 39 19 20 19 12 29 12 34 56")))
                .isEqualTo(new TimeSet(SERIAL, LocalDateTime.of(2019, 12, 29, 12, 34, 56)));
        assertThat(reply(packet("17 b4 00 00 2d 55 39 19 11"))).isEqualTo(new EventIndex(SERIAL, 17));
        assertThat(reply(packet("17 b2 00 00 2d 55 39 19 01"))).isEqualTo(new EventIndexSet(SERIAL, true));
        assertThat(reply(packet("17 90 00 00 2d 55 39 19 01"))).isEqualTo(new ListenerSet(SERIAL, true));
        assertThat(reply(packet("17 92 00 00 2d 55 39 19 c0 a8 00 e1 92 26 0d")))
                .isEqualTo(new Listener(SERIAL, ip("192.168.0.225"), 9874, 13));
    }

    @Test
    void aMissingAndAnOverwrittenEventCarryNothingElse() {
        Event missing = (Event) reply(packet("17 b0 00 00 2d 55 39 19 00 00 00 00"));
        assertThat(missing.event().missing()).isTrue();
        // an overwritten record's other bytes are not checked (they are whatever the log held)
        Event overwritten = (Event) reply(packet("17 b0 00 00 2d 55 39 19 05 00 00 00 ff 07 00 00 00 00 00 00 9a"));
        assertThat(overwritten.event().overwritten()).isTrue();
        assertThat(overwritten.event().index()).isEqualTo(5);
    }

    // ------------------------------------------------------------------ round trips, fields at their limits

    @Test
    void everyMessageTheDriverAndTheSimulatorUseRoundTrips() throws Exception {
        LocalDateTime first = LocalDateTime.of(2000, 1, 1, 0, 0, 0);
        LocalDateTime last = LocalDateTime.of(2099, 12, 31, 23, 59, 59);
        List<UhppoteMessage.Request> requests = List.of(
                new GetStatus(0), new GetStatus(0xFFFF_FFFFL),
                new GetTime(SERIAL),
                new SetTime(SERIAL, first), new SetTime(SERIAL, last), new SetTime(SERIAL, LocalDateTime.of(9999, 12, 31, 23, 59, 59)),
                new GetEvent(SERIAL, 0), new GetEvent(SERIAL, 1), new GetEvent(SERIAL, 0xFFFF_FFFFL),
                new GetEventIndex(SERIAL),
                new SetEventIndex(SERIAL, 0), new SetEventIndex(SERIAL, 0xFFFF_FFFFL),
                new SetListener(SERIAL, ip("0.0.0.0"), 0, 0), new SetListener(SERIAL, ip("255.255.255.255"), 65535, 255),
                new GetListener(SERIAL));
        for (UhppoteMessage.Request r : requests) {
            byte[] b = UhppoteCodec.encode(r);
            assertThat(b).hasSize(64);
            assertThat(UhppoteCodec.decodeRequest(b, r.serial(), SOURCE)).as("%s", r).isEqualTo(new UhppoteFrame.Message(r));
        }
        List<ControllerEvent> events = List.of(
                new ControllerEvent(1, 0, false, 0, 0, 0, null, 0),
                new ControllerEvent(0xFFFF_FFFFL, 0xFE, true, 255, 255, 0xFFFF_FFFFL, last, 255),
                new ControllerEvent(2, 1, true, 1, 1, 1, first, 1),
                new ControllerEvent(3, 3, false, 4, 2, 8165538, LocalDateTime.of(2026, 11, 22, 8, 15, 0), 38));
        for (ControllerEvent e : events) {
            for (UhppoteMessage.Reply r : List.of(
                    new Event(SERIAL, e),
                    new Status(SERIAL, e, 0b1111, 0b1111, 255, last, 0xFFFF_FFFFL, 255, 255, 255),
                    new Status(SERIAL, e, 0, 0, 0, first, 0, 0, 0, 0))) {
                assertThat(UhppoteCodec.decodeReply(UhppoteCodec.encode(r), SERIAL, SOURCE)).as("%s", r)
                        .isEqualTo(new UhppoteFrame.Message(r));
            }
        }
        List<UhppoteMessage.Reply> replies = List.of(
                new Status(0xFFFF_FFFFL, null, 0, 0, 0, null, 0, 0, 0, 0),
                new Time(SERIAL, first), new Time(SERIAL, last), new TimeSet(SERIAL, last),
                new EventIndex(SERIAL, 0), new EventIndex(SERIAL, 0xFFFF_FFFFL),
                new EventIndexSet(SERIAL, false), new EventIndexSet(SERIAL, true),
                new Listener(SERIAL, ip("0.0.0.0"), 0, 0), new Listener(SERIAL, ip("255.255.255.255"), 65535, 255),
                new ListenerSet(SERIAL, false), new ListenerSet(SERIAL, true));
        for (UhppoteMessage.Reply r : replies) {
            assertThat(UhppoteCodec.decodeReply(UhppoteCodec.encode(r), r.serial(), SOURCE)).as("%s", r)
                    .isEqualTo(new UhppoteFrame.Message(r));
        }
    }

    @Test
    void valuesOutsideTheirFieldsAreRefusedWhenMade() {
        assertThatThrownBy(() -> new GetStatus(-1)).hasMessageContaining("serial: expected 0 to 4294967295");
        assertThatThrownBy(() -> new GetStatus(0x1_0000_0000L)).hasMessageContaining("serial");
        assertThatThrownBy(() -> new GetEvent(1, 0x1_0000_0000L)).hasMessageContaining("index");
        assertThatThrownBy(() -> new ControllerEvent(1, 1, true, 256, 1, 1, null, 1)).hasMessageContaining("door: expected 0 to 255");
        assertThatThrownBy(() -> new ControllerEvent(1, 1, true, 1, 1, -1, null, 1)).hasMessageContaining("card");
        assertThatThrownBy(() -> new SetListener(1, ip("10.0.0.1"), 65536, 0)).hasMessageContaining("port: expected 0 to 65535");
        assertThatThrownBy(() -> new Status(1, null, 16, 0, 0, null, 0, 0, 0, 0)).hasMessageContaining("doorsOpen");
        assertThatThrownBy(() -> UhppoteCodec.encode(new Status(1, null, 0, 0, 0, LocalDateTime.of(2100, 1, 1, 0, 0), 0, 0, 0, 0)))
                .hasMessageContaining("two-digit year");
    }

    @Test
    void theCardNumberStaysOutOfToString() {
        ControllerEvent e = new ControllerEvent(3, 1, true, 1, 1, 8165538, null, 1);
        assertThat(e.toString()).doesNotContain("8165538").contains("…5538");
    }

    // ------------------------------------------------------------------ invalid packets

    @Test
    void aBadStartByteIsNamedWithWhatWasFound() {
        byte[] b = UhppoteCodec.encode(new GetStatus(SERIAL));
        b[0] = 0x18;
        InvalidFrame f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
        assertThat(f.reason()).isEqualTo(UhppoteCodec.BAD_START);
        assertThat(f.message()).isEqualTo("byte 0: expected start byte 0x17, found 0x18");
        assertThat(f.source()).isEqualTo(SOURCE);
        assertThat(f.raw()).isEqualTo(b);
    }

    @Test
    void shortLongAndEmptyPacketsAreBadLengths() {
        byte[] good = UhppoteCodec.encode(status(7));
        for (int n : new int[] {0, 1, 8, 63, 65, 128, 1500}) {
            byte[] b = Arrays.copyOf(good, n);
            InvalidFrame f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
            assertThat(f.reason()).as("%d bytes", n).isEqualTo(UhppoteCodec.BAD_LENGTH);
            assertThat(f.message()).startsWith("expected a 64-byte packet, found " + n + " bytes");
        }
        assertThat(invalid(UhppoteCodec.decodeReply(Arrays.copyOf(good, 63), SERIAL, SOURCE)).message())
                .isEqualTo("expected a 64-byte packet, found 63 bytes (a cut or partial packet)");
    }

    @Test
    void aReplyFromAnotherControllerIsAWrongSerial() {
        byte[] b = UhppoteCodec.encode(new Event(405419896, new ControllerEvent(3, 1, true, 1, 1, 1, null, 1)));
        InvalidFrame f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
        assertThat(f.reason()).isEqualTo(UhppoteCodec.WRONG_SERIAL);
        assertThat(f.message()).isEqualTo("bytes 4-7 (serial): expected controller 423187757, found 405419896");
        assertThat(UhppoteCodec.decodeReply(b, UhppoteCodec.ANY_SERIAL, SOURCE)).isInstanceOf(UhppoteFrame.Message.class);
        // the simulator's side: a request for another controller is not for it
        assertThat(invalid(UhppoteCodec.decodeRequest(UhppoteCodec.encode(new GetStatus(1)), SERIAL, SOURCE)).reason())
                .isEqualTo(UhppoteCodec.WRONG_SERIAL);
    }

    @Test
    void unknownFunctionCodesAreNamed() {
        byte[] b = UhppoteCodec.encode(new GetStatus(SERIAL));
        b[1] = (byte) 0x94; // get-device: real, but not one the gateway uses
        InvalidFrame f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
        assertThat(f.reason()).isEqualTo(UhppoteCodec.UNKNOWN_FUNCTION);
        assertThat(f.message()).endsWith("found 0x94").contains("0x20 get-status");
    }

    @Test
    void flippedBitsInBooleansBcdAndDatesAreNamedByByte() {
        byte[] good = UhppoteCodec.encode(status(7));
        byte[] b = good.clone();
        b[13] = 2;
        assertThat(invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE)).message())
                .isEqualTo("byte 13 (granted): expected 0x00 or 0x01, found 0x02");
        b = good.clone();
        b[30] = (byte) 0x81;
        assertThat(invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE)).message())
                .isEqualTo("byte 30 (door 3 open): expected 0x00 or 0x01, found 0x81");
        b = good.clone();
        b[21] = 0x2A; // year 20 2A
        InvalidFrame f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
        assertThat(f.reason()).isEqualTo(UhppoteCodec.BAD_BCD);
        assertThat(f.message()).isEqualTo("byte 21 (event time): expected two BCD digits (0x00-0x99, each nibble 0-9), found 0x2A");
        b = good.clone();
        b[22] = 0x13; // month 13
        f = invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE));
        assertThat(f.reason()).isEqualTo(UhppoteCodec.BAD_TIMESTAMP);
        assertThat(f.message()).isEqualTo("bytes 20-26 (event time): expected a date and time, found 2026-13-22 08:15:00");
        b = good.clone();
        b[38] = (byte) 0x60; // clock minute 60
        assertThat(invalid(UhppoteCodec.decodeReply(b, SERIAL, SOURCE)).reason()).isEqualTo(UhppoteCodec.BAD_TIMESTAMP);
        byte[] time = UhppoteCodec.encode(new Time(SERIAL, LocalDateTime.of(2026, 1, 1, 0, 0)));
        Arrays.fill(time, 8, 15, (byte) 0);
        assertThat(invalid(UhppoteCodec.decodeReply(time, SERIAL, SOURCE)).message())
                .isEqualTo("bytes 8-14 (controller time): expected a date and time, found zeros");
        byte[] setIndex = UhppoteCodec.encode(new SetEventIndex(SERIAL, 5));
        setIndex[15] = 0;
        assertThat(invalid(UhppoteCodec.decodeRequest(setIndex, SERIAL, SOURCE)).message())
                .isEqualTo("bytes 12-15 (magic word): expected 0x55AAAA55, found 0x00AAAA55");
    }

    @Test
    void aPacketSplitInTwoIsTwoShortPacketsAndTheNextGoodOneDecodes() {
        byte[] good = UhppoteCodec.encode(status(7));
        for (int cut = 1; cut < 64; cut++) {
            UhppoteFrame head = UhppoteCodec.decodeReply(Arrays.copyOfRange(good, 0, cut), SERIAL, SOURCE);
            UhppoteFrame tail = UhppoteCodec.decodeReply(Arrays.copyOfRange(good, cut, 64), SERIAL, SOURCE);
            assertThat(invalid(head).reason()).isEqualTo(UhppoteCodec.BAD_LENGTH);
            assertThat(invalid(tail).reason()).isEqualTo(UhppoteCodec.BAD_LENGTH);
            assertThat(UhppoteCodec.decodeReply(good, SERIAL, SOURCE)).isEqualTo(new UhppoteFrame.Message(status(7)));
        }
        // two packets in one datagram are not two packets: one 128-byte bad length
        byte[] both = new byte[128];
        System.arraycopy(good, 0, both, 0, 64);
        System.arraycopy(good, 0, both, 64, 64);
        assertThat(invalid(UhppoteCodec.decodeReply(both, SERIAL, SOURCE)).reason()).isEqualTo(UhppoteCodec.BAD_LENGTH);
    }

    @Test
    void aDuplicatedPacketDecodesToTheSameValueAndTheInputIsNotChanged() {
        byte[] good = UhppoteCodec.encode(status(7));
        byte[] copy = good.clone();
        UhppoteFrame first = UhppoteCodec.decodeReply(good, SERIAL, SOURCE);
        UhppoteFrame second = UhppoteCodec.decodeReply(good, SERIAL, SOURCE);
        assertThat(second).isEqualTo(first);
        assertThat(good).isEqualTo(copy);
        // that a duplicate is dropped is the driver's index cursor: see EventCursorTest
    }

    @Test
    void everySingleBitFlipIsADecodedValueOrANamedInvalidFrameNeverAnException() {
        byte[] good = UhppoteCodec.encode(status(7));
        for (int i = 0; i < 64 * 8; i++) {
            byte[] b = good.clone();
            b[i / 8] ^= (byte) (1 << (i % 8));
            UhppoteFrame f = UhppoteCodec.decodeReply(b, SERIAL, SOURCE);
            if (f instanceof UhppoteFrame.Invalid bad) {
                assertThat(bad.message()).isNotBlank();
                assertThat(bad.reason()).isIn(UhppoteCodec.BAD_START, UhppoteCodec.UNKNOWN_FUNCTION,
                        UhppoteCodec.WRONG_SERIAL, UhppoteCodec.BAD_FIELD, UhppoteCodec.BAD_BCD, UhppoteCodec.BAD_TIMESTAMP);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static Status status(long index) {
        return new Status(SERIAL, new ControllerEvent(index, 1, true, 2, 1, 8165538,
                LocalDateTime.of(2026, 11, 22, 8, 15, 0), 1), 0b0010, 0, 0, LocalDateTime.of(2026, 11, 22, 8, 15, 3), 9, 0, 0, 0);
    }

    private static UhppoteMessage reply(byte[] b) {
        UhppoteFrame f = UhppoteCodec.decodeReply(b, SERIAL, SOURCE);
        assertThat(f).as("decodes").isInstanceOf(UhppoteFrame.Message.class);
        return ((UhppoteFrame.Message) f).message();
    }

    private static InvalidFrame invalid(UhppoteFrame f) {
        assertThat(f).as("invalid").isInstanceOf(UhppoteFrame.Invalid.class);
        UhppoteFrame.Invalid bad = (UhppoteFrame.Invalid) f;
        return new InvalidFrame(bad.source(), bad.reason(), bad.raw(), bad.message());
    }

    /** A 64-byte packet from hex; bytes not given are zero. */
    static byte[] packet(String hex) {
        byte[] given = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
        return Arrays.copyOf(given, 64);
    }

    private static byte[] header(int function) {
        return packet(String.format("17 %02x 00 00 2d 55 39 19", function));
    }

    private static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

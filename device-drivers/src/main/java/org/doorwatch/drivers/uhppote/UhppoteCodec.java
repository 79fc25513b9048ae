package org.doorwatch.drivers.uhppote;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
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

/**
 * The WG / UHPPOTE access controller protocol (the "微耕" UDP protocol of the UT0311-L0x boards,
 * port 60000): {@link UhppoteMessage}s to bytes and back. Pure: no I/O, no clock, no state.
 * Layouts as the uhppoted project documents and implements them (uhppote-core
 * {@code messages/*.go}, uhppoted-nodejs {@code src/encoder.js}, {@code src/decoder.js}).
 *
 * <pre>
 *  every packet is one UDP datagram of exactly 64 bytes; integers little-endian, times BCD
 *   0      1          2    3    4               7  8                                          63
 *  +------+----------+---------+-----------------+--------------------------------------------+
 *  | 0x17 | function | 00   00 | serial (uint32) | payload, zero-padded                       |
 *  +------+----------+---------+-----------------+--------------------------------------------+
 *   start    0x20 ...  reserved  e.g. 405419896     (v6.62 firmware pushes events with 0x19)
 *
 *  payloads (offsets from the start of the packet)
 *  0x20 get-status     request: -
 *       reply / pushed event:
 *        8      12   13      14   15   16     20                   27     28        32         36
 *       +------+----+-------+----+----+------+--------------------+------+---------+----------+-----+
 *       |index |type|granted|door|dir |card  |event time          |reason|door 1-4 |button 1-4|error|
 *       |uint32|    | 0/1   |1-4 |1 in|uint32|BCD yyyy MM dd HH mm ss|    | open 0/1|pressed   |     |
 *       +------+----+-------+----+2out+------+--------------------+------+---------+----------+-----+
 *        37          40       44      48      49     50     51
 *       +-----------+--------+-------+-------+------+------+-----------+
 *       |clock time |sequence|unused |special|relays|inputs|clock date |
 *       |BCD HH mm ss| uint32 |       | info  |bits  |bits  |BCD yy MM dd|
 *       +-----------+--------+-------+-------+------+------+-----------+
 *  0x32 get-time       request: -                       reply: 8-14 controller time, BCD yyyy MM dd HH mm ss
 *  0x30 set-time       request: 8-14 new time (BCD)     reply: 8-14 the time now set
 *  0xB0 get-event      request: 8-11 index              reply: 8-27 as in get-status (index 0: no such
 *                                                        event; type 0xFF: overwritten)
 *  0xB4 get-event-index request: -                      reply: 8-11 the user event index
 *  0xB2 set-event-index request: 8-11 index, 12-15 magic 0x55AAAA55   reply: 8 changed (0/1)
 *  0x90 set-listener   request: 8-11 IPv4 (network order), 12-13 port, 14 interval (s)   reply: 8 ok (0/1)
 *  0x92 get-listener   request: -                       reply: 8-11 IPv4, 12-13 port, 14 interval
 * </pre>
 *
 * Checks, each failure an {@code InvalidFrame} whose message names the byte, what was expected and
 * what was found: length ({@code bad-length}), start byte ({@code bad-start-byte}), function code
 * ({@code unknown-function}), serial ({@code wrong-serial}: a reply or push from another
 * controller), booleans that are neither 0 nor 1 ({@code bad-field}), BCD nibbles above 9
 * ({@code bad-bcd}) and impossible dates ({@code bad-timestamp}). A datagram is one packet, so a
 * bad one never spoils the next. The reserved bytes 2-3 are not checked (no implementation sets
 * them). All-zero times decode to null ("no time"). The raw bytes of an invalid frame can hold a
 * card number: log them at DEBUG only.
 */
public final class UhppoteCodec {

    public static final int PACKET_LENGTH = 64;
    public static final int START = 0x17;
    /** Start byte of events pushed by v6.62 firmware (uhppote-core, uhppoted-nodejs accept it for 0x20 only). */
    public static final int START_V662 = 0x19;
    /** Accept replies from any controller (tools and tests); the driver always names its controller. */
    public static final long ANY_SERIAL = -1;

    public static final String BAD_LENGTH = "bad-length";
    public static final String BAD_START = "bad-start-byte";
    public static final String UNKNOWN_FUNCTION = "unknown-function";
    public static final String WRONG_SERIAL = "wrong-serial";
    public static final String BAD_FIELD = "bad-field";
    public static final String BAD_BCD = "bad-bcd";
    public static final String BAD_TIMESTAMP = "bad-timestamp";

    private UhppoteCodec() {}

    // ================================================================== encoding

    /** The 64 bytes of a message. */
    public static byte[] encode(UhppoteMessage m) {
        byte[] b = new byte[PACKET_LENGTH];
        b[0] = (byte) START;
        b[1] = (byte) m.function();
        putUint32(b, 4, m.serial());
        if (m instanceof SetTime s) {
            putDateTime(b, 8, s.time());
        } else if (m instanceof GetEvent g) {
            putUint32(b, 8, g.index());
        } else if (m instanceof SetEventIndex s) {
            putUint32(b, 8, s.index());
            putUint32(b, 12, UhppoteMessage.SET_EVENT_INDEX_MAGIC);
        } else if (m instanceof SetListener s) {
            putAddress(b, 8, s.address(), s.port(), s.interval());
        } else if (m instanceof Status s) {
            if (s.event() != null) {
                putEvent(b, s.event());
            }
            for (int door = 1; door <= 4; door++) {
                b[27 + door] = bool((s.doorsOpen() >> (door - 1) & 1) != 0);
                b[31 + door] = bool((s.buttons() >> (door - 1) & 1) != 0);
            }
            b[36] = (byte) s.systemError();
            if (s.systemTime() != null) {
                LocalDateTime t = s.systemTime();
                if (t.getYear() < 2000 || t.getYear() > 2099) {
                    throw new IllegalArgumentException("systemTime: the packet carries a two-digit year (2000-2099), found " + t);
                }
                b[37] = bcd(t.getHour());
                b[38] = bcd(t.getMinute());
                b[39] = bcd(t.getSecond());
                b[51] = bcd(t.getYear() % 100);
                b[52] = bcd(t.getMonthValue());
                b[53] = bcd(t.getDayOfMonth());
            }
            putUint32(b, 40, s.sequence());
            b[48] = (byte) s.specialInfo();
            b[49] = (byte) s.relays();
            b[50] = (byte) s.inputs();
        } else if (m instanceof Time t) {
            putDateTime(b, 8, t.time());
        } else if (m instanceof TimeSet t) {
            putDateTime(b, 8, t.time());
        } else if (m instanceof Event e) {
            putEvent(b, e.event());
        } else if (m instanceof EventIndex e) {
            putUint32(b, 8, e.index());
        } else if (m instanceof EventIndexSet e) {
            b[8] = bool(e.changed());
        } else if (m instanceof Listener l) {
            putAddress(b, 8, l.address(), l.port(), l.interval());
        } else if (m instanceof ListenerSet l) {
            b[8] = bool(l.ok());
        }
        // GetStatus, GetTime, GetEventIndex, GetListener: header only
        return b;
    }

    private static void putEvent(byte[] b, ControllerEvent e) {
        putUint32(b, 8, e.index());
        b[12] = (byte) e.type();
        b[13] = bool(e.granted());
        b[14] = (byte) e.door();
        b[15] = (byte) e.direction();
        putUint32(b, 16, e.card());
        if (e.timestamp() != null) {
            putDateTime(b, 20, e.timestamp());
        }
        b[27] = (byte) e.reason();
    }

    private static void putAddress(byte[] b, int at, Inet4Address address, int port, int interval) {
        System.arraycopy(address.getAddress(), 0, b, at, 4);
        b[at + 4] = (byte) port;
        b[at + 5] = (byte) (port >> 8);
        b[at + 6] = (byte) interval;
    }

    private static void putDateTime(byte[] b, int at, LocalDateTime t) {
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("time: the packet carries a four-digit year, found " + t);
        }
        b[at] = bcd(t.getYear() / 100);
        b[at + 1] = bcd(t.getYear() % 100);
        b[at + 2] = bcd(t.getMonthValue());
        b[at + 3] = bcd(t.getDayOfMonth());
        b[at + 4] = bcd(t.getHour());
        b[at + 5] = bcd(t.getMinute());
        b[at + 6] = bcd(t.getSecond());
    }

    private static void putUint32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    private static byte bcd(int v) {
        return (byte) ((v / 10) << 4 | v % 10);
    }

    private static byte bool(boolean v) {
        return (byte) (v ? 1 : 0);
    }

    // ================================================================== decoding

    /**
     * A datagram the controller sent: a reply, or a pushed event (a {@link Status}).
     *
     * @param expectedSerial the controller's serial, or {@link #ANY_SERIAL}
     * @param source         the source name for the invalid frame
     */
    public static UhppoteFrame decodeReply(byte[] datagram, long expectedSerial, String source) {
        return decode(datagram, expectedSerial, source, true);
    }

    /** A datagram a client sent to a controller (the simulator's side). */
    public static UhppoteFrame decodeRequest(byte[] datagram, long expectedSerial, String source) {
        return decode(datagram, expectedSerial, source, false);
    }

    private static UhppoteFrame decode(byte[] raw, long expectedSerial, String source, boolean reply) {
        try {
            return new UhppoteFrame.Message(reply ? reply(raw, expectedSerial) : request(raw, expectedSerial));
        } catch (Bad e) {
            return new UhppoteFrame.Invalid(source, e.reason, raw.clone(), e.getMessage());
        }
    }

    private static int header(byte[] b, long expectedSerial, boolean reply) throws Bad {
        if (b.length != PACKET_LENGTH) {
            throw new Bad(BAD_LENGTH, "expected a " + PACKET_LENGTH + "-byte packet, found " + b.length + " bytes"
                    + (b.length > 0 && b.length < PACKET_LENGTH ? " (a cut or partial packet)" : ""));
        }
        int start = u8(b, 0);
        int function = u8(b, 1);
        if (start != START && !(reply && start == START_V662 && function == UhppoteMessage.GET_STATUS)) {
            throw new Bad(BAD_START, "byte 0: expected start byte 0x17, found " + hex(start));
        }
        long serial = uint32(b, 4);
        if (expectedSerial != ANY_SERIAL && serial != expectedSerial) {
            throw new Bad(WRONG_SERIAL, "bytes 4-7 (serial): expected controller " + expectedSerial + ", found " + serial);
        }
        return function;
    }

    private static UhppoteMessage.Reply reply(byte[] b, long expectedSerial) throws Bad {
        int function = header(b, expectedSerial, true);
        long serial = uint32(b, 4);
        switch (function) {
            case UhppoteMessage.GET_STATUS:
                return status(b, serial);
            case UhppoteMessage.GET_TIME:
                return new Time(serial, requiredTime(b, 8, "controller time"));
            case UhppoteMessage.SET_TIME:
                return new TimeSet(serial, requiredTime(b, 8, "controller time"));
            case UhppoteMessage.GET_EVENT:
                return new Event(serial, eventRecord(b));
            case UhppoteMessage.GET_EVENT_INDEX:
                return new EventIndex(serial, uint32(b, 8));
            case UhppoteMessage.SET_EVENT_INDEX:
                return new EventIndexSet(serial, bool(b, 8, "changed"));
            case UhppoteMessage.GET_LISTENER:
                return new Listener(serial, address(b, 8), u16(b, 12), u8(b, 14));
            case UhppoteMessage.SET_LISTENER:
                return new ListenerSet(serial, bool(b, 8, "ok"));
            default:
                throw unknownFunction(function);
        }
    }

    private static UhppoteMessage.Request request(byte[] b, long expectedSerial) throws Bad {
        int function = header(b, expectedSerial, false);
        long serial = uint32(b, 4);
        switch (function) {
            case UhppoteMessage.GET_STATUS:
                return new GetStatus(serial);
            case UhppoteMessage.GET_TIME:
                return new GetTime(serial);
            case UhppoteMessage.SET_TIME:
                return new SetTime(serial, requiredTime(b, 8, "new time"));
            case UhppoteMessage.GET_EVENT:
                return new GetEvent(serial, uint32(b, 8));
            case UhppoteMessage.GET_EVENT_INDEX:
                return new GetEventIndex(serial);
            case UhppoteMessage.SET_EVENT_INDEX: {
                long magic = uint32(b, 12);
                if (magic != UhppoteMessage.SET_EVENT_INDEX_MAGIC) {
                    throw new Bad(BAD_FIELD, "bytes 12-15 (magic word): expected 0x55AAAA55, found 0x"
                            + String.format("%08X", magic));
                }
                return new SetEventIndex(serial, uint32(b, 8));
            }
            case UhppoteMessage.SET_LISTENER:
                return new SetListener(serial, address(b, 8), u16(b, 12), u8(b, 14));
            case UhppoteMessage.GET_LISTENER:
                return new GetListener(serial);
            default:
                throw unknownFunction(function);
        }
    }

    private static Bad unknownFunction(int function) {
        return new Bad(UNKNOWN_FUNCTION, "byte 1 (function): expected one of 0x20 get-status, 0x30 set-time, 0x32 get-time, "
                + "0x90 set-listener, 0x92 get-listener, 0xB0 get-event, 0xB2 set-event-index, 0xB4 get-event-index; found "
                + hex(function));
    }

    private static Status status(byte[] b, long serial) throws Bad {
        long index = uint32(b, 8);
        ControllerEvent event = index == 0 ? null : event(b, index);
        int doors = 0;
        int buttons = 0;
        for (int door = 1; door <= 4; door++) {
            if (bool(b, 27 + door, "door " + door + " open")) {
                doors |= 1 << (door - 1);
            }
            if (bool(b, 31 + door, "door " + door + " button")) {
                buttons |= 1 << (door - 1);
            }
        }
        LocalDateTime clock = null;
        if (!zero(b, 51, 3)) {
            int year = 2000 + bcdByte(b, 51, "clock date");
            int month = bcdByte(b, 52, "clock date");
            int day = bcdByte(b, 53, "clock date");
            int hour = bcdByte(b, 37, "clock time");
            int minute = bcdByte(b, 38, "clock time");
            int second = bcdByte(b, 39, "clock time");
            clock = dateTime("bytes 51-53 and 37-39 (controller clock)", year, month, day, hour, minute, second);
        }
        return new Status(serial, event, doors, buttons, u8(b, 36), clock, uint32(b, 40), u8(b, 48), u8(b, 49), u8(b, 50));
    }

    /** The event of a get-event reply: missing (index 0) and overwritten (type 0xFF) records carry nothing else. */
    private static ControllerEvent eventRecord(byte[] b) throws Bad {
        long index = uint32(b, 8);
        int type = u8(b, 12);
        if (type == ControllerEvent.TYPE_OVERWRITTEN || index == 0) {
            return new ControllerEvent(index, type, false, 0, 0, 0, null, 0);
        }
        return event(b, index);
    }

    private static ControllerEvent event(byte[] b, long index) throws Bad {
        return new ControllerEvent(index, u8(b, 12), bool(b, 13, "granted"), u8(b, 14), u8(b, 15), uint32(b, 16),
                optionalTime(b, 20, "event time"), u8(b, 27));
    }

    private static LocalDateTime requiredTime(byte[] b, int at, String what) throws Bad {
        LocalDateTime t = optionalTime(b, at, what);
        if (t == null) {
            throw new Bad(BAD_TIMESTAMP, "bytes " + at + "-" + (at + 6) + " (" + what + "): expected a date and time, found zeros");
        }
        return t;
    }

    /** Seven BCD bytes yyyy MM dd HH mm ss; null for zeros (and for 20 00 00 ..., which uhppote-core reads as zero too). */
    private static LocalDateTime optionalTime(byte[] b, int at, String what) throws Bad {
        if (zero(b, at, 7) || (u8(b, at) == 0x20 && zero(b, at + 1, 6))) {
            return null;
        }
        String where = "bytes " + at + "-" + (at + 6) + " (" + what + ")";
        int century = bcdByte(b, at, what);
        int year = century * 100 + bcdByte(b, at + 1, what);
        return dateTime(where, year, bcdByte(b, at + 2, what), bcdByte(b, at + 3, what), bcdByte(b, at + 4, what),
                bcdByte(b, at + 5, what), bcdByte(b, at + 6, what));
    }

    private static LocalDateTime dateTime(String where, int year, int month, int day, int hour, int minute, int second)
            throws Bad {
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            throw new Bad(BAD_TIMESTAMP, where + ": expected a date and time, found "
                    + String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second));
        }
    }

    private static int bcdByte(byte[] b, int at, String what) throws Bad {
        int v = u8(b, at);
        if ((v >> 4) > 9 || (v & 0x0F) > 9) {
            throw new Bad(BAD_BCD, "byte " + at + " (" + what + "): expected two BCD digits (0x00-0x99, each nibble 0-9), found "
                    + hex(v));
        }
        return (v >> 4) * 10 + (v & 0x0F);
    }

    private static boolean bool(byte[] b, int at, String what) throws Bad {
        int v = u8(b, at);
        if (v > 1) {
            throw new Bad(BAD_FIELD, "byte " + at + " (" + what + "): expected 0x00 or 0x01, found " + hex(v));
        }
        return v == 1;
    }

    private static Inet4Address address(byte[] b, int at) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean zero(byte[] b, int at, int n) {
        for (int i = at; i < at + n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static String hex(int v) {
        return String.format("0x%02X", v);
    }

    // ================================================================== range checks the message records share

    static void checkUint32(String what, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + ": expected 0 to 4294967295 (uint32), found " + v);
        }
    }

    static void checkUint16(String what, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + ": expected 0 to 65535, found " + v);
        }
    }

    static void checkByte(String what, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + ": expected 0 to 255, found " + v);
        }
    }

    static void checkBits(String what, int v) {
        if (v < 0 || v > 0x0F) {
            throw new IllegalArgumentException(what + ": expected a bit per door 1-4 (0 to 15), found " + v);
        }
    }

    /** A decoding failure; becomes an {@code InvalidFrame}. Cheap: no stack trace. */
    private static final class Bad extends Exception {
        final String reason;

        Bad(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

package org.doorwatch.drivers.uhppote;

import java.net.Inet4Address;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The packets of the WG / UHPPOTE controller protocol that the gateway uses, as values; see
 * {@link UhppoteCodec} for their bytes. A request and its reply share a function code; the
 * controller's pushed event is a {@link Status} (function 0x20) it sends to its listener unasked.
 */
public sealed interface UhppoteMessage {

    int GET_STATUS = 0x20;
    int SET_TIME = 0x30;
    int GET_TIME = 0x32;
    int SET_LISTENER = 0x90;
    int GET_LISTENER = 0x92;
    int GET_EVENT = 0xB0;
    int SET_EVENT_INDEX = 0xB2;
    int GET_EVENT_INDEX = 0xB4;

    /** The word a set-event-index request must carry at bytes 12-15, or the controller ignores it. */
    long SET_EVENT_INDEX_MAGIC = 0x55AAAA55L;

    /** The controller's serial number (uint32), printed on its label. */
    long serial();

    /** Byte 1 of the packet. */
    int function();

    /** What the gateway sends. */
    sealed interface Request extends UhppoteMessage {}

    /** What the controller sends back, or pushes ({@link Status}). */
    sealed interface Reply extends UhppoteMessage {}

    // ------------------------------------------------------------------ requests

    record GetStatus(long serial) implements Request {
        public GetStatus { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return GET_STATUS; }
    }

    record GetTime(long serial) implements Request {
        public GetTime { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return GET_TIME; }
    }

    /** @param time the controller's new local time, to the second */
    record SetTime(long serial, LocalDateTime time) implements Request {
        public SetTime {
            UhppoteCodec.checkUint32("serial", serial);
            Objects.requireNonNull(time, "time");
            time = time.withNano(0);
        }
        @Override public int function() { return SET_TIME; }
    }

    /** @param index the event wanted; the controller answers index 0 when it has none there */
    record GetEvent(long serial, long index) implements Request {
        public GetEvent { UhppoteCodec.checkUint32("serial", serial); UhppoteCodec.checkUint32("index", index); }
        @Override public int function() { return GET_EVENT; }
    }

    /** Reads the controller's "user event index": a number it keeps for its client, nothing more. */
    record GetEventIndex(long serial) implements Request {
        public GetEventIndex { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return GET_EVENT_INDEX; }
    }

    record SetEventIndex(long serial, long index) implements Request {
        public SetEventIndex { UhppoteCodec.checkUint32("serial", serial); UhppoteCodec.checkUint32("index", index); }
        @Override public int function() { return SET_EVENT_INDEX; }
    }

    /**
     * @param interval seconds between unasked status packets (0: only when an event happens);
     *                 older firmware ignores the byte
     */
    record SetListener(long serial, Inet4Address address, int port, int interval) implements Request {
        public SetListener {
            UhppoteCodec.checkUint32("serial", serial);
            Objects.requireNonNull(address, "address");
            UhppoteCodec.checkUint16("port", port);
            UhppoteCodec.checkByte("interval", interval);
        }
        @Override public int function() { return SET_LISTENER; }
    }

    record GetListener(long serial) implements Request {
        public GetListener { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return GET_LISTENER; }
    }

    // ------------------------------------------------------------------ replies

    /**
     * The answer to get-status, and the packet a controller pushes to its listener when an event
     * happens: the newest event (null when the log is empty), the doors and the clock.
     *
     * @param doorsOpen     bit {@code n-1} set: door {@code n}'s contact reads open
     * @param buttons       bit {@code n-1} set: door {@code n}'s exit button is pressed
     * @param systemTime    the controller's clock; null when it sent zeros
     * @param relays        bit {@code n-1} set: door {@code n}'s lock relay is open (unlocked)
     * @param inputs        bit 0 forced lock, bit 1 fire alarm input
     */
    record Status(long serial, ControllerEvent event, int doorsOpen, int buttons, int systemError,
                  LocalDateTime systemTime, long sequence, int specialInfo, int relays, int inputs) implements Reply {
        public Status {
            UhppoteCodec.checkUint32("serial", serial);
            UhppoteCodec.checkBits("doorsOpen", doorsOpen);
            UhppoteCodec.checkBits("buttons", buttons);
            UhppoteCodec.checkByte("systemError", systemError);
            UhppoteCodec.checkUint32("sequence", sequence);
            UhppoteCodec.checkByte("specialInfo", specialInfo);
            UhppoteCodec.checkByte("relays", relays);
            UhppoteCodec.checkByte("inputs", inputs);
            if (event != null && event.missing()) {
                throw new IllegalArgumentException("event: a status with no event carries null, not index 0");
            }
            if (systemTime != null) {
                systemTime = systemTime.withNano(0);
            }
        }

        /** The index of the newest event, 0 when the log is empty. */
        public long newestIndex() {
            return event == null ? 0 : event.index();
        }

        public boolean doorOpen(int door) {
            return (doorsOpen >> (door - 1) & 1) != 0;
        }

        @Override public int function() { return GET_STATUS; }
    }

    record Time(long serial, LocalDateTime time) implements Reply {
        public Time { UhppoteCodec.checkUint32("serial", serial); Objects.requireNonNull(time, "time"); time = time.withNano(0); }
        @Override public int function() { return GET_TIME; }
    }

    /** The answer to set-time: the controller's clock after the change. */
    record TimeSet(long serial, LocalDateTime time) implements Reply {
        public TimeSet { UhppoteCodec.checkUint32("serial", serial); Objects.requireNonNull(time, "time"); time = time.withNano(0); }
        @Override public int function() { return SET_TIME; }
    }

    record Event(long serial, ControllerEvent event) implements Reply {
        public Event { UhppoteCodec.checkUint32("serial", serial); Objects.requireNonNull(event, "event"); }
        @Override public int function() { return GET_EVENT; }
    }

    record EventIndex(long serial, long index) implements Reply {
        public EventIndex { UhppoteCodec.checkUint32("serial", serial); UhppoteCodec.checkUint32("index", index); }
        @Override public int function() { return GET_EVENT_INDEX; }
    }

    record EventIndexSet(long serial, boolean changed) implements Reply {
        public EventIndexSet { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return SET_EVENT_INDEX; }
    }

    record Listener(long serial, Inet4Address address, int port, int interval) implements Reply {
        public Listener {
            UhppoteCodec.checkUint32("serial", serial);
            Objects.requireNonNull(address, "address");
            UhppoteCodec.checkUint16("port", port);
            UhppoteCodec.checkByte("interval", interval);
        }
        @Override public int function() { return GET_LISTENER; }
    }

    record ListenerSet(long serial, boolean ok) implements Reply {
        public ListenerSet { UhppoteCodec.checkUint32("serial", serial); }
        @Override public int function() { return SET_LISTENER; }
    }
}

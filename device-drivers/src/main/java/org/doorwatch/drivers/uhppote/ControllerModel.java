package org.doorwatch.drivers.uhppote;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What a WG / UHPPOTE controller keeps and how it answers the requests the gateway uses, without
 * the socket: its event log (indexed from 1), event listener, clock offset and user event index.
 * For playing a controller: the simulator's, and the drivers' test peer. A request for another
 * serial number gets no answer, as the board ignores it. Thread-safe.
 */
public final class ControllerModel {

    private final long serial;
    private final List<ControllerEvent> log = new ArrayList<>();
    private Inet4Address listenerAddress = ip("0.0.0.0");
    private int listenerPort;
    private int listenerInterval;
    private Duration clockOffset = Duration.ZERO;
    private long userIndex;

    public ControllerModel(long serial) {
        UhppoteCodec.checkUint32("serial", serial);
        this.serial = serial;
    }

    public long serial() {
        return serial;
    }

    /** Writes an event at the end of the log; its index is the next one. */
    public synchronized ControllerEvent append(int type, boolean granted, int door, int direction, long card, int reason,
                                               LocalDateTime timestamp) {
        ControllerEvent e = new ControllerEvent(log.size() + 1, type, granted, door, direction, card, timestamp, reason);
        log.add(e);
        return e;
    }

    /** The controller's clock when the true local time is {@code trueTime}: set-time moves it. */
    public synchronized LocalDateTime clock(LocalDateTime trueTime) {
        return trueTime.plus(clockOffset).withNano(0);
    }

    /** What it answers, at true local time {@code trueTime}; null: no answer. */
    public synchronized UhppoteMessage.Reply answer(UhppoteMessage.Request r, LocalDateTime trueTime) {
        if (r.serial() != serial) {
            return null;
        }
        if (r instanceof UhppoteMessage.GetStatus) {
            return status(trueTime);
        }
        if (r instanceof UhppoteMessage.GetTime) {
            return new UhppoteMessage.Time(serial, clock(trueTime));
        }
        if (r instanceof UhppoteMessage.SetTime s) {
            clockOffset = Duration.between(trueTime, s.time());
            return new UhppoteMessage.TimeSet(serial, clock(trueTime));
        }
        if (r instanceof UhppoteMessage.GetEvent g) {
            long i = g.index();
            return new UhppoteMessage.Event(serial, i >= 1 && i <= log.size() ? log.get((int) i - 1)
                    : new ControllerEvent(0, 0, false, 0, 0, 0, null, 0));
        }
        if (r instanceof UhppoteMessage.GetEventIndex) {
            return new UhppoteMessage.EventIndex(serial, userIndex);
        }
        if (r instanceof UhppoteMessage.SetEventIndex s) {
            boolean changed = s.index() != userIndex;
            userIndex = s.index();
            return new UhppoteMessage.EventIndexSet(serial, changed);
        }
        if (r instanceof UhppoteMessage.GetListener) {
            return new UhppoteMessage.Listener(serial, listenerAddress, listenerPort, listenerInterval);
        }
        if (r instanceof UhppoteMessage.SetListener s) {
            listenerAddress = s.address();
            listenerPort = s.port();
            listenerInterval = s.interval();
            return new UhppoteMessage.ListenerSet(serial, true);
        }
        return null;
    }

    /** The status packet: the answer to get-status, and what it pushes to its listener per event. */
    public synchronized UhppoteMessage.Status status(LocalDateTime trueTime) {
        ControllerEvent newest = log.isEmpty() ? null : log.get(log.size() - 1);
        return new UhppoteMessage.Status(serial, newest, 0, 0, 0, clock(trueTime), log.size(), 0, 0, 0);
    }

    public synchronized List<ControllerEvent> events() {
        return List.copyOf(log);
    }

    public synchronized long newest() {
        return log.size();
    }

    public synchronized Inet4Address listenerAddress() {
        return listenerAddress;
    }

    /** 0 until a client set a listener: a fresh board pushes to nobody. */
    public synchronized int listenerPort() {
        return listenerPort;
    }

    /** What another program set as the listener. */
    public synchronized void listener(Inet4Address address, int port) {
        listenerAddress = address;
        listenerPort = port;
    }

    public synchronized Duration clockOffset() {
        return clockOffset;
    }

    public synchronized void clockOffset(Duration offset) {
        clockOffset = offset;
    }

    public synchronized long userIndex() {
        return userIndex;
    }

    public synchronized void userIndex(long index) {
        userIndex = index;
    }

    private static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

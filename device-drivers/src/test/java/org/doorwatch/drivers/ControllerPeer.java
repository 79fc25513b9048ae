package org.doorwatch.drivers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Request;

/**
 * A scripted UHPPOTE controller on a loopback UDP port, for the driver's tests: it answers the
 * requests the driver uses, keeps an event log, pushes new events to the listener it was given,
 * and records what it was asked. It can lose packets (each way, seeded), stay silent, or run its
 * clock off by an offset. (The simulator module has the full controller the demo and the
 * end-to-end tests play; this one is small on purpose.)
 */
final class ControllerPeer implements AutoCloseable {

    final long serial;
    private final DatagramSocket socket;
    private final Clock clock;
    private final Thread thread;
    private final List<ControllerEvent> log = new ArrayList<>();
    private final List<Request> received = new ArrayList<>();
    private final Random random = new Random(42);
    private Inet4Address listenerAddress;
    private int listenerPort;
    private Duration clockOffset = Duration.ZERO;
    private long userIndex;
    private double loss;
    private volatile boolean silent;

    ControllerPeer(long serial, Clock clock) throws SocketException {
        this.serial = serial;
        this.clock = clock;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.listenerAddress = ip("0.0.0.0");
        this.thread = new Thread(this::serve, "controller-peer-" + serial);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Loses this share of the packets it gets and of the packets it sends, each on its own. */
    synchronized void loss(double share) {
        loss = share;
    }

    void silent(boolean s) {
        silent = s;
    }

    synchronized void clockOffset(Duration offset) {
        clockOffset = offset;
    }

    synchronized Duration clockOffset() {
        return clockOffset;
    }

    synchronized InetSocketAddress listener() {
        return new InetSocketAddress(listenerAddress, listenerPort);
    }

    synchronized void listener(String address, int port) {
        listenerAddress = ip(address);
        listenerPort = port;
    }

    synchronized long userIndex() {
        return userIndex;
    }

    /** What another program (or an earlier gateway) left in the controller's user event index. */
    synchronized void userIndex(long index) {
        userIndex = index;
    }

    synchronized List<Request> received() {
        return List.copyOf(received);
    }

    synchronized long asked(Class<? extends Request> kind) {
        return received.stream().filter(kind::isInstance).count();
    }

    synchronized long newest() {
        return log.size();
    }

    /** Writes an event to the log without pushing it (a push lost on the way, or one while nobody listened). */
    synchronized ControllerEvent record(int type, boolean granted, int door, int direction, long card, int reason,
                                        LocalDateTime ts) {
        ControllerEvent e = new ControllerEvent(log.size() + 1, type, granted, door, direction, card, ts, reason);
        log.add(e);
        return e;
    }

    /** Writes an event at the controller's clock and pushes it to the listener. */
    ControllerEvent push(int type, boolean granted, int door, int direction, long card, int reason) {
        ControllerEvent e;
        synchronized (this) {
            e = record(type, granted, door, direction, card, reason, now());
        }
        pushLatest();
        return e;
    }

    /** Sends the status with the newest event to the listener again (as the controller's auto-send does). */
    void pushLatest() {
        InetSocketAddress to;
        byte[] bytes;
        synchronized (this) {
            if (listenerPort == 0) {
                return;
            }
            to = listener();
            bytes = UhppoteCodec.encode(status());
        }
        send(bytes, to);
    }

    synchronized LocalDateTime now() {
        return LocalDateTime.now(clock).plus(clockOffset).withNano(0);
    }

    private UhppoteMessage.Status status() {
        ControllerEvent newest = log.isEmpty() ? null : log.get(log.size() - 1);
        return new UhppoteMessage.Status(serial, newest, 0, 0, 0, now(), 0, 0, 0, 0);
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            if (silent || lost()) {
                continue;
            }
            byte[] bytes = java.util.Arrays.copyOf(p.getData(), p.getLength());
            UhppoteFrame f = UhppoteCodec.decodeRequest(bytes, serial, "peer");
            if (!(f instanceof UhppoteFrame.Message m)) {
                continue; // a real controller ignores what it cannot read
            }
            UhppoteMessage.Reply reply = answer((Request) m.message());
            if (reply != null) {
                send(UhppoteCodec.encode(reply), (InetSocketAddress) p.getSocketAddress());
            }
        }
    }

    private synchronized UhppoteMessage.Reply answer(Request r) {
        received.add(r);
        if (r instanceof UhppoteMessage.GetStatus) {
            return status();
        }
        if (r instanceof UhppoteMessage.GetTime) {
            return new UhppoteMessage.Time(serial, now());
        }
        if (r instanceof UhppoteMessage.SetTime s) {
            clockOffset = Duration.between(LocalDateTime.now(clock), s.time());
            return new UhppoteMessage.TimeSet(serial, now());
        }
        if (r instanceof UhppoteMessage.GetEvent g) {
            long i = g.index();
            if (i >= 1 && i <= log.size()) {
                return new UhppoteMessage.Event(serial, log.get((int) i - 1));
            }
            return new UhppoteMessage.Event(serial, new ControllerEvent(0, 0, false, 0, 0, 0, null, 0));
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
            return new UhppoteMessage.Listener(serial, listenerAddress, listenerPort, 0);
        }
        if (r instanceof UhppoteMessage.SetListener s) {
            listenerAddress = s.address();
            listenerPort = s.port();
            return new UhppoteMessage.ListenerSet(serial, true);
        }
        return null;
    }

    private void send(byte[] bytes, InetSocketAddress to) {
        if (silent || lost()) {
            return;
        }
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            // closed
        }
    }

    private synchronized boolean lost() {
        return loss > 0 && random.nextDouble() < loss;
    }

    static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

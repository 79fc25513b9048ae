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
import org.doorwatch.drivers.uhppote.ControllerModel;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Request;

/**
 * A scripted UHPPOTE controller on a loopback UDP port, for the driver's tests: a
 * {@link ControllerModel} behind a socket that records what it was asked, can lose packets (each
 * way, seeded), stay silent, or run its clock off. (The simulator module plays controllers for
 * the demo and the end-to-end tests on the same model.)
 */
final class ControllerPeer implements AutoCloseable {

    final long serial;
    private final ControllerModel model;
    private final DatagramSocket socket;
    private final Clock clock;
    private final List<Request> received = new ArrayList<>();
    private final Random random = new Random(42);
    private double loss;
    private volatile boolean silent;

    ControllerPeer(long serial, Clock clock) throws SocketException {
        this.serial = serial;
        this.model = new ControllerModel(serial);
        this.clock = clock;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::serve, "controller-peer-" + serial);
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

    void clockOffset(Duration offset) {
        model.clockOffset(offset);
    }

    Duration clockOffset() {
        return model.clockOffset();
    }

    InetSocketAddress listener() {
        return new InetSocketAddress(model.listenerAddress(), model.listenerPort());
    }

    void listener(String address, int port) {
        model.listener(ip(address), port);
    }

    long userIndex() {
        return model.userIndex();
    }

    /** What another program (or an earlier gateway) left in the controller's user event index. */
    void userIndex(long index) {
        model.userIndex(index);
    }

    synchronized long asked(Class<? extends Request> kind) {
        return received.stream().filter(kind::isInstance).count();
    }

    /** Writes an event to the log without pushing it (a push lost on the way, or one while nobody listened). */
    ControllerEvent record(int type, boolean granted, int door, int direction, long card, int reason, LocalDateTime ts) {
        return model.append(type, granted, door, direction, card, reason, ts);
    }

    /** Writes an event at the controller's clock and pushes it to the listener. */
    ControllerEvent push(int type, boolean granted, int door, int direction, long card, int reason) {
        ControllerEvent e = model.append(type, granted, door, direction, card, reason, now());
        pushLatest();
        return e;
    }

    /** Sends the status with the newest event to the listener again (as the controller's auto-send does). */
    void pushLatest() {
        if (model.listenerPort() != 0) {
            send(UhppoteCodec.encode(model.status(LocalDateTime.now(clock))), listener());
        }
    }

    LocalDateTime now() {
        return model.clock(LocalDateTime.now(clock));
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
            UhppoteFrame f = UhppoteCodec.decodeRequest(java.util.Arrays.copyOf(p.getData(), p.getLength()), serial, "peer");
            if (!(f instanceof UhppoteFrame.Message m)) {
                continue; // a real controller ignores what it cannot read
            }
            Request r = (Request) m.message();
            synchronized (this) {
                received.add(r);
            }
            UhppoteMessage.Reply reply = model.answer(r, LocalDateTime.now(clock));
            if (reply != null) {
                send(UhppoteCodec.encode(reply), (InetSocketAddress) p.getSocketAddress());
            }
        }
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

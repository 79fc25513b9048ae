package org.doorwatch.simulator;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.UdpEndpoint;
import org.doorwatch.drivers.UhppoteSettings;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.drivers.uhppote.ControllerModel;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Request;

/**
 * A WG / UHPPOTE access controller ({@code uhppote}) on the UDP address the config gives it, as
 * the real board behaves (the drivers' {@link ControllerModel} behind a socket): it answers get-status, get/set-time, get-event, get/set event index and
 * get/set listener for its serial number (and ignores the rest, as the board ignores what it
 * cannot read), keeps an event log indexed from 1, and pushes each new event to the listener a
 * client set, which it starts without (a fresh board). Its clock is the simulated clock, set-time
 * moves it. A controller all of whose doors are inside an outage goes silent.
 *
 * <p>{@code loss} drops that share of the datagrams it receives and, independently, of those it
 * sends (seeded): a lossy LAN or a busy switch, for the end-to-end test of the driver's recovery.
 *
 * <p>The bytes come from the drivers' {@link UhppoteCodec}, so this controller and the gateway
 * share one reading of the protocol; the interoperability test holds both to the npm
 * {@code uhppoted} package, an implementation of its own.
 */
final class UhppoteOutput implements Output {

    private final long serial;
    private final UhppoteSettings settings;
    private final ZoneId zone;
    private final Supplier<Instant> simNow;
    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, Integer> doorOf = new HashMap<>();
    private final ControllerModel board;
    private final Random random;
    private final double loss;
    private long dropped;
    private final java.util.ArrayDeque<byte[]> pushed = new java.util.ArrayDeque<>();
    private volatile boolean silent;

    UhppoteOutput(UdpEndpoint address, UhppoteSettings settings, ZoneId zone, Supplier<Instant> simNow, double loss, long seed)
            throws IOException {
        this.serial = settings.controller();
        this.settings = settings;
        this.zone = zone;
        this.simNow = simNow;
        this.loss = loss;
        this.random = new Random(seed ^ serial);
        settings.doors().forEach((door, device) -> doorOf.put(device, door));
        this.board = new ControllerModel(serial);
        this.socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address.host(), address.port()));
        this.thread = new Thread(this::serve, "sim-uhppote-" + serial);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String transport() {
        return "udp";
    }

    /** Goes silent while every door of this controller is inside an outage. */
    void updateOutages(Predicate<String> deviceDown) {
        silent = doorOf.keySet().stream().allMatch(deviceDown);
    }

    /** Writes the event into the log at the controller's clock and pushes it to the listener. */
    @Override
    public boolean send(DoorEvent e) {
        Integer door = doorOf.get(e.device());
        int[] record = UhppoteEvents.recordFor(e.type());
        if (door == null || record == null) {
            return false; // e.g. HEARTBEAT, VISITOR_CALL: the board reports nothing of the kind
        }
        boolean swipe = record[0] == ControllerEvent.TYPE_SWIPE;
        int direction = e.direction() == Direction.OUT ? ControllerEvent.DIRECTION_OUT
                : e.direction() == Direction.IN || swipe ? ControllerEvent.DIRECTION_IN : 0;
        long card = swipe ? cardNumber(e.credential()) : 0;
        board.append(record[0], record[1] == 1, door, direction, card, record[2], board.clock(LocalDateTime.ofInstant(e.ts(), zone)));
        if (board.listenerPort() == 0 || silent) {
            return true; // written; a client reads it by index
        }
        byte[] push = UhppoteCodec.encode(board.status(trueNow()));
        if (transmit(push, new InetSocketAddress(board.listenerAddress(), board.listenerPort()))) {
            synchronized (this) {
                pushed.addLast(push);
                if (pushed.size() > 100) {
                    pushed.removeFirst();
                }
            }
        }
        return true;
    }

    /** The card number a credential names, as the port writes it back ({@code card:8165538}, hex: {@code card:007C98A2}). */
    long cardNumber(String credential) {
        if (credential == null) {
            return 0;
        }
        String number = credential.startsWith(settings.credentialPrefix())
                ? credential.substring(settings.credentialPrefix().length()) : credential;
        for (int radix : settings.cardFormat() == UhppoteSettings.CardFormat.DECIMAL ? new int[] {10, 16} : new int[] {16}) {
            try {
                long v = Long.parseLong(number, radix);
                if (v >= 0 && v <= 0xFFFF_FFFFL) {
                    return v;
                }
            } catch (NumberFormatException notThisRadix) {
                // try the next
            }
        }
        return Integer.toUnsignedLong(number.hashCode()); // a made-up but stable card for a credential that is no number
    }

    // ------------------------------------------------------------------ what tests look at

    List<ControllerEvent> events() {
        return board.events();
    }

    InetSocketAddress listener() {
        return new InetSocketAddress(board.listenerAddress(), board.listenerPort());
    }

    Duration clockOffset() {
        return board.clockOffset();
    }

    synchronized long dropped() {
        return dropped;
    }

    /** The last (up to 100) pushed packets that left, as sent: what a listener got. */
    synchronized List<byte[]> pushed() {
        return List.copyOf(pushed);
    }

    int port() {
        return socket.getLocalPort();
    }

    // ------------------------------------------------------------------ the board

    /** The simulated local time (the board's clock is this plus what set-time moved it by). */
    private LocalDateTime trueNow() {
        return LocalDateTime.ofInstant(simNow.get(), zone);
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            if (silent || lost()) {
                continue;
            }
            byte[] bytes = Arrays.copyOf(p.getData(), p.getLength());
            UhppoteFrame f = UhppoteCodec.decodeRequest(bytes, serial, "sim");
            if (!(f instanceof UhppoteFrame.Message m)) {
                continue;
            }
            UhppoteMessage.Reply reply = board.answer((Request) m.message(), trueNow());
            if (reply != null) {
                transmit(UhppoteCodec.encode(reply), (InetSocketAddress) p.getSocketAddress());
            }
        }
    }

    /** Sends unless lost; true when it left. */
    private boolean transmit(byte[] bytes, InetSocketAddress to) {
        if (silent || lost()) {
            return false;
        }
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
            return true;
        } catch (IOException e) {
            return false; // closed, or nobody there: UDP does not tell the sender
        }
    }

    private synchronized boolean lost() {
        if (loss > 0 && random.nextDouble() < loss) {
            dropped++;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        socket.close();
    }
}

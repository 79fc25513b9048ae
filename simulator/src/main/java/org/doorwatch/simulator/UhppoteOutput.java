package org.doorwatch.simulator;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Request;

/**
 * A WG / UHPPOTE access controller ({@code uhppote}) on the UDP address the config gives it, as
 * the real board behaves: it answers get-status, get/set-time, get-event, get/set event index and
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
    private final List<ControllerEvent> log = new ArrayList<>();
    private final Random random;
    private final double loss;
    private Inet4Address listenerAddress;
    private int listenerPort;
    private int listenerInterval;
    private Duration clockOffset = Duration.ZERO;
    private long userIndex;
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
        this.listenerAddress = ip("0.0.0.0");
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
        byte[] push;
        InetSocketAddress to;
        synchronized (this) {
            LocalDateTime ts = LocalDateTime.ofInstant(e.ts(), zone).plus(clockOffset).withNano(0);
            log.add(new ControllerEvent(log.size() + 1, record[0], record[1] == 1, door, direction, card, ts, record[2]));
            if (listenerPort == 0 || silent) {
                return true; // written; a client reads it by index
            }
            push = UhppoteCodec.encode(status());
            to = new InetSocketAddress(listenerAddress, listenerPort);
        }
        if (transmit(push, to)) {
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

    synchronized List<ControllerEvent> events() {
        return List.copyOf(log);
    }

    synchronized InetSocketAddress listener() {
        return new InetSocketAddress(listenerAddress, listenerPort);
    }

    synchronized Duration clockOffset() {
        return clockOffset;
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

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(simNow.get(), zone).plus(clockOffset).withNano(0);
    }

    private UhppoteMessage.Status status() {
        ControllerEvent newest = log.isEmpty() ? null : log.get(log.size() - 1);
        return new UhppoteMessage.Status(serial, newest, 0, 0, 0, now(), log.size(), 0, 0, 0);
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
            UhppoteMessage.Reply reply = answer((Request) m.message());
            if (reply != null) {
                transmit(UhppoteCodec.encode(reply), (InetSocketAddress) p.getSocketAddress());
            }
        }
    }

    private synchronized UhppoteMessage.Reply answer(Request r) {
        if (r instanceof UhppoteMessage.GetStatus) {
            return status();
        }
        if (r instanceof UhppoteMessage.GetTime) {
            return new UhppoteMessage.Time(serial, now());
        }
        if (r instanceof UhppoteMessage.SetTime s) {
            clockOffset = Duration.between(LocalDateTime.ofInstant(simNow.get(), zone), s.time());
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

    private static Inet4Address ip(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

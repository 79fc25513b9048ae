package org.doorwatch.drivers;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Protocol {@code uhppote}: one WG / UHPPOTE TCP/IP Wiegand access controller (UT0311-L01 to L04,
 * the "微耕" boards) over UDP. The transport is the controller's {@link UdpEndpoint}. See
 * {@code UhppoteSource} for what the driver does with these.
 *
 * @param controller      the controller's serial number, printed on its label (1 to 4294967295)
 * @param listenHost      the gateway's own IPv4 address on the controller's network: the driver binds
 *                        its UDP socket there and tells the controller to push events to it
 * @param listenPort      the UDP port of that socket; one per controller
 * @param doors           door number 1-4 to device id; the devices this controller reports for
 * @param timeout         how long to wait for one answer before asking again
 * @param retries         how many times a request is asked again after a timeout (UDP loses packets)
 * @param pollInterval    how often the driver asks for the controller's status: a pushed event
 *                        that was lost on the way is read by its index at the next poll at the latest
 * @param clockCheckEvery how often the controller's clock (and its event listener) are checked
 * @param maxClockDrift   the controller's clock is set when it is off by more than this
 * @param maxClockSkew    an event time further than this in the future, or further in the past than the
 *                        last contact with the controller, is replaced by the receive time (a clock that
 *                        reset on a power cut says 2000-01-01)
 * @param heartbeatEvery  at most one HEARTBEAT per door device per this while the controller answers
 * @param faultAfter      when the controller has not answered for this long, each door device gets one
 *                        DEVICE_FAULT (and a HEARTBEAT when it answers again)
 * @param cardFormat      how the card number is written in the credential
 * @param credentialPrefix put before the card number, e.g. {@code card:} (SPEC section 4)
 */
public record UhppoteSettings(
        long controller,
        String listenHost,
        int listenPort,
        Map<Integer, String> doors,
        Duration timeout,
        int retries,
        Duration pollInterval,
        Duration clockCheckEvery,
        Duration maxClockDrift,
        Duration maxClockSkew,
        Duration heartbeatEvery,
        Duration faultAfter,
        CardFormat cardFormat,
        String credentialPrefix) implements ProtocolSettings {

    public static final String PROTOCOL = "uhppote";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CLOCK_CHECK_EVERY = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_CLOCK_DRIFT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_HEARTBEAT_EVERY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FAULT_AFTER = Duration.ofSeconds(60);

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** How a card number is written after the prefix. */
    public enum CardFormat {
        /** As the vendor's software and most card labels print it: {@code card:8165538}. */
        DECIMAL,
        /** Eight upper-case hex digits: {@code card:007C98A2}. */
        HEX;

        public String format(long card) {
            return this == DECIMAL ? Long.toString(card) : String.format(Locale.ROOT, "%08X", card);
        }
    }

    public UhppoteSettings {
        doors = doors == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(doors)); // door order in messages
        var p = new Problems("uhppote settings");
        p.check(controller >= 1 && controller <= 0xFFFF_FFFFL,
                "controller: expected the serial number on the controller's label (1 to 4294967295), found " + controller);
        String listenProblem = listenProblem(listenHost);
        if (listenProblem != null) {
            p.add("listen: " + listenProblem);
        }
        p.check(listenPort >= 1 && listenPort <= 65535, "listen: expected a port 1 to 65535, found " + listenPort);
        p.check(!doors.isEmpty(), "doors: expected at least one door (1 to 4) with its device, found none");
        Set<String> devices = new HashSet<>();
        for (Map.Entry<Integer, String> d : doors.entrySet()) {
            p.check(d.getKey() >= 1 && d.getKey() <= 4, "doors: expected door numbers 1 to 4, found " + d.getKey());
            p.check(d.getValue() != null && !d.getValue().isBlank(), "doors: door " + d.getKey() + " has no device");
            p.check(d.getValue() == null || devices.add(d.getValue()), "doors: device '" + d.getValue() + "' is on two doors");
        }
        p.check(between(timeout, Duration.ofMillis(10), Duration.ofSeconds(10)), "timeout: expected 10ms to 10s, found " + timeout);
        p.check(retries >= 0 && retries <= 10, "retries: expected 0 to 10, found " + retries);
        p.check(between(pollInterval, Duration.ofMillis(50), Duration.ofMinutes(10)),
                "pollInterval: expected 50ms to 10m, found " + pollInterval);
        p.check(between(clockCheckEvery, Duration.ofSeconds(1), Duration.ofDays(1)),
                "clockCheckEvery: expected 1s to 1d, found " + clockCheckEvery);
        p.check(between(maxClockDrift, Duration.ofSeconds(1), Duration.ofHours(1)),
                "maxClockDrift: expected 1s to 1h, found " + maxClockDrift);
        p.check(between(maxClockSkew, Duration.ofSeconds(1), Duration.ofDays(1)),
                "maxClockSkew: expected 1s to 1d, found " + maxClockSkew);
        p.check(between(heartbeatEvery, Duration.ofMillis(1), Duration.ofMinutes(10)),
                "heartbeatEvery: expected more than 0 and at most 10m (device-offline fires after 15m), found " + heartbeatEvery);
        p.check(between(faultAfter, Duration.ofMillis(1), Duration.ofHours(1)), "faultAfter: expected more than 0 and at most 1h, found " + faultAfter);
        p.check(cardFormat != null, "cardFormat: expected decimal or hex, found nothing");
        p.check(credentialPrefix != null, "credentialPrefix: expected a prefix such as card: (may be empty), found nothing");
        p.throwIfAny();
    }

    /** Why {@code host} cannot be the listen address, or null when it can: the controller stores 4 bytes. */
    public static String listenProblem(String host) {
        if (host == null || host.isBlank()) {
            return "expected the gateway's IPv4 address on the controller's network, e.g. 192.168.1.2:60001, found nothing";
        }
        if (!IPV4.matcher(host).matches()) {
            return "expected an IPv4 address (the controller stores four bytes, not a name), found '" + host + "'";
        }
        if (host.equals("0.0.0.0") || host.equals("255.255.255.255")) {
            return "'" + host + "' is no address the controller can send to; give the gateway's own address on its network";
        }
        return null;
    }

    private static boolean between(Duration d, Duration min, Duration max) {
        return d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
    }

    /** Default timings and {@code card:} in decimal. */
    public static UhppoteSettings of(long controller, String listenHost, int listenPort, Map<Integer, String> doors) {
        return builder(controller, listenHost, listenPort, doors).build();
    }

    public static Builder builder(long controller, String listenHost, int listenPort, Map<Integer, String> doors) {
        return new Builder(controller, listenHost, listenPort, doors);
    }

    /** The devices on this controller's doors, in door order. */
    public java.util.List<String> devices() {
        return java.util.List.copyOf(new TreeMap<>(doors).values());
    }

    /** The source's name in logs: {@code controller 405419896}. */
    public String describe() {
        return "controller " + controller;
    }

    @Override
    public String protocolName() {
        return PROTOCOL;
    }

    public static final class Builder {
        private final long controller;
        private final String listenHost;
        private final int listenPort;
        private final Map<Integer, String> doors;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration clockCheckEvery = DEFAULT_CLOCK_CHECK_EVERY;
        private Duration maxClockDrift = DEFAULT_MAX_CLOCK_DRIFT;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private Duration heartbeatEvery = DEFAULT_HEARTBEAT_EVERY;
        private Duration faultAfter = DEFAULT_FAULT_AFTER;
        private CardFormat cardFormat = CardFormat.DECIMAL;
        private String credentialPrefix = "card:";

        private Builder(long controller, String listenHost, int listenPort, Map<Integer, String> doors) {
            this.controller = controller;
            this.listenHost = listenHost;
            this.listenPort = listenPort;
            this.doors = doors;
        }

        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder retries(int v) { retries = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder clockCheckEvery(Duration v) { clockCheckEvery = v; return this; }
        public Builder maxClockDrift(Duration v) { maxClockDrift = v; return this; }
        public Builder maxClockSkew(Duration v) { maxClockSkew = v; return this; }
        public Builder heartbeatEvery(Duration v) { heartbeatEvery = v; return this; }
        public Builder faultAfter(Duration v) { faultAfter = v; return this; }
        public Builder cardFormat(CardFormat v) { cardFormat = v; return this; }
        public Builder credentialPrefix(String v) { credentialPrefix = v; return this; }

        /** @throws IllegalArgumentException naming every problem */
        public UhppoteSettings build() {
            return new UhppoteSettings(controller, listenHost, listenPort, doors, timeout, retries, pollInterval,
                    clockCheckEvery, maxClockDrift, maxClockSkew, heartbeatEvery, faultAfter, cardFormat, credentialPrefix);
        }
    }
}

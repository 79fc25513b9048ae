package org.doorwatch.gateway.live;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link Ingest}: checks what can be checked without the engine, counts and logs
 * bad input, and queues the rest for the writer.
 *
 * <p>Only configured devices are heard: an event naming a device the config does not know is
 * {@code unknown-device}. Staff actions are refused from device sources: a device (or anyone on
 * the device network) must not be able to mark a household away or well and so silence its
 * watch; staff actions come through the staff API.
 */
final class EventIntake implements Ingest {

    private static final Logger LOG = LoggerFactory.getLogger("org.doorwatch.gateway.ingest");

    private volatile Set<String> devices;
    private final Writer writer;
    private final GatewayMetrics metrics;
    private final RateLimitedLog log;

    EventIntake(Set<String> devices, Writer writer, GatewayMetrics metrics, Clock wallClock) {
        this.devices = Set.copyOf(devices);
        this.writer = writer;
        this.metrics = metrics;
        this.log = new RateLimitedLog(LOG, wallClock, Duration.ofMinutes(1));
    }

    /** The devices of a reloaded config. */
    void devices(Set<String> devices) {
        this.devices = Set.copyOf(devices);
    }

    @Override
    public void accept(DoorEvent event, String source, Runnable afterCommit) throws InterruptedException {
        accept(event, source, MessageKey.NONE, afterCommit);
    }

    @Override
    public void accept(DoorEvent event, String source, MessageKey key, Runnable afterCommit)
            throws InterruptedException {
        if (event.type().isStaffAction()) {
            reject(source, event.device(), "staff-action", event.type()
                    + " is a staff action; it is accepted from the staff API only, not from a device");
            afterCommit.run();
            return;
        }
        if (event.device() == null || !devices.contains(event.device())) {
            reject(source, event.device(), "unknown-device", event.device() == null
                    ? event.type() + " event names no device"
                    : "unknown device '" + event.device() + "'; add it to devices in the config");
            afterCommit.run();
            return;
        }
        writer.submit(new Command.Event(event, source, System.nanoTime(), afterCommit, key));
    }

    @Override
    public void reject(String source, String device, String reason, String message) {
        String known = device != null && devices.contains(device) ? device : null;
        metrics.badPayload(source, known, reason);
        log.warn(source + "/" + reason, "skipped bad input from " + source
                + (device != null ? " (device " + printable(device, 80) + ")" : "") + ": " + reason + ": "
                + printable(message, 300));
    }

    /** Input text made safe for a log line: control characters replaced, length bounded. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > max ? b + "…" : b.toString();
    }
}

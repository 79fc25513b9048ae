package org.doorwatch.gateway.intake;

import java.time.Clock;
import java.time.Duration;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.gateway.writer.Command;
import org.doorwatch.gateway.writer.MessageKey;
import org.doorwatch.gateway.writer.Writer;
import org.doorwatch.rules.Admission;
import org.doorwatch.rules.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link Ingest}: checks what can be checked without the engine, counts and logs
 * bad input, and queues the rest for the writer.
 *
 * <p>Only configured devices are heard, and staff actions are refused from device sources (they
 * come through the staff API): {@link Admission#checkFromDevice}, the config's one decision,
 * swapped with the config on reload.
 */
public final class EventIntake implements Ingest {

    private static final Logger LOG = LoggerFactory.getLogger("org.doorwatch.gateway.ingest");

    private volatile Admission admission;
    private final Writer writer;
    private final GatewayMetrics metrics;
    private final RateLimitedLog log;

    public EventIntake(Admission admission, Writer writer, GatewayMetrics metrics, Clock wallClock) {
        this.admission = admission;
        this.writer = writer;
        this.metrics = metrics;
        this.log = new RateLimitedLog(LOG, wallClock, Duration.ofMinutes(1));
    }

    /** The decision of a reloaded config. */
    public void admission(Admission admission) {
        this.admission = admission;
    }

    @Override
    public void accept(DoorEvent event, String source, Runnable afterCommit) throws InterruptedException {
        accept(event, source, MessageKey.NONE, afterCommit);
    }

    @Override
    public void accept(DoorEvent event, String source, MessageKey key, Runnable afterCommit)
            throws InterruptedException {
        Rejection refused = admission.checkFromDevice(event);
        if (refused != null) {
            reject(source, event.device(), refused.reason(), refused.message());
            afterCommit.run();
            return;
        }
        writer.submit(new Command.Event(event, source, System.nanoTime(), afterCommit, key));
    }

    @Override
    public void reject(String source, String device, String reason, String message) {
        String known = admission.knownDevice(device) ? device : null;
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

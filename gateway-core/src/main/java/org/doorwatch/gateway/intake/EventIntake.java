package org.doorwatch.gateway.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.health.Liveness;
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
 * bad input, and queues the rest for the writer. An event whose own time is outside the
 * {@link TimestampWindow} is kept at its receive time and counted as {@code bad-timestamp}.
 *
 * <p>Only configured devices are heard, staff actions are refused from device sources (they
 * come through the staff API), and an event may name only a household its device may name
 * ({@code household-not-allowed}, SPEC 10): {@link Admission#checkFromDevice}, the config's one
 * decision, swapped with the config on reload.
 */
public final class EventIntake implements Ingest {

    private volatile Liveness.Busy busy = Liveness.Busy.UNWATCHED;

    private static final Logger LOG = LoggerFactory.getLogger("org.doorwatch.gateway.ingest");

    private volatile Admission admission;
    private volatile TimestampWindow window;
    private final Writer writer;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final RateLimitedLog log;

    /**
     * @param clock     the gateway clock: receive times and the timestamp window
     * @param wallClock real time, for rate-limiting the log
     * @param window    {@code ingest.timestampWindow}, or null for no check
     */
    public EventIntake(Admission admission, Writer writer, GatewayMetrics metrics, Clock clock, Clock wallClock,
                       Duration window) {
        this.admission = admission;
        this.window = new TimestampWindow(window);
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.log = new RateLimitedLog(LOG, wallClock, Duration.ofMinutes(1));
    }

    /** The decision of a reloaded config. */
    public void admission(Admission admission) {
        this.admission = admission;
    }

    /**
     * The watchdog's view of the sources' threads: a hand-over that waits longer than its limit (the
     * writer's queue full and the writer not moving) is a stuck ingest.
     */
    public void watchedBy(Liveness.Busy busy) {
        this.busy = busy;
    }

    /** The timestamp window of a reloaded config (null: off). */
    public void timestampWindow(Duration window) {
        this.window = new TimestampWindow(window);
    }

    @Override
    public void accept(DoorEvent event, String source, Runnable afterCommit) throws InterruptedException {
        accept(event, source, MessageKey.NONE, afterCommit);
    }

    @Override
    public void accept(DoorEvent event, String source, MessageKey key, Runnable afterCommit)
            throws InterruptedException {
        Liveness.Busy b = busy;
        b.enter();
        try {
            Rejection refused = admission.checkFromDevice(event);
            if (refused != null) {
                reject(source, event.device(), refused.reason(), refused.message());
                afterCommit.run();
                return;
            }
            Instant now = clock.instant();
            TimestampWindow w = window;
            if (w.outside(event.ts(), now)) {
                reject(source, event.device(), TimestampWindow.REASON, w.describe(event.ts(), now));
                event = event.withTs(now);
            }
            writer.submit(new Command.Event(event, source, System.nanoTime(), afterCommit, key));
        } finally {
            b.exit();
        }
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

package org.doorwatch.gateway.writer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The start-up hold on overdue deadlines (issue 19): after a restart, the events that queued while
 * the gateway was down (a broker's persistent session, devices resending on reconnect) must be
 * applied before a deadline they would have moved fires. A stage raised because the door's
 * opening was still in the broker's queue sends people to a door for nothing.
 *
 * <p>The writer fires no engine deadline while {@link #holding()}; events, staff actions and
 * re-notification rounds go on. The hold ends at the first of:
 * <ul>
 *   <li>{@code quiet}: once the MQTT ingest is {@link #ready()}, no <em>queued</em> event for this
 *       long. An event is taken as queued when its own time is before the start: live events keep
 *       coming at any rate and say nothing about the backlog;</li>
 *   <li>{@code max} after the start, whatever came (a broker that is not there, a device that never
 *       reconnects): the bound the log states.</li>
 * </ul>
 * Real time (nanoTime), not the gateway clock: the wait is for the network, and an accelerated
 * clock does not make a broker send faster.
 *
 * <p>The writer thread calls {@link #heard} and {@link #holding}; the ingest's thread calls
 * {@link #ready}.
 */
public final class CatchUp {

    private final Instant startedAt;
    private final long quietNanos;
    private final long maxNanos;
    private final LongSupplier nanoTime;
    private final long start;
    private final AtomicLong readyAt = new AtomicLong(Long.MIN_VALUE);
    private long lastQueued = Long.MIN_VALUE;
    private long queued;
    private Instant oldest;
    private boolean released;
    private String outcome;

    /**
     * @param startedAt the gateway clock's instant of the start; an event stamped before it was
     *                  produced while the gateway was down (or is a device's late report)
     */
    public CatchUp(Instant startedAt, Duration quiet, Duration max, LongSupplier nanoTime) {
        this.startedAt = startedAt;
        this.quietNanos = quiet.toNanos();
        this.maxNanos = max.toNanos();
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** The MQTT ingest is connected and subscribed (or the embedded broker hands device messages over). */
    public void ready() {
        readyAt.compareAndSet(Long.MIN_VALUE, nanoTime.getAsLong());
    }

    /** An event was applied; {@code ts} is its own time. */
    void heard(Instant ts) {
        if (released || !ts.isBefore(startedAt)) {
            return;
        }
        lastQueued = nanoTime.getAsLong();
        queued++;
        if (oldest == null || ts.isBefore(oldest)) {
            oldest = ts;
        }
    }

    /** True while overdue deadlines must wait; false from the moment the hold ended, for good. */
    boolean holding() {
        if (released) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long ready = readyAt.get();
        if (now - start >= maxNanos) {
            release(ready == Long.MIN_VALUE ? "gave up after " + seconds(now - start) + " (the MQTT ingest was not ready)"
                    : "gave up after " + seconds(now - start) + " (queued events were still coming)");
            return false;
        }
        if (ready != Long.MIN_VALUE) {
            long quietSince = Math.max(ready, lastQueued);
            if (now - quietSince >= quietNanos) {
                release("no queued event for " + seconds(now - quietSince) + " after " + seconds(now - start));
                return false;
            }
        }
        return true;
    }

    /** How long the writer may sleep before the hold could end (it also wakes for every event). */
    long recheckNanos() {
        if (released) {
            return Long.MAX_VALUE;
        }
        long now = nanoTime.getAsLong();
        long toMax = maxNanos - (now - start);
        long ready = readyAt.get();
        if (ready == Long.MIN_VALUE) {
            return Math.max(0, Math.min(toMax, 100_000_000L)); // poll for ready() every 100 ms
        }
        long toQuiet = quietNanos - (now - Math.max(ready, lastQueued));
        return Math.max(0, Math.min(toMax, toQuiet));
    }

    /** Why the hold ended, with what was read during it; null while holding. */
    String outcome() {
        return outcome;
    }

    private void release(String why) {
        released = true;
        outcome = why + "; " + queued + " event(s) stamped before the start applied first"
                + (oldest == null ? "" : " (the oldest " + oldest + ")");
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}

package org.doorwatch.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * "At least {@code count} events within {@code window}, once per window", in O(1) per event:
 * a ring of the last {@code count} event times of one subject (a device's ACCESS_DENIED, a
 * rental household's visitors), never a scan of history.
 *
 * <p>Why a ring of {@code count} suffices: events are counted in time order, so some window of
 * length {@code window} holds {@code count} of them exactly when, at the count-th of them, the
 * last {@code count} events span less than {@code window}. The check runs at every event, so
 * the first moment the condition holds is seen.
 *
 * <ul>
 *   <li>Within the window means {@code last - first < window}: the window is the half-open
 *       interval [first, first + window). {@code count} events spanning exactly
 *       {@code window} are not a burst.</li>
 *   <li>Times are counted in order: an event older than the newest counted one (a late report)
 *       counts at the newest time, so the ring stays sorted.</li>
 *   <li>Once per window: a hit consumes the counted events (none counts twice) and makes the
 *       subject quiet until {@code first + window}. Events keep being counted while quiet; the
 *       first event at or after the quiet end whose last {@code count} events fit in a window
 *       hits again. So a sustained attack raises one alarm per window length, and the episode
 *       instant ({@code first}) of consecutive hits strictly increases.</li>
 * </ul>
 */
final class WindowCounter implements UndoLog.Undoable {

    /** {@link #quietUntil} when nothing holds the subject quiet. */
    static final long NOT_QUIET = Long.MIN_VALUE;

    private long[] ring;
    /** Index of the oldest counted time. */
    private int head;
    private int size;
    /** No hit before this instant (epoch millis); {@link #NOT_QUIET} when free. */
    long quietUntil = NOT_QUIET;

    /** First and last counted time of the latest hit; valid right after {@link #count} said true. */
    long hitFirst;
    long hitLast;

    private long undoMark;

    WindowCounter(int count) {
        ring = new long[count];
    }

    /** A counter of {@code count} holding {@code times} (oldest first; the newest are kept). */
    static WindowCounter of(int count, List<Long> times, long quietUntil) {
        WindowCounter c = new WindowCounter(count);
        for (int i = Math.max(0, times.size() - count); i < times.size(); i++) {
            c.add(times.get(i));
        }
        c.quietUntil = quietUntil;
        return c;
    }

    /**
     * Counts an event at {@code ts} and tells whether it completes a hit within {@code window}
     * (millis). On a hit, {@link #hitFirst}/{@link #hitLast} hold the evidence and the counted
     * events are consumed.
     */
    boolean count(long ts, long window) {
        long t = add(ts);
        if (size < ring.length || t < quietUntil) {
            return false;
        }
        long first = ring[head];
        if (Millis.plus(first, window) <= t) {
            return false;
        }
        hitFirst = first;
        hitLast = t;
        quietUntil = Millis.plus(first, window);
        head = 0;
        size = 0;
        return true;
    }

    private long add(long ts) {
        long t = size == 0 ? ts : Math.max(ts, ring[(head + size - 1) % ring.length]);
        if (size < ring.length) {
            ring[(head + size) % ring.length] = t;
            size++;
        } else {
            ring[head] = t;
            head = (head + 1) % ring.length;
        }
        return t;
    }

    int capacity() {
        return ring.length;
    }

    int size() {
        return size;
    }

    /** The counted times not yet consumed, oldest first (for persisting). */
    List<Long> times() {
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(head + i) % ring.length]);
        }
        return out;
    }

    /** This counter for a new {@code count} (a reconfigure): keeps the newest times and the quiet end. */
    WindowCounter resized(int count) {
        return count == ring.length ? this : of(count, times(), quietUntil);
    }

    @Override
    public long undoMark() {
        return undoMark;
    }

    @Override
    public void undoMark(long mark) {
        undoMark = mark;
    }

    @Override
    public Runnable saveState() {
        final long[] savedRing = Arrays.copyOf(ring, ring.length);
        final int savedHead = head;
        final int savedSize = size;
        final long savedQuiet = quietUntil;
        return () -> {
            ring = savedRing;
            head = savedHead;
            size = savedSize;
            quietUntil = savedQuiet;
        };
    }
}

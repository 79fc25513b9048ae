package org.doorwatch.drivers;

import java.util.Map;
import java.util.TreeMap;

/**
 * One controller's position in its event log, for reading it by index over a lossy link: which
 * index comes next (so a pushed event that arrives twice, or after the same event was read by
 * index, is handed over once), and up to which index everything handed over is committed (so the
 * stored index never passes an event that a crash could still lose).
 *
 * <pre>
 *   ... 17 18 19 20 21 22 ...
 *          ^        ^
 *          |        delivered: handed to the sink (or skipped) up to here; next is 21
 *          committed: every event up to here is stored; 19 and 20 wait for their commit
 * </pre>
 *
 * Indices are handed over in order, each once; acknowledgements may come from another thread, in
 * any order. {@link #restart} moves the cursor (first contact, a controller whose log was cleared);
 * acknowledgements of the events before it are then ignored. Pure and thread-safe.
 */
final class EventCursor {

    private long delivered;
    private long committed;
    private long generation;
    /** Handed over, not yet acknowledged: index to done. */
    private final TreeMap<Long, Boolean> open = new TreeMap<>();

    EventCursor(long start) {
        restart(start);
    }

    /** Forgets what is in flight; the next index is {@code start + 1}. */
    synchronized void restart(long start) {
        generation++;
        open.clear();
        delivered = start;
        committed = start;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long committed() {
        return committed;
    }

    /** True when {@code index} is the next one; false for one already handed over (a duplicate) or a gap. */
    synchronized boolean isNext(long index) {
        return index == delivered + 1;
    }

    synchronized boolean seen(long index) {
        return index <= delivered;
    }

    /**
     * Hands over the next index; returns the acknowledgement to run when it is committed.
     *
     * @throws IllegalStateException if {@code index} is not the next one
     */
    synchronized Runnable handOver(long index) {
        requireNext(index);
        delivered = index;
        open.put(index, false);
        long mine = generation;
        return () -> acknowledge(mine, index);
    }

    /** Passes over the next index without handing anything over (a record that is no door event). */
    synchronized void skip(long index) {
        requireNext(index);
        delivered = index;
        open.put(index, true);
        advance();
    }

    private void requireNext(long index) {
        if (index != delivered + 1) {
            throw new IllegalStateException("expected index " + (delivered + 1) + ", got " + index);
        }
    }

    private synchronized void acknowledge(long ofGeneration, long index) {
        if (ofGeneration != generation || !open.containsKey(index)) {
            return; // from before a restart, or acknowledged twice
        }
        open.put(index, true);
        advance();
    }

    private void advance() {
        while (!open.isEmpty()) {
            Map.Entry<Long, Boolean> first = open.firstEntry();
            if (!first.getValue()) {
                return;
            }
            committed = first.getKey();
            open.pollFirstEntry();
        }
    }

    @Override
    public synchronized String toString() {
        return "EventCursor[delivered=" + delivered + ", committed=" + committed + ", open=" + open.size() + "]";
    }
}

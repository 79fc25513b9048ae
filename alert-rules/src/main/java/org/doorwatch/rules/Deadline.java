package org.doorwatch.rules;

/**
 * Something that wants to be woken at an instant: a household's next escalation stage, the end
 * of its away period, a device's offline check. It sits in the {@link DeadlineQueue} at most
 * once; rescheduling moves it in place.
 *
 * <p>Intrusive on purpose: the heap position lives in the object, so a reschedule is
 * O(log n) with no lookup and no allocation (see PITFALLS: {@code PriorityQueue.remove} is
 * O(n)).
 */
abstract class Deadline {

    /** Not in the queue. */
    static final int NOT_QUEUED = -1;

    /** Epoch millis this deadline is due; meaningful only while queued. */
    long due;

    /** Index in the heap array, or {@link #NOT_QUEUED}. */
    int heapIndex = NOT_QUEUED;

    /**
     * Breaks ties between deadlines due at the same instant, so that runs are repeatable:
     * the engine hands out increasing numbers in config order, devices before households, so
     * that a device's offline state is settled before a same-instant household stage reads it.
     */
    final long order;

    Deadline(long order) {
        this.order = order;
    }

    boolean isQueued() {
        return heapIndex != NOT_QUEUED;
    }

    /** Called by the engine when the deadline is due; {@code now} is the engine clock. */
    abstract void fire(long now, EventRouter rules);
}

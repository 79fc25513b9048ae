package org.doorwatch.rules;

import java.util.Arrays;

/**
 * The single structure that answers "when is the next deadline?" for every rule.
 *
 * <p>A binary min-heap over {@link Deadline} objects ordered by (due, order), each element
 * knowing its own index. Insert, reschedule and cancel are O(log n); peek is O(1). One queue
 * serves a million households: the engine schedules one wake-up for {@link #nextDue()} instead
 * of a timer per household.
 */
final class DeadlineQueue {

    /** {@link #nextDue()} when nothing is queued. */
    static final long NONE = Long.MAX_VALUE;

    private Deadline[] heap = new Deadline[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Epoch millis of the earliest deadline, or {@link #NONE}. */
    long nextDue() {
        return size == 0 ? NONE : heap[0].due;
    }

    Deadline peek() {
        return size == 0 ? null : heap[0];
    }

    /** Queues {@code d} at {@code due}, or moves it there if it is already queued. */
    void schedule(Deadline d, long due) {
        if (d.isQueued()) {
            long old = d.due;
            d.due = due;
            if (due < old) {
                siftUp(d.heapIndex);
            } else if (due > old) {
                siftDown(d.heapIndex);
            }
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        d.due = due;
        d.heapIndex = size;
        heap[size++] = d;
        siftUp(d.heapIndex);
    }

    /** Removes {@code d} if it is queued; does nothing otherwise. */
    void cancel(Deadline d) {
        int i = d.heapIndex;
        if (i == Deadline.NOT_QUEUED) {
            return;
        }
        d.heapIndex = Deadline.NOT_QUEUED;
        Deadline last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.heapIndex = i;
        siftUp(i);
        if (last.heapIndex == i) {
            siftDown(i);
        }
    }

    /** Removes and returns the earliest deadline, or null when empty. */
    Deadline poll() {
        Deadline top = peek();
        if (top != null) {
            cancel(top);
        }
        return top;
    }

    private static boolean before(Deadline a, Deadline b) {
        return a.due < b.due || (a.due == b.due && a.order < b.order);
    }

    private void siftUp(int i) {
        Deadline d = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Deadline p = heap[parent];
            if (!before(d, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = d;
        d.heapIndex = i;
    }

    private void siftDown(int i) {
        Deadline d = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            Deadline c = heap[child];
            if (!before(c, d)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = d;
        d.heapIndex = i;
    }
}

package org.doorwatch.gateway.delivery;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.doorwatch.gateway.storage.OutboxRow;

/**
 * The rows owed to one (channel, transport), and which of them may go now. Confined to the
 * delivery thread; pure logic, no I/O.
 *
 * <p>Order: rows of one order key (a household) go one at a time, in {@code seq} order; the next
 * leaves only after the previous was confirmed or failed for good. So a RESOLVED never
 * overtakes the WARNING it resolves, even across retries and reconnects. Different households
 * go in parallel up to the transport's in-flight limit.
 *
 * <p>Structure: a queue per key; the heads that may go now in a map ordered by their
 * {@code seq} (oldest first); heads waiting for their back-off in a heap by time. Taking,
 * confirming and retrying cost O(log n), so a backlog of a hundred thousand rows after a long
 * broker outage drains as fast as a short one.
 */
final class Lane {

    private static final class Key {
        final String name;
        final ArrayDeque<OutboxRow> rows = new ArrayDeque<>();
        boolean inFlight;
        Instant waitUntil;

        Key(String name) {
            this.name = name;
        }
    }

    final String channel;
    final Transport transport;
    private final Map<String, Key> keys = new HashMap<>();
    private final TreeMap<Long, Key> ready = new TreeMap<>();
    private final PriorityQueue<Key> backingOff = new PriorityQueue<>((a, b) -> a.waitUntil.compareTo(b.waitUntil));
    private final Map<Long, Key> inFlightBySeq = new HashMap<>();
    private int pending;
    private int inFlight;

    Lane(String channel, Transport transport) {
        this.channel = channel;
        this.transport = transport;
    }

    void add(OutboxRow row) {
        Key k = keys.computeIfAbsent(row.orderKey(), Key::new);
        for (OutboxRow r : k.rows) {
            if (r.seq() == row.seq()) {
                return; // already owed (or in flight)
            }
        }
        OutboxRow oldHead = k.rows.peekFirst();
        if (oldHead == null || k.rows.peekLast().seq() < row.seq()) {
            k.rows.addLast(row);
        } else {
            insertInOrder(k, row); // rarely: rows handed over out of order
        }
        pending++;
        if (!k.inFlight && k.waitUntil == null) {
            if (oldHead != null) {
                ready.remove(oldHead.seq());
            }
            queueHead(k);
        }
    }

    /** Puts {@code k}'s head among the ready, or among those backing off when it must wait. */
    private void queueHead(Key k) {
        OutboxRow head = k.rows.peekFirst();
        if (head.nextAttempt() != null) {
            k.waitUntil = head.nextAttempt(); // takeReady moves it over once that has passed
            backingOff.add(k);
        } else {
            ready.put(head.seq(), k);
        }
    }

    private static void insertInOrder(Key k, OutboxRow row) {
        List<OutboxRow> all = new ArrayList<>(k.rows);
        int i = 0;
        while (i < all.size() && all.get(i).seq() < row.seq()) {
            i++;
        }
        if (i == 0 && k.inFlight) {
            i = 1; // the head is out; what comes now waits behind it
        }
        all.add(i, row);
        k.rows.clear();
        k.rows.addAll(all);
    }

    int pending() {
        return pending;
    }

    int inFlight() {
        return inFlight;
    }

    /** Rows that may be sent now, oldest first, marked in flight; at most the free in-flight slots. */
    List<OutboxRow> takeReady(Instant now) {
        while (!backingOff.isEmpty() && !backingOff.peek().waitUntil.isAfter(now)) {
            Key k = backingOff.poll();
            k.waitUntil = null;
            ready.put(k.rows.peekFirst().seq(), k);
        }
        int budget = transport.maxInFlight() - inFlight;
        List<OutboxRow> out = new ArrayList<>(Math.max(0, Math.min(budget, ready.size())));
        for (Iterator<Key> it = ready.values().iterator(); it.hasNext() && out.size() < budget; ) {
            Key k = it.next();
            it.remove();
            OutboxRow head = k.rows.peekFirst();
            k.inFlight = true;
            inFlight++;
            inFlightBySeq.put(head.seq(), k);
            out.add(head);
        }
        return out;
    }

    /** The earliest back-off end among rows that head their household's queue, or null. */
    Instant nextRetry(Instant now) {
        Key k = backingOff.peek();
        return k == null ? null : k.waitUntil;
    }

    /** A sent row is done (delivered or failed for good): its household's next row may go. */
    OutboxRow done(long seq) {
        Key k = inFlightBySeq.remove(seq);
        if (k != null) {
            OutboxRow row = k.rows.pollFirst();
            k.inFlight = false;
            inFlight--;
            pending--;
            if (k.rows.isEmpty()) {
                keys.remove(k.name);
            } else {
                queueHead(k);
            }
            return row;
        }
        return null;
    }

    /** A sent row goes back to wait, as {@code retry}, still ahead of its household's later rows. */
    void retry(OutboxRow retry) {
        Key k = inFlightBySeq.remove(retry.seq());
        if (k != null) {
            k.rows.pollFirst();
            k.rows.addFirst(retry);
            k.inFlight = false;
            inFlight--;
            queueHead(k);
        }
    }

}

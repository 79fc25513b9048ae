package org.doorwatch.gateway.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 */
final class Lane {

    final String channel;
    final Transport transport;
    private final TreeMap<Long, OutboxRow> waiting = new TreeMap<>();
    private final Map<Long, OutboxRow> inFlight = new HashMap<>();
    private final Set<String> busyKeys = new HashSet<>();

    Lane(String channel, Transport transport) {
        this.channel = channel;
        this.transport = transport;
    }

    void add(OutboxRow row) {
        if (!inFlight.containsKey(row.seq())) {
            waiting.put(row.seq(), row);
        }
    }

    int pending() {
        return waiting.size() + inFlight.size();
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Rows that may be sent now, oldest first, marked in flight; at most the free in-flight slots. */
    List<OutboxRow> takeReady(Instant now) {
        int budget = transport.maxInFlight() - inFlight.size();
        List<OutboxRow> out = new ArrayList<>();
        if (budget <= 0 || waiting.isEmpty()) {
            return out;
        }
        Set<String> blocked = new HashSet<>(busyKeys);
        for (Iterator<OutboxRow> it = waiting.values().iterator(); it.hasNext() && out.size() < budget; ) {
            OutboxRow row = it.next();
            if (!blocked.add(row.orderKey())) {
                continue; // an earlier row of this household is in flight or waiting
            }
            if (row.nextAttempt() != null && row.nextAttempt().isAfter(now)) {
                continue;
            }
            it.remove();
            inFlight.put(row.seq(), row);
            busyKeys.add(row.orderKey());
            out.add(row);
        }
        return out;
    }

    /** The earliest back-off end among rows that head their household's queue, or null. */
    Instant nextRetry(Instant now) {
        Instant min = null;
        Set<String> seen = new HashSet<>(busyKeys);
        for (OutboxRow row : waiting.values()) {
            if (!seen.add(row.orderKey())) {
                continue;
            }
            Instant t = row.nextAttempt();
            if (t != null && t.isAfter(now) && (min == null || t.isBefore(min))) {
                min = t;
            }
        }
        return min;
    }

    /** A sent row is done (delivered or failed for good): its household's next row may go. */
    OutboxRow done(long seq) {
        OutboxRow row = inFlight.remove(seq);
        if (row != null) {
            busyKeys.remove(row.orderKey());
        }
        return row;
    }

    /** A sent row goes back to wait, as {@code retry}, still ahead of its household's later rows. */
    void retry(OutboxRow retry) {
        if (inFlight.remove(retry.seq()) != null) {
            busyKeys.remove(retry.orderKey());
            waiting.put(retry.seq(), retry);
        }
    }
}

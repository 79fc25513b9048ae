package org.doorwatch.gateway.writer;

import java.util.HashSet;
import java.util.Set;

/**
 * The identities of the MQTT messages whose events were committed lately, to recognise a QoS 1
 * redelivery (issue 16). Two generations of at most {@code perGeneration} keys each: when the
 * young one is full it becomes the old one and the oldest generation is forgotten, so memory is
 * bounded and the window is the last {@code perGeneration} to {@code 2 * perGeneration}
 * messages. A redelivery comes at the broker's next connect, or within the device's retry
 * time: minutes, thousands of messages, far inside the window.
 *
 * <p>Writer thread only; {@link #begin()}/{@link #commit()}/{@link #rollback()} follow the
 * writer's transaction, so a key counts as seen only once its event is committed.
 */
final class RecentMessages {

    static final int PER_GENERATION = 65_536;

    private final int perGeneration;
    private Set<Long> young = new HashSet<>();
    private Set<Long> old = new HashSet<>();
    private final Set<Long> pending = new HashSet<>();

    RecentMessages() {
        this(PER_GENERATION);
    }

    RecentMessages(int perGeneration) {
        this.perGeneration = perGeneration;
    }

    /** Keys already committed (the journal's, at start), oldest first. */
    void restore(long[] keys) {
        for (long k : keys) {
            remember(k);
        }
    }

    void begin() {
        pending.clear();
    }

    /** Whether {@code key} was committed, or is in the transaction being built. */
    boolean seen(long key) {
        return pending.contains(key) || young.contains(key) || old.contains(key);
    }

    /** {@code key} is in the transaction being built. */
    void add(long key) {
        pending.add(key);
    }

    void commit() {
        pending.forEach(this::remember);
        pending.clear();
    }

    void rollback() {
        pending.clear();
    }

    private void remember(long key) {
        if (young.size() >= perGeneration) {
            old = young;
            young = new HashSet<>();
        }
        young.add(key);
    }
}

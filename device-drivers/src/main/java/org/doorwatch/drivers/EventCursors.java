package org.doorwatch.drivers;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a source that reads a controller's event log by index keeps, per controller, the index of
 * the last event it knows is stored, so that after a restart it reads on from there: nothing
 * missed, nothing read twice. The gateway keeps them in its SQLite store. Implementations are
 * thread-safe and may throw {@link RuntimeException} when the store fails (the source logs it and
 * stores again later).
 */
public interface EventCursors {

    /** The last stored index for this controller, or empty when there is none yet. */
    OptionalLong last(long controller);

    /** Records that every event of this controller up to {@code index} is stored. */
    void store(long controller, long index);

    /** Kept in memory only: a restart starts afresh (tests, tools). */
    static EventCursors inMemory() {
        Map<Long, Long> map = new ConcurrentHashMap<>();
        return new EventCursors() {
            @Override
            public OptionalLong last(long controller) {
                Long v = map.get(controller);
                return v == null ? OptionalLong.empty() : OptionalLong.of(v);
            }

            @Override
            public void store(long controller, long index) {
                map.put(controller, index);
            }
        };
    }
}

package org.doorwatch.gateway.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Whether the threads the watch depends on are alive and moving (issue 19): the single writer
 * (its loop beats at least once a second), the delivery thread (answers a probe) and the device
 * ingest (no message handled for longer than the limit). A dead thread, or one that has not moved
 * for its limit, is fatal: {@code /health} must not say up while no event can be committed or no
 * alert sent, and the process exits non-zero so that its supervisor restarts it — a restart
 * loses nothing (the store and the broker's queue keep everything).
 *
 * <p>The parts call {@link Beat#alive()} / {@link Busy#enter()}; {@link #check()} (the watchdog,
 * every second) reads them.
 */
public final class Liveness {

    /** A thread that beats from its own loop. */
    public static final class Beat {
        private final String name;
        private final long limitNanos;
        private final LongSupplier nanoTime;
        private volatile long last;
        private volatile String died;

        private Beat(String name, Duration limit, LongSupplier nanoTime) {
            this.name = name;
            this.limitNanos = limit.toNanos();
            this.nanoTime = nanoTime;
            this.last = nanoTime.getAsLong();
        }

        public void alive() {
            last = nanoTime.getAsLong();
        }

        /** The thread ended by {@code cause} (an exception no code path expected). */
        public void died(Throwable cause) {
            died = "the " + name + " thread died: " + cause;
        }

        /** The thread ended otherwise than by a stop ({@code why} says how). */
        public void ended(String why) {
            died = "the " + name + " thread ended: " + why;
        }

        String problem(long now) {
            String d = died;
            if (d != null) {
                return d;
            }
            long silent = now - last;
            return silent > limitNanos ? "the " + name + " thread has not moved for " + seconds(silent) + " (limit "
                    + seconds(limitNanos) + ")" : null;
        }
    }

    /** Work done on other threads' calls (message handlers): none may take longer than the limit. */
    public static final class Busy {
        /** Until the gateway hands out a watched one (tests that build parts alone): nobody reads it. */
        public static final Busy UNWATCHED = new Busy("unwatched", Duration.ofDays(365), System::nanoTime);

        private final String name;
        private final long limitNanos;
        private final LongSupplier nanoTime;
        private final Map<Thread, Long> inside = new ConcurrentHashMap<>();

        private Busy(String name, Duration limit, LongSupplier nanoTime) {
            this.name = name;
            this.limitNanos = limit.toNanos();
            this.nanoTime = nanoTime;
        }

        public void enter() {
            inside.put(Thread.currentThread(), nanoTime.getAsLong());
        }

        public void exit() {
            inside.remove(Thread.currentThread());
        }

        String problem(long now) {
            for (Map.Entry<Thread, Long> e : inside.entrySet()) {
                long busy = now - e.getValue();
                if (busy > limitNanos) {
                    return "the " + name + " is stuck: " + e.getKey().getName() + " has handled one message for "
                            + seconds(busy) + " (limit " + seconds(limitNanos) + ")";
                }
            }
            return null;
        }
    }

    private final LongSupplier nanoTime;
    private final List<Beat> beats = new CopyOnWriteArrayList<>();
    private final List<Busy> busy = new CopyOnWriteArrayList<>();

    public Liveness(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public Beat beat(String name, Duration limit) {
        Beat b = new Beat(name, limit, nanoTime);
        beats.add(b);
        return b;
    }

    public Busy busy(String name, Duration limit) {
        Busy b = new Busy(name, limit, nanoTime);
        busy.add(b);
        return b;
    }

    /** What is dead or stuck now, one line each; empty when every part moves. */
    public List<String> check() {
        long now = nanoTime.getAsLong();
        List<String> out = new ArrayList<>();
        for (Beat b : beats) {
            String p = b.problem(now);
            if (p != null) {
                out.add(p);
            }
        }
        for (Busy b : busy) {
            String p = b.problem(now);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.0f s", nanos / 1e9);
    }
}

package org.doorwatch.drivers;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One daemon timer thread for the drivers' rare timers (link-down faults). */
final class Scheduling {
    private Scheduling() {
    }

    private static final class Holder {
        static final ScheduledExecutorService SHARED = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "doorwatch-driver-timer");
                t.setDaemon(true);
                return t;
            });
            // Cancelled fault timers would otherwise stay queued until they were due.
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }

    static ScheduledExecutorService shared() {
        return Holder.SHARED;
    }

    static ScheduledExecutorService singleThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}

package org.doorwatch.rules.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.WatchEngine;

/**
 * The engine at design load: N households (default 1,000,000), each with a door contact, on the
 * 24h/48h/72h elderly policy. Not a test: run with {@code scripts/bench engine [N]}.
 *
 * <p>Reports
 * <ul>
 *   <li>heap bytes per household: the config objects (household, device records and their
 *       strings), and the engine's own state on top (watches, queue, indexes), measured as
 *       used heap after full GCs;</li>
 *   <li>events/s: door openings of random households at increasing times, each moving that
 *       household's deadline in the queue, committed every 1,000 events as the gateway does;</li>
 *   <li>fired deadlines/s: every household's WARNING falling due in one advance, each raising
 *       an alert (id, route, Chinese text).</li>
 * </ul>
 * A warm-up round on a tenth of N runs first so the JIT has compiled the hot paths.
 */
public final class EngineBenchmark {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        boolean allRules = args.length > 1 && args[1].equals("all-rules");
        System.out.printf(Locale.ROOT, "engine benchmark: %,d households, %s, java %s, %d cpus, max heap %d MiB%n",
                n, allRules ? "all rules" : "elderly rule only", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        round(Math.max(1000, n / 10), allRules, false);
        round(n, allRules, true);
    }

    private static void round(int n, boolean allRules, boolean report) {
        long base = usedHeap();
        EngineConfig config = config(n, allRules);
        long withConfig = usedHeap();
        WatchEngine engine = new WatchEngine(config);
        engine.start(T0);
        engine.commit();
        long withEngine = usedHeap();

        // Events: one opening per household on average, of random households, in time order over
        // 20 hours, so that no WARNING falls due while they are applied.
        SplittableRandom random = new SplittableRandom(42);
        List<DoorEvent> events = new ArrayList<>(n);
        long spacing = Duration.ofHours(20).toMillis() / n;
        long t = T0.toEpochMilli();
        for (int i = 0; i < n; i++) {
            t += 1 + random.nextLong(Math.max(1, 2 * spacing));
            events.add(DoorEvent.device(Instant.ofEpochMilli(t), "door-" + random.nextInt(n), EventType.DOOR_OPENED));
        }
        long start = System.nanoTime();
        int applied = 0;
        for (DoorEvent e : events) {
            engine.apply(e, e.ts());
            if (++applied % 1000 == 0) {
                engine.commit();
            }
        }
        engine.commit();
        double eventSeconds = (System.nanoTime() - start) / 1e9;

        // Deadlines: every L is in [T0, T0 + ~20h], so at T0 + 46h every WARNING is due and no
        // CALL_BACK (48h) yet.
        Instant due = T0.plus(Duration.ofHours(46));
        start = System.nanoTime();
        int fired = engine.advance(due).size();
        engine.commit();
        double fireSeconds = (System.nanoTime() - start) / 1e9;

        if (report) {
            System.out.printf(Locale.ROOT, "heap per household: config %.0f B, engine state %.0f B, total %.0f B%n",
                    (withConfig - base) / (double) n, (withEngine - withConfig) / (double) n, (withEngine - base) / (double) n);
            System.out.printf(Locale.ROOT, "events: %,d in %.2f s = %,.0f events/s%n", n, eventSeconds, n / eventSeconds);
            System.out.printf(Locale.ROOT, "fired deadlines: %,d alerts in %.2f s = %,.0f deadlines/s%n",
                    fired, fireSeconds, fired / fireSeconds);
        }
        if (fired != n) {
            throw new IllegalStateException("expected " + n + " WARNINGs, got " + fired);
        }
        engine.hashCode(); // keep it reachable until here
    }

    static EngineConfig config(int n, boolean allRules) {
        Policy elderly = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)));
        List<Household> households = new ArrayList<>(n);
        List<Device> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = Integer.toString(i);
            households.add(new Household(id, (i / 1000) + "栋" + (i % 1000) + "室", elderly.name(), List.of("elderly")));
            devices.add(new Device("door-" + i, "door-contact", id));
        }
        EngineConfig config = EngineConfig.of("bench", ZoneId.of("Asia/Shanghai"), List.of(elderly), households, devices);
        if (!allRules) {
            return config.withRules(new RuleSettings(java.util.Set.of(
                    "door-forced", "door-held-open", "tamper", "access-denied-burst", "device-offline",
                    "visitor-frequency", "tenant-expired", "watch-window"),
                    Duration.ofSeconds(120), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), 10,
                    Duration.ofHours(24), java.time.LocalTime.of(23, 0), java.time.LocalTime.of(5, 0)));
        }
        return config;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

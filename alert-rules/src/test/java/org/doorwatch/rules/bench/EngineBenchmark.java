package org.doorwatch.rules.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.WatchEngine;

/**
 * The engine at design load: N households (default 1,000,000), each with a door contact, on the
 * 24h/48h/72h elderly policy. Not a test: run with
 * {@code scripts/bench engine [N] [elderly|all-rules] [doors|mixed]}.
 *
 * <p>Rules: {@code elderly} (default) switches the SPEC section 7 rules off; {@code all-rules}
 * runs every rule: then every tenth household is tagged {@code rental} (with a tenant card, half
 * of them expired after 10 hours), every tenth (another) {@code watch}, and the site has 1,000
 * shared gates and 1,000 card readers. {@code offlineAfter} is 24h instead of 15m so that no
 * device falls silent while the events are applied: the two phases below measure one thing
 * each.
 *
 * <p>Traffic: {@code doors} (default) is N door openings of random households at increasing
 * times over 20 hours; {@code mixed} adds to each opening its DOOR_CLOSED 5 s later (without it
 * door-held-open would alarm for every door) and, for one opening in ten each, a card at a
 * gate (ACCESS_GRANTED with the household's card), a HEARTBEAT of the contact; for one in
 * twenty each, a VISITOR_CALL at a gate for the household and an ACCESS_DENIED at a reader.
 *
 * <p>Reports
 * <ul>
 *   <li>heap bytes per household: the config objects (households, devices, tenancies and their
 *       strings), and the engine's own state on top (watches, queue, indexes), measured as
 *       used heap after full GCs;</li>
 *   <li>events/s: every event applied (each moves deadlines in the queue), committed every
 *       1,000 events as the gateway does;</li>
 *   <li>fired deadlines/s: one advance to 46h makes every household's WARNING due (and, with
 *       all rules, every device's offline check), each raising an alert (id, route, Chinese
 *       text).</li>
 * </ul>
 * A warm-up round on a tenth of N runs first so the JIT has compiled the hot paths.
 */
public final class EngineBenchmark {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final int SHARED = 1000;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        boolean allRules = args.length > 1 && args[1].equals("all-rules");
        boolean mixed = args.length > 2 && args[2].equals("mixed");
        System.out.printf(Locale.ROOT, "engine benchmark: %,d households, %s, %s traffic, java %s, %d cpus, max heap %d MiB%n",
                n, allRules ? "all rules" : "elderly rule only", mixed ? "mixed" : "door-opening",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        round(Math.max(1000, n / 10), allRules, mixed, false);
        round(n, allRules, mixed, true);
    }

    private static void round(int n, boolean allRules, boolean mixed, boolean report) {
        long base = usedHeap();
        EngineConfig config = config(n, allRules);
        long withConfig = usedHeap();
        WatchEngine engine = new WatchEngine(config);
        engine.start(T0);
        engine.commit();
        long withEngine = usedHeap();

        List<DoorEvent> events = traffic(n, mixed);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int applied = 0;
        int raised = 0;
        for (DoorEvent e : events) {
            raised += engine.apply(e, e.ts()).size();
            if (++applied % 1000 == 0) {
                engine.commit();
            }
        }
        engine.commit();
        double eventSeconds = (System.nanoTime() - start) / 1e9;
        double eventCpu = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;

        // Deadlines: every L and every last-heard time is in [T0, T0 + ~20h], so at T0 + 46h
        // every WARNING (24h) and every offline check (24h) is due and no CALL_BACK (48h) yet.
        Instant due = T0.plus(Duration.ofHours(46));
        cpuStart = cpu.getCurrentThreadCpuTime();
        start = System.nanoTime();
        int fired = engine.advance(due).size();
        engine.commit();
        double fireSeconds = (System.nanoTime() - start) / 1e9;
        double fireCpu = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;

        if (report) {
            System.out.printf(Locale.ROOT, "heap per household: config %.0f B, engine state %.0f B, total %.0f B%n",
                    (withConfig - base) / (double) n, (withEngine - withConfig) / (double) n, (withEngine - base) / (double) n);
            System.out.printf(Locale.ROOT, "events: %,d in %.2f s = %,.0f events/s (%,d alerts raised on the way)%n",
                    events.size(), eventSeconds, events.size() / eventSeconds, raised);
            System.out.printf(Locale.ROOT, "fired deadlines: %,d alerts in %.2f s = %,.0f deadlines/s%n",
                    fired, fireSeconds, fired / fireSeconds);
            // the same phases by the benchmark thread's CPU time: far less disturbed by other
            // processes on a shared machine than the wall-clock rates above
            System.out.printf(Locale.ROOT, "by thread CPU time: %,.0f events/s, %,.0f deadlines/s%n",
                    events.size() / eventCpu, fired / fireCpu);
        }
        int expected = allRules ? n + config.devices().size() : n;
        if (fired != expected) {
            throw new IllegalStateException("expected " + expected + " alerts at 46h, got " + fired);
        }
        engine.hashCode(); // keep it reachable until here
    }

    /** The events of one round, in time order. */
    static List<DoorEvent> traffic(int n, boolean mixed) {
        SplittableRandom random = new SplittableRandom(42);
        List<DoorEvent> events = new ArrayList<>(mixed ? 3 * n : n);
        long spacing = Duration.ofHours(20).toMillis() / n;
        long t = T0.toEpochMilli();
        for (int i = 0; i < n; i++) {
            t += 1 + random.nextLong(Math.max(1, 2 * spacing));
            int h = random.nextInt(n);
            String door = "door-" + h;
            events.add(DoorEvent.device(Instant.ofEpochMilli(t), door, EventType.DOOR_OPENED));
            if (!mixed) {
                continue;
            }
            events.add(DoorEvent.device(Instant.ofEpochMilli(t + 5_000), door, EventType.DOOR_CLOSED));
            int r = random.nextInt(20);
            Instant later = Instant.ofEpochMilli(t + 1_000);
            String gate = "gate-" + (h % SHARED);
            switch (r) {
                case 0, 1 -> events.add(DoorEvent.device(later, gate, EventType.ACCESS_GRANTED)
                        .withHousehold(Integer.toString(h)).withCredential(card(h)));
                case 2, 3 -> events.add(DoorEvent.device(later, door, EventType.HEARTBEAT));
                case 4 -> events.add(DoorEvent.device(later, gate, EventType.VISITOR_CALL).withHousehold(Integer.toString(h)));
                case 5 -> events.add(DoorEvent.device(later, "reader-" + (h % SHARED), EventType.ACCESS_DENIED));
                default -> { }
            }
        }
        if (mixed) {
            events.sort(Comparator.comparing(DoorEvent::ts)); // stable: same-ts events keep their order
        }
        return events;
    }

    static String card(int household) {
        return String.format(Locale.ROOT, "card:%06X", household);
    }

    static EngineConfig config(int n, boolean allRules) {
        Policy elderly = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)));
        List<Household> households = new ArrayList<>(n);
        List<Device> devices = new ArrayList<>(n + 2 * SHARED);
        List<Tenancy> tenancies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = Integer.toString(i);
            List<String> tags = List.of("elderly");
            if (allRules && i % 10 == 0) {
                tags = List.of("elderly", "rental");
                Instant until = i % 20 == 0 ? T0.plus(Duration.ofHours(10)) : null;
                tenancies.add(new Tenancy(card(i), id, T0.minus(Duration.ofDays(100)), until));
            } else if (allRules && i % 10 == 5) {
                tags = List.of("elderly", "watch");
            }
            households.add(new Household(id, (i / 1000) + "栋" + (i % 1000) + "室", elderly.name(), tags));
            devices.add(new Device("door-" + i, "door-contact", id));
        }
        if (allRules) {
            for (int g = 0; g < SHARED; g++) {
                devices.add(new Device("gate-" + g, "gate", null));
                devices.add(new Device("reader-" + g, "card-reader", null));
            }
        }
        EngineConfig config = EngineConfig.of("bench", ZoneId.of("Asia/Shanghai"), List.of(elderly), households, devices)
                .withTenancies(tenancies);
        RuleSettings d = RuleSettings.defaults();
        if (!allRules) {
            return config.withRules(new RuleSettings(Set.of(
                    RuleNames.DOOR_FORCED, RuleNames.DOOR_HELD_OPEN, RuleNames.TAMPER, RuleNames.ACCESS_DENIED_BURST,
                    RuleNames.DEVICE_OFFLINE, RuleNames.VISITOR_FREQUENCY, RuleNames.TENANT_EXPIRED, RuleNames.WATCH_WINDOW),
                    d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(), d.offlineAfter(), d.visitorCount(),
                    d.visitorWindow(), d.watchFrom(), d.watchTo()));
        }
        return config.withRules(new RuleSettings(Set.of(), d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(),
                Duration.ofHours(24), d.visitorCount(), d.visitorWindow(), LocalTime.of(23, 0), LocalTime.of(5, 0)));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

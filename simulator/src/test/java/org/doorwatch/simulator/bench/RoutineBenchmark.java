package org.doorwatch.simulator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.HouseholdState;
import org.doorwatch.rules.WatchEngine;
import org.doorwatch.simulator.Community;
import org.doorwatch.simulator.Incident;
import org.doorwatch.simulator.SimDevice;
import org.doorwatch.simulator.SimHousehold;
import org.doorwatch.simulator.Timeline;
import org.doorwatch.simulator.TrafficProfile;

/**
 * routine-deviation on a simulated community (issue 17): N elderly households living alone,
 * the simulator's five rhythms in equal shares, D days of their door traffic from the
 * simulator's own {@link Timeline}, with scripted silences (a fall: from a random instant the
 * door stays shut for 36 hours, then opens), run through the real engine in process on virtual
 * time. Not a test: {@code scripts/bench routine [options]} (see {@link #USAGE}).
 *
 * <p>Reported per rhythm:
 * <ul>
 *   <li>hours gained: for each scripted silence, the WARNING's instant minus the NOTICE's, 0
 *       when no NOTICE came before the WARNING; p10, median, p90 over all silences, and how
 *       many got a NOTICE at all;</li>
 *   <li>false NOTICEs: NOTICEs outside every scripted silence, per household per 30 days of
 *       the days on which the rule may speak (from {@code minDays} on), split into the first
 *       two weeks after {@code minDays} (a young profile) and the rest;</li>
 *   <li>cost: engine thread CPU time per household-day with the routine on and off (same
 *       events, alternating order, several rounds, medians, after a warm-up), and heap per
 *       household with and without profiles; the serialized profile's size.</li>
 * </ul>
 * {@code --sweep} runs a grid of margins over the same traffic instead (quality only), for
 * tuning the defaults on the community rather than on one case.
 */
public final class RoutineBenchmark {

    static final String USAGE = String.join("\n",
            "usage: scripts/bench routine [--households N] [--days D] [--seed S] [--silences K]",
            "                             [--margin DURATION] [--fraction F] [--later DURATION]",
            "                             [--learn-days N] [--min-days N] [--rounds R] [--sweep]");

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant START = LocalDate.of(2026, 9, 1).atStartOfDay(ZONE).toInstant();
    static final long HOUR = 3_600_000L;
    static final Duration SILENCE = Duration.ofHours(36);
    static final SimHousehold.Rhythm[] RHYTHMS = SimHousehold.Rhythm.values();

    public static void main(String[] argv) {
        Options o = Options.parse(argv);
        System.out.printf(Locale.ROOT, "routine benchmark: %,d households x %d days, %d scripted silences each (%s), seed %d, "
                        + "java %s, %d cpus, max heap %d MiB%n",
                o.households, o.days, o.silences, SILENCE, o.seed, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        Community community = community(o.households);
        List<Incident.Silent> silences = silences(community, o);
        long t0 = System.nanoTime();
        List<DoorEvent> events = traffic(community, o, silences);
        System.out.printf(Locale.ROOT, "traffic: %,d events from the simulator's Timeline in %.1f s%n",
                events.size(), (System.nanoTime() - t0) / 1e9);
        Instant end = START.plus(Duration.ofDays(o.days));
        Map<String, SimHousehold.Rhythm> rhythms = new HashMap<>();
        community.households().forEach(h -> rhythms.put(h.id(), h.rhythm()));

        if (o.sweep) {
            sweep(community, events, silences, rhythms, end, o);
            return;
        }
        Routine routine = o.routine();
        System.out.println("settings: " + describe(routine));
        Run run = run(config(community, routine), events, end);
        report(quality(run.alerts, silences, rhythms, o, routine.minDays()));
        cost(community, events, end, routine, o);
    }

    // ------------------------------------------------------------------ the community

    /** N elderly households, one door contact each, rhythms in turn. */
    static Community community(int n) {
        List<SimHousehold> households = new ArrayList<>(n);
        List<SimDevice> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int building = i / 72 + 1;
            int unit = (i % 72) / 36 + 1;
            int room = ((i % 36) / 2 + 1) * 100 + i % 2 + 1;
            String id = building + "-" + unit + "-" + room;
            String door = "door-" + id;
            devices.add(new SimDevice(door, "door-contact", id, "mqtt"));
            households.add(new SimHousehold(id, SimHousehold.Kind.ELDERLY, door, null, null, List.of(), false,
                    RHYTHMS[i % RHYTHMS.length]));
        }
        return new Community("bench", ZONE, households, devices);
    }

    /**
     * K silences per household after the first month (when the profile has learned), one in each
     * of K equal stretches of the remaining days, at a random instant of the day, each 36 h.
     */
    static List<Incident.Silent> silences(Community c, Options o) {
        SplittableRandom random = new SplittableRandom(o.seed * 7919);
        List<Incident.Silent> out = new ArrayList<>();
        int first = 30;
        int stretch = (o.days - first - 2) / Math.max(1, o.silences);
        for (SimHousehold h : c.households()) {
            for (int k = 0; k < o.silences; k++) {
                long from = START.toEpochMilli() + (first + (long) k * stretch) * 24 * HOUR
                        + random.nextLong((stretch - 2) * 24 * HOUR);
                out.add(new Incident.Silent(h.id(), Instant.ofEpochMilli(from), Instant.ofEpochMilli(from).plus(SILENCE)));
            }
        }
        return out;
    }

    /** The community's door traffic: routine only (no unscripted faults), no heartbeats. */
    static List<DoorEvent> traffic(Community c, Options o, List<Incident.Silent> silences) {
        Timeline timeline = new Timeline(c, o.seed, new TrafficProfile(Duration.ZERO, false), new ArrayList<Incident>(silences),
                START, START.plus(Duration.ofDays(o.days)));
        List<DoorEvent> events = new ArrayList<>();
        timeline.forEachRemaining(events::add);
        return events;
    }

    /** The elderly policy (24h/48h/72h) with {@code routine}, or without one when null; SPEC 7 rules off. */
    static EngineConfig config(Community c, Routine routine) {
        Policy policy = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)), routine);
        List<Household> households = new ArrayList<>();
        for (SimHousehold h : c.households()) {
            households.add(new Household(h.id(), h.id(), policy.name(), List.of("elderly")));
        }
        List<Device> devices = c.devices().stream().map(d -> new Device(d.id(), d.kind(), d.household())).toList();
        RuleSettings d = RuleSettings.defaults();
        java.util.Set<String> off = new java.util.HashSet<>(RuleNames.ALL);
        off.remove(RuleNames.ELDERLY_INACTIVITY);
        off.remove(RuleNames.ROUTINE_DEVIATION);
        return EngineConfig.of(c.siteId(), c.zone(), List.of(policy), households, devices)
                .withRules(new RuleSettings(off, d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(),
                        d.offlineAfter(), d.visitorCount(), d.visitorWindow(), d.watchFrom(), d.watchTo()));
    }

    // ------------------------------------------------------------------ running

    record Run(List<Alert> alerts, long cpuNanos, WatchEngine engine) {}

    /** The events through a fresh engine as the gateway feeds it (commit every 1,000), then the clock to the end. */
    static Run run(EngineConfig config, List<DoorEvent> events, Instant end) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        WatchEngine engine = new WatchEngine(config);
        List<Alert> alerts = new ArrayList<>();
        long cpu0 = threads.getCurrentThreadCpuTime();
        engine.start(START);
        int n = 0;
        for (DoorEvent e : events) {
            alerts.addAll(engine.apply(e, e.ts()));
            if (++n % 1000 == 0) {
                engine.commit();
            }
        }
        alerts.addAll(engine.advance(end));
        engine.commit();
        return new Run(alerts, threads.getCurrentThreadCpuTime() - cpu0, engine);
    }

    // ------------------------------------------------------------------ quality

    /** Per rhythm: hours gained per scripted silence, false NOTICEs early and late. */
    static final class Quality {
        final Map<SimHousehold.Rhythm, List<Double>> gained = new EnumMap<>(SimHousehold.Rhythm.class);
        final Map<SimHousehold.Rhythm, Integer> detected = new EnumMap<>(SimHousehold.Rhythm.class);
        final Map<SimHousehold.Rhythm, Integer> falseEarly = new EnumMap<>(SimHousehold.Rhythm.class);
        final Map<SimHousehold.Rhythm, Integer> falseLate = new EnumMap<>(SimHousehold.Rhythm.class);
        final Map<SimHousehold.Rhythm, Integer> households = new EnumMap<>(SimHousehold.Rhythm.class);
        int days;
        int minDays;
        int earlyDays;

        double falsePer30(SimHousehold.Rhythm r) {
            int n = households.getOrDefault(r, 0);
            return n == 0 ? 0 : (falseEarly.getOrDefault(r, 0) + falseLate.getOrDefault(r, 0)) * 30.0 / (n * (double) (days - minDays));
        }

        double falseEarlyPer30(SimHousehold.Rhythm r) {
            return falseEarly.getOrDefault(r, 0) * 30.0 / (households.get(r) * (double) earlyDays);
        }

        double falseLatePer30(SimHousehold.Rhythm r) {
            return falseLate.getOrDefault(r, 0) * 30.0 / (households.get(r) * (double) (days - minDays - earlyDays));
        }
    }

    static Quality quality(List<Alert> alerts, List<Incident.Silent> silences, Map<String, SimHousehold.Rhythm> rhythms,
                           Options o, int minDays) {
        Quality q = new Quality();
        q.days = o.days;
        q.minDays = minDays;
        q.earlyDays = Math.min(14, o.days - minDays);
        rhythms.values().forEach(r -> q.households.merge(r, 1, Integer::sum));
        Map<String, List<Incident.Silent>> byHousehold = new HashMap<>();
        silences.forEach(s -> byHousehold.computeIfAbsent(s.household(), h -> new ArrayList<>()).add(s));
        Map<String, List<Alert>> notices = new HashMap<>();
        Map<String, List<Alert>> warnings = new HashMap<>();
        for (Alert a : alerts) {
            if (a.rule().equals(RuleNames.ROUTINE_DEVIATION) && a.stage() == Stage.NOTICE) {
                notices.computeIfAbsent(a.household(), h -> new ArrayList<>()).add(a);
            } else if (a.rule().equals(RuleNames.ELDERLY_INACTIVITY) && a.stage() == Stage.WARNING) {
                warnings.computeIfAbsent(a.household(), h -> new ArrayList<>()).add(a);
            }
        }
        for (Incident.Silent s : silences) {
            SimHousehold.Rhythm r = rhythms.get(s.household());
            Alert warning = within(warnings.get(s.household()), s);
            Alert notice = within(notices.get(s.household()), s);
            double gain = 0;
            if (warning != null && notice != null && notice.ts().isBefore(warning.ts())) {
                gain = Duration.between(notice.ts(), warning.ts()).toMinutes() / 60.0;
                q.detected.merge(r, 1, Integer::sum);
            }
            q.gained.computeIfAbsent(r, x -> new ArrayList<>()).add(gain);
        }
        Instant earlyEnd = START.plus(Duration.ofDays(minDays + q.earlyDays));
        notices.forEach((household, list) -> {
            for (Alert a : list) {
                boolean scripted = byHousehold.getOrDefault(household, List.of()).stream()
                        .anyMatch(s -> !a.ts().isBefore(s.from()) && a.ts().isBefore(s.until()));
                if (!scripted) {
                    (a.ts().isBefore(earlyEnd) ? q.falseEarly : q.falseLate).merge(rhythms.get(household), 1, Integer::sum);
                }
            }
        });
        return q;
    }

    private static Alert within(List<Alert> alerts, Incident.Silent s) {
        if (alerts == null) {
            return null;
        }
        for (Alert a : alerts) {
            if (!a.ts().isBefore(s.from()) && a.ts().isBefore(s.until())) {
                return a;
            }
        }
        return null;
    }

    static void report(Quality q) {
        System.out.printf(Locale.ROOT, "%-16s %6s %9s %8s %8s %8s %10s %10s %10s%n", "rhythm", "silent", "noticed",
                "p10 h", "median h", "p90 h", "false/30d", "days " + q.minDays + "-" + (q.minDays + q.earlyDays), "later");
        List<Double> all = new ArrayList<>();
        for (SimHousehold.Rhythm r : RHYTHMS) {
            List<Double> g = q.gained.getOrDefault(r, List.of());
            all.addAll(g);
            System.out.printf(Locale.ROOT, "%-16s %6d %8.1f%% %8.1f %8.1f %8.1f %10.2f %10.2f %10.2f%n",
                    r.name().toLowerCase(Locale.ROOT).replace('_', '-'), g.size(),
                    100.0 * q.detected.getOrDefault(r, 0) / Math.max(1, g.size()),
                    percentile(g, 10), percentile(g, 50), percentile(g, 90),
                    q.falsePer30(r), q.falseEarlyPer30(r), q.falseLatePer30(r));
        }
        System.out.printf(Locale.ROOT, "%-16s %6d %9s %8.1f %8.1f %8.1f%n", "all", all.size(), "",
                percentile(all, 10), percentile(all, 50), percentile(all, 90));
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    // ------------------------------------------------------------------ tuning

    static void sweep(Community c, List<DoorEvent> events, List<Incident.Silent> silences,
                      Map<String, SimHousehold.Rhythm> rhythms, Instant end, Options o) {
        System.out.printf(Locale.ROOT, "%-34s | %-29s | %-41s%n", "margin, fraction, later",
                "median gained h (regular kinds)", "false NOTICEs / household / 30 days");
        System.out.printf(Locale.ROOT, "%-34s | %9s %9s %9s | %7s %7s %7s %7s %7s%n", "", "early", "late", "wk/wknd",
                "daytime", "early", "late", "wk/wknd", "irreg");
        Duration[] margins = {Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2)};
        double[] fractions = {0, 0.25, 0.5};
        Duration[] laters = {Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofMinutes(90), Duration.ofHours(2)};
        for (Duration later : laters) {
            for (Duration margin : margins) {
                for (double fraction : fractions) {
                    Routine routine = o.routine().withMargins(margin, fraction, later);
                    Quality q = quality(run(config(c, routine), events, end).alerts, silences, rhythms, o, routine.minDays());
                    System.out.printf(Locale.ROOT, "%-34s | %9.1f %9.1f %9.1f | %7.2f %7.2f %7.2f %7.2f %7.2f%n",
                            describe(routine),
                            percentile(q.gained.get(SimHousehold.Rhythm.EARLY_RISER), 50),
                            percentile(q.gained.get(SimHousehold.Rhythm.LATE_RISER), 50),
                            percentile(q.gained.get(SimHousehold.Rhythm.WEEKDAY_WEEKEND), 50),
                            q.falsePer30(SimHousehold.Rhythm.DAYTIME), q.falsePer30(SimHousehold.Rhythm.EARLY_RISER),
                            q.falsePer30(SimHousehold.Rhythm.LATE_RISER), q.falsePer30(SimHousehold.Rhythm.WEEKDAY_WEEKEND),
                            q.falsePer30(SimHousehold.Rhythm.IRREGULAR));
                }
            }
        }
    }

    static String describe(Routine r) {
        return String.format(Locale.ROOT, "margin %s, fraction %.2f, later %s (learnDays %d, minDays %d)",
                fmt(r.marginMin()), r.marginFraction(), fmt(r.later()), r.learnDays(), r.minDays());
    }

    private static String fmt(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }

    // ------------------------------------------------------------------ cost

    /** Engine CPU per household-day with and without the routine, alternating; heap per household. */
    static void cost(Community c, List<DoorEvent> events, Instant end, Routine routine, Options o) {
        EngineConfig on = config(c, routine);
        EngineConfig off = config(c, null);
        run(on, events, end); // warm-up
        run(off, events, end);
        long[] withRoutine = new long[o.rounds];
        long[] without = new long[o.rounds];
        for (int i = 0; i < o.rounds; i++) {
            if (i % 2 == 0) {
                withRoutine[i] = run(on, events, end).cpuNanos;
                without[i] = run(off, events, end).cpuNanos;
            } else {
                without[i] = run(off, events, end).cpuNanos;
                withRoutine[i] = run(on, events, end).cpuNanos;
            }
        }
        long activities = events.stream().filter(e -> e.type().isActivity()).count();
        System.out.printf(Locale.ROOT, "activities: %,d (%.1f per household-day)%n", activities,
                activities / ((double) c.households().size() * o.days));
        double householdDays = (double) c.households().size() * o.days;
        double onUs = median(withRoutine) / 1e3 / householdDays;
        double offUs = median(without) / 1e3 / householdDays;
        System.out.printf(Locale.ROOT, "engine CPU per household-day (median of %d rounds, alternating, after a warm-up): "
                        + "routine on %.2f us, off %.2f us: the profile costs %.2f us (x%.2f); runs on: %s, off: %s ms%n",
                o.rounds, onUs, offUs, onUs - offUs, onUs / offUs, millis(withRoutine), millis(without));

        long base = usedHeap();
        WatchEngine plain = new WatchEngine(off);
        plain.start(START);
        plain.commit(); // the undo log of the start would be counted otherwise
        long withoutHeap = usedHeap() - base;
        plain.hashCode(); // reachable until measured
        plain = null;
        base = usedHeap();
        WatchEngine with = new WatchEngine(on);
        with.start(START);
        with.commit();
        long withHeap = usedHeap() - base;
        HouseholdState state = run(on, events, end).engine.state(c.households().get(0).id());
        int n = c.households().size();
        System.out.printf(Locale.ROOT, "heap per household (engine state, config excluded): without routine %.0f B, "
                        + "with %.0f B: the profile %.0f B; serialized profile (the store's bytes) %d B%n",
                withoutHeap / (double) n, withHeap / (double) n, (withHeap - withoutHeap) / (double) n,
                state.routine().profile().length);
        with.hashCode();
    }

    private static String millis(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).map(n -> n / 1_000_000).toArray());
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ------------------------------------------------------------------ options

    static final class Options {
        int households = 2000;
        int days = 90;
        long seed = 1;
        int silences = 2;
        Duration margin;
        Double fraction;
        Duration later;
        Integer learnDays;
        Integer minDays;
        int rounds = 5;
        boolean sweep;

        Routine routine() {
            Routine d = Routine.defaults();
            return new Routine(learnDays == null ? d.learnDays() : learnDays, minDays == null ? d.minDays() : minDays,
                    margin == null ? d.marginMin() : margin, fraction == null ? d.marginFraction() : fraction,
                    later == null ? d.later() : later);
        }

        static Options parse(String[] argv) {
            Options o = new Options();
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                String v = i + 1 < argv.length ? argv[i + 1] : null;
                switch (a) {
                    case "--households" -> { o.households = Integer.parseInt(v.replace("_", "")); i++; }
                    case "--days" -> { o.days = Integer.parseInt(v); i++; }
                    case "--seed" -> { o.seed = Long.parseLong(v); i++; }
                    case "--silences" -> { o.silences = Integer.parseInt(v); i++; }
                    case "--margin" -> { o.margin = duration(v); i++; }
                    case "--fraction" -> { o.fraction = Double.parseDouble(v); i++; }
                    case "--later" -> { o.later = duration(v); i++; }
                    case "--learn-days" -> { o.learnDays = Integer.parseInt(v); i++; }
                    case "--min-days" -> { o.minDays = Integer.parseInt(v); i++; }
                    case "--rounds" -> { o.rounds = Integer.parseInt(v); i++; }
                    case "--sweep" -> o.sweep = true;
                    default -> {
                        System.err.println(USAGE);
                        System.exit(2);
                    }
                }
            }
            if (o.days < 40) {
                System.err.println("--days must be at least 40: silences are scripted after the first month");
                System.exit(2);
            }
            return o;
        }

        private static Duration duration(String s) {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("a duration like 30m or 1h: " + s);
            };
        }
    }
}

package org.doorwatch.simulator;

import static org.doorwatch.simulator.SimulatorMain.Options.positive;
import static org.doorwatch.simulator.SimulatorMain.Options.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleSettings;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.config.ConfigException;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.rules.WatchEngine;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code scripts/noise-report}: how many alerts a calm community raises, as a property office
 * would count them before going live (issue 20). A gateway (in this JVM, on a store in a
 * temporary folder, its own embedded broker, every device on MQTT) and the simulator with
 * {@code --calm} (the routine only, no trouble) share one accelerated clock; a staff client
 * subscribed to every channel counts the alerts. The report gives, for the steady part of the
 * run (after a warm-up day, while the gateway's first day of silence settles), alerts per rule
 * and stage per 1,000 households per day, beside two references computed from the same routine:
 * the engine replaying it on virtual time (what the gateway should raise with no transport in
 * between), and, for the elderly stages, the routine's own silences longer than each threshold.
 * It says where the police rules' NOTICEs come from.
 */
public final class NoiseReport {

    static final String USAGE = String.join("\n",
            "usage: noise-report [--households N] [--days D] [--config FILE] [options]",
            "  --households N      a generated community of N households (default 1000), unless --config",
            "  --config FILE       the gateway config to judge (its rules, households and devices); every device is",
            "                      played over MQTT to an embedded broker, the store is a temporary one",
            "  --days D            simulated days (default 3: one of warm-up, then the steady part)",
            "  --warmup-days W     days left out at the start (default 1)",
            "  --speed S           simulated seconds per real second (default 1000)",
            "  --seed N            the routine's seed (default 1)",
            "  --start TS          first simulated instant (default 2026-11-23T00:00:00+08:00)",
            "  --replay-only       no gateway run: only the routine through the engine on virtual time (seconds)");

    private static final ObjectMapper JSON = new ObjectMapper();

    private NoiseReport() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("noise-report: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o.help) {
            out.println(USAGE);
            return 0;
        }
        try {
            new NoiseReport().report(o, out, err);
            return 0;
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (Exception e) {
            err.println("noise-report: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private void report(Options o, PrintStream out, PrintStream err) throws Exception {
        Path work = Files.createTempDirectory("doorwatch-noise");
        try {
            Path file = o.config;
            if (file == null) {
                Community generated = CommunityGenerator.generate("sim", ZoneId.of("Asia/Shanghai"), o.households, o.seed, "mqtt");
                file = work.resolve("community.yml");
                CommunityConfigWriter.write(generated, file);
            }
            GatewayConfig original = ConfigLoader.load(file);
            GatewayConfig config = allOverMqtt(original, work);
            ZoneId zone = config.zone();
            Instant start = EventJson.parseTime(o.start, zone);
            Instant end = start.plus(Duration.ofDays(o.days));
            Instant steady = start.plus(Duration.ofDays(o.warmupDays));
            Community community = Community.fromConfig(config);
            TrafficProfile profile = TrafficProfile.defaults().calm();

            err.printf(Locale.ROOT, "noise-report: %d households, %d devices (%s); %d days from %s at %sx (%.0f s real)%n",
                    community.households().size(), community.devices().size(), o.config == null ? "generated" : o.config,
                    o.days, start, trim(o.speed), o.days * 86400 / o.speed);
            Map<String, JsonNode> live = o.replayOnly ? Map.of() : playLive(config, community, profile, o, start, end, err);
            Lag lag = o.replayOnly ? null : Lag.of(config.storage().path(), steady, end);
            List<Alert> replayed = replay(config, community, profile, o.seed, start, end);
            print(out, o, config, community, profile, start, steady, end, live, replayed, lag);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The config to run: the same community and rules, every device on MQTT, a store, HTTP port
     * and embedded broker of its own. The broker listens on loopback only and lets clients in
     * without accounts (a lab's {@code allowAnonymous}): the report's simulator and staff client
     * are in its own JVM, and the accounts are not what it measures.
     */
    static GatewayConfig allOverMqtt(GatewayConfig c, Path work) {
        List<GatewayConfig.DeviceConfig> devices = new ArrayList<>();
        for (GatewayConfig.DeviceConfig d : c.devices()) {
            devices.add(new GatewayConfig.DeviceConfig(d.id(), d.kind(), d.household(), "mqtt",
                    d.source().equals("mqtt") ? d.topic() : null, d.source().equals("mqtt") ? d.profile() : null, null, d.building(),
                    d.households()));
        }
        GatewayConfig.EmbeddedBrokerSettings lab = GatewayConfig.EmbeddedBrokerSettings.lab(0);
        GatewayConfig.EmbeddedBrokerSettings broker = new GatewayConfig.EmbeddedBrokerSettings("127.0.0.1", 0, null, true,
                lab.maxMessageBytes(), null, lab.tlsPort());
        return new GatewayConfig(c.file(), c.siteId(), c.zone(), new GatewayConfig.MqttSettings(broker, null, null, null, null),
                new GatewayConfig.StorageSettings(work.resolve("gateway.db"), c.storage().retain(), false),
                new GatewayConfig.HttpSettings(0), c.engine(), devices, c.contacts(), c.channels(), c.profiles(), c.tenants(),
                List.of(), c.sources(), c.people(), c.ingest());
    }

    /** Gateway and simulator on one accelerated clock; every alert the staff client saw, by id. */
    private Map<String, JsonNode> playLive(GatewayConfig config, Community community, TrafficProfile profile, Options o,
                                           Instant start, Instant end, PrintStream err) throws Exception {
        Instant anchor = Instant.now().plusSeconds(8);
        Map<String, JsonNode> alerts = new ConcurrentHashMap<>();
        GatewayOptions options = GatewayOptions.defaults().withClock(AcceleratedClock.anchoredAt(start, anchor, o.speed, config.zone()));
        try (Gateway gateway = Gateway.start(config, options)) {
            String broker = "tcp://127.0.0.1:" + gateway.brokerPort();
            MqttAsyncClient staff = new MqttAsyncClient(broker, "doorwatch-noise-report", new MemoryPersistence());
            MqttConnectOptions mo = new MqttConnectOptions();
            mo.setCleanSession(true);
            mo.setAutomaticReconnect(true);
            mo.setMaxInflight(1000);
            staff.connect(mo).waitForCompletion(15_000);
            staff.subscribe("gw/" + config.siteId() + "/alerts/#", 1, (topic, m) -> {
                try {
                    JsonNode a = JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8));
                    alerts.putIfAbsent(a.path("id").asText(), a);
                } catch (IOException e) {
                    // not an alert
                }
            }).waitForCompletion(15_000);
            Map<String, GatewayConfig.DeviceConfig> devices = new LinkedHashMap<>();
            config.devices().forEach(d -> devices.put(d.id(), d));
            try (MqttOutput mqtt = new MqttOutput(broker, config.siteId(), new EventEncoder(config.zone()), devices, config.profiles(),
                    MqttLogin.NONE)) {
                Map<String, Output> byDevice = new HashMap<>();
                devices.keySet().forEach(id -> byDevice.put(id, mqtt));
                Simulator simulator = new Simulator(byDevice, new SimClock(start, anchor, o.speed), Clock.systemUTC(),
                        config.zone(), err, Duration.ofSeconds(30), null, List.of(), null);
                Map<String, Long> sent = simulator.run(new Timeline(community, o.seed, profile, List.of(), start, end), end);
                err.println("noise-report: simulator done, events sent " + sent);
            }
            // deliveries of the last instants: wait until nothing new arrived for 3 s (at most 60 s)
            int before = -1;
            for (int i = 0; i < 60 && alerts.size() != before; i++) {
                before = alerts.size();
                Thread.sleep(3000);
            }
            staff.disconnect().waitForCompletion(5_000);
            staff.close();
        }
        return alerts;
    }

    /** The same routine through the engine alone, each event at its own instant: what the rules make of it. */
    static List<Alert> replay(GatewayConfig config, Community community, TrafficProfile profile, long seed, Instant start,
                              Instant end) {
        WatchEngine engine = new WatchEngine(config.engine());
        engine.start(start);
        List<Alert> alerts = new ArrayList<>();
        Timeline timeline = new Timeline(community, seed, profile, List.of(), start, end);
        while (timeline.hasNext()) {
            DoorEvent e = timeline.next();
            alerts.addAll(engine.apply(e, e.ts()));
            engine.commit();
        }
        alerts.addAll(engine.advance(end));
        engine.commit();
        return alerts;
    }

    private void print(PrintStream out, Options o, GatewayConfig config, Community community, TrafficProfile profile,
                       Instant start, Instant steady, Instant end, Map<String, JsonNode> live, List<Alert> replayed, Lag lag) {
        double households = community.households().size();
        double days = Duration.between(steady, end).toHours() / 24.0;
        double per = 1000.0 / households / days;
        SimTime time = new SimTime(start, config.zone());
        out.printf(Locale.ROOT, "noise report: %d households (%s), calm routine (seed %d), %d days from %s at %sx real time%n",
                community.households().size(), o.config == null ? "generated, " + config.devices().size() + " devices" : o.config,
                o.seed, o.days, time.format(start), trim(o.speed));
        out.printf(Locale.ROOT, "steady part: %s .. %s (%s day(s), after %d of warm-up); figures per 1,000 households per day%n",
                time.format(steady), time.format(end), trim(days), o.warmupDays);
        out.println("rules in force: " + rulesInForce(config));

        Map<String, long[]> rows = new TreeMap<>(Comparator.comparingInt(NoiseReport::ruleOrder).thenComparing(k -> k));
        for (String r : List.of(RuleNames.DOOR_HELD_OPEN, RuleNames.DEVICE_OFFLINE, RuleNames.TAMPER)) {
            rows.put(r + " ALARM", new long[3]);
        }
        List<JsonNode> steadyLive = new ArrayList<>();
        for (JsonNode a : live.values()) {
            Instant ts = java.time.OffsetDateTime.parse(a.path("ts").asText()).toInstant();
            if (!ts.isBefore(steady) && ts.isBefore(end)) {
                rows.computeIfAbsent(a.path("rule").asText() + " " + a.path("stage").asText(), k -> new long[3])[0]++;
                steadyLive.add(a);
            }
        }
        Set<String> replayIds = new HashSet<>();
        for (Alert a : replayed) {
            replayIds.add(a.id());
            if (!a.ts().isBefore(steady) && a.ts().isBefore(end)) {
                rows.computeIfAbsent(a.rule() + " " + a.stage(), k -> new long[3])[1]++;
            }
        }
        for (JsonNode a : steadyLive) {
            if (!replayIds.contains(a.path("id").asText())) {
                rows.get(a.path("rule").asText() + " " + a.path("stage").asText())[2]++;
            }
        }
        out.println();
        out.printf("  %-20s %-10s %9s %12s %9s %12s %12s%n", "rule", "stage", "gateway", "per 1k/day", "replay", "per 1k/day",
                "not replayed");
        rows.forEach((k, v) -> {
            String[] rs = k.split(" ");
            out.printf(Locale.ROOT, "  %-20s %-10s %9d %12.2f %9d %12.2f %12d%n", rs[0], rs[1], v[0], v[0] * per, v[1], v[1] * per,
                    v[2]);
        });
        out.println("  (gateway: alerts the staff client received, each id once; replay: the same routine through the");
        out.println("  engine on virtual time, no transport; not replayed: gateway alerts whose id the replay did not raise,");
        out.println("  i.e. made by events arriving late, see the ingest lag; RESOLVED rows end the ALARMs or stages above)");
        if (lag == null) {
            out.println("  --replay-only: no gateway was run; its columns are empty");
        } else {
            out.printf(Locale.ROOT, "  ingest lag in the steady part (gateway receive - event time, simulated): p50 %s, p99 %s, max %s;"
                    + " %d of %d events later than 10m%n", Durations.format(lag.p50), Durations.format(lag.p99),
                    Durations.format(lag.max), lag.late, lag.events);
        }

        out.println();
        Map<String, Long> gaps = routineGaps(config, community, profile, o.seed, start, steady, end);
        out.println("elderly stages against the routine's own silences (L + threshold inside the steady part, no activity before it):");
        for (Map.Entry<String, Long> g : gaps.entrySet()) {
            long raised = steadyLive.stream().filter(a -> a.path("rule").asText().equals(RuleNames.ELDERLY_INACTIVITY)
                    && a.path("stage").asText().equals(g.getKey().split(" ")[0])).count();
            out.printf(Locale.ROOT, "  %-10s routine silences past %-4s %5d   raised by the gateway %5d%n",
                    g.getKey().split(" ")[0], g.getKey().split(" ")[1], g.getValue(), raised);
        }

        out.println();
        out.println("police rules (NOTICE) and why the calm routine raises them:");
        for (String rule : List.of(RuleNames.VISITOR_FREQUENCY, RuleNames.TENANT_EXPIRED, RuleNames.WATCH_WINDOW)) {
            long n = steadyLive.stream().filter(a -> a.path("rule").asText().equals(rule)).count();
            long r = replayed.stream().filter(a -> a.rule().equals(rule) && !a.ts().isBefore(steady) && a.ts().isBefore(end)).count();
            out.printf(Locale.ROOT, "  %-18s %5d (%.2f per 1k/day; replay %d): %s%n", rule, n, n * per, r, why(rule, config, community));
            if (rule.equals(RuleNames.WATCH_WINDOW) && r > 0) {
                Map<String, Integer> by = new TreeMap<>();
                replayed.stream().filter(a -> a.rule().equals(rule) && !a.ts().isBefore(steady) && a.ts().isBefore(end))
                        .forEach(a -> by.merge(a.evidence().get("trigger") + " at "
                                + String.format("%02d", ((Instant) a.evidence().get("eventTime")).atZone(config.zone()).getHour())
                                + "h", 1, Integer::sum));
                out.println("      replay's NOTICEs by trigger and local hour: " + by);
            }
        }
        List<JsonNode> alarms = steadyLive.stream().filter(a -> a.path("stage").asText().equals("ALARM")).toList();
        if (!alarms.isEmpty()) {
            out.println();
            out.println("ALARMs in the steady part (first 20):");
            alarms.stream().sorted(Comparator.comparing(a -> a.path("ts").asText())).limit(20)
                    .forEach(a -> out.println("  " + a.path("ts").asText() + " " + a.path("rule").asText() + " "
                            + a.path("device").asText(a.path("household").asText("-")) + " " + a.path("evidence")));
        }
    }

    /** Elderly stages the routine itself calls for: silences L..next activity that pass each threshold in the steady part. */
    static Map<String, Long> routineGaps(GatewayConfig config, Community community, TrafficProfile profile, long seed,
                                         Instant start, Instant steady, Instant end) {
        Map<String, Household> households = new HashMap<>();
        config.engine().households().forEach(h -> households.put(h.id(), h));
        Map<String, String> deviceHousehold = new HashMap<>();
        config.engine().devices().forEach(d -> {
            if (d.household() != null) deviceHousehold.put(d.id(), d.household());
        });
        Map<String, Long> last = new HashMap<>();
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, Policy> policies = config.engine().policies();
        Timeline timeline = new Timeline(community, seed, profile, List.of(), start, end);
        java.util.function.BiConsumer<Household, long[]> gap = (h, span) -> {
            Policy p = h.policy() == null ? null : policies.get(h.policy());
            if (p == null || p.inactivity() == null) {
                return;
            }
            for (var s : p.inactivity().stages()) {
                long due = span[0] + s.after().toMillis();
                String key = s.stage() + " " + Durations.format(s.after());
                out.putIfAbsent(key, 0L);
                if (due < span[1] && due >= steady.toEpochMilli() && due < end.toEpochMilli()) {
                    out.merge(key, 1L, Long::sum);
                }
            }
        };
        while (timeline.hasNext()) {
            DoorEvent e = timeline.next();
            if (e.type() != EventType.DOOR_OPENED && e.type() != EventType.ACCESS_GRANTED) {
                continue;
            }
            String hid = e.household() != null ? e.household() : deviceHousehold.get(e.device());
            Household h = hid == null ? null : households.get(hid);
            if (h == null) {
                continue;
            }
            long t = e.ts().toEpochMilli();
            long l = last.getOrDefault(hid, start.toEpochMilli());
            if (t > l) {
                gap.accept(h, new long[] {l, t});
                last.put(hid, t);
            }
        }
        for (Household h : config.engine().households()) {
            gap.accept(h, new long[] {last.getOrDefault(h.id(), start.toEpochMilli()), end.toEpochMilli()});
        }
        return out;
    }

    /** Where a police rule's NOTICEs come from in the calm routine. */
    private static String why(String rule, GatewayConfig config, Community community) {
        var r = config.engine().rules();
        long rentals = community.households().stream().filter(h -> h.kind() == SimHousehold.Kind.RENTAL).count();
        long watched = community.households().stream().filter(SimHousehold::watch).count();
        return switch (rule) {
            case RuleNames.VISITOR_FREQUENCY -> String.format(Locale.ROOT,
                    "%d rental households get 0-3 visitors a day between 10:00 and 21:00, each one a VISITOR_CALL and a "
                            + "VISITOR_ADMITTED; %d of those events within %s is %d visitors, which two busy days back to back "
                            + "reach (an evening's 3 and the next morning's 2)",
                    rentals, r.visitorCount(), Durations.format(r.visitorWindow()), (r.visitorCount() + 1) / 2);
            case RuleNames.TENANT_EXPIRED -> "the routine's tenants use cards of current tenancies; a NOTICE here would be a "
                    + "tenancy the config ends";
            case RuleNames.WATCH_WINDOW -> String.format(Locale.ROOT,
                    "%d households tagged watch; the routine opens such a door between 00:00 and 04:00 on one night in "
                            + "ten, and tenants come home as late as 23:30 (their card at the gate): inside the window %s-%s, "
                            + "one NOTICE per household per night", watched, r.watchFrom(), r.watchTo());
            default -> "";
        };
    }

    /**
     * How late the gateway took events in, in simulated time, from its journal: received_at is
     * the gateway clock when the event was applied, ts the device's (the simulator's) time.
     */
    record Lag(long events, long late, Duration p50, Duration p99, Duration max) {
        static Lag of(Path store, Instant from, Instant to) throws java.sql.SQLException {
            List<Long> lags = new ArrayList<>();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store);
                 java.sql.PreparedStatement p = c.prepareStatement("SELECT received_at - ts FROM events WHERE ts >= ? AND ts < ?")) {
                p.setLong(1, from.toEpochMilli());
                p.setLong(2, to.toEpochMilli());
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        lags.add(Math.max(0, rs.getLong(1)));
                    }
                }
            }
            lags.sort(null);
            if (lags.isEmpty()) {
                return new Lag(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
            }
            long late = lags.stream().filter(l -> l > 600_000).count();
            return new Lag(lags.size(), late, Duration.ofSeconds(lags.get(lags.size() / 2) / 1000),
                    Duration.ofSeconds(lags.get((int) (lags.size() * 0.99)) / 1000),
                    Duration.ofSeconds(lags.get(lags.size() - 1) / 1000));
        }
    }

    /** The device rules in force per kind of device, one line. */
    private static String rulesInForce(GatewayConfig config) {
        Map<String, String> byKind = new TreeMap<>();
        for (Device d : config.engine().devices()) {
            String cls = d.kind() + ("door-contact".equals(d.kind()) ? d.household() != null ? " (flat)" : " (shared)" : "");
            DeviceRuleSettings s = config.engine().rules().forDevice(new Device("", d.kind(), d.household()));
            byKind.putIfAbsent(cls, cls + ": held open " + (s.heldOpen() ? Durations.format(s.heldOpenAfter()) : "off")
                    + ", offline " + (s.offline() ? Durations.format(s.offlineAfter()) : "off"));
        }
        var r = config.engine().rules();
        return String.join("; ", byKind.values()) + "; flapping " + (r.flapping() ? Durations.format(r.flapWindow()) : "off")
                + ", grouping " + (r.grouping() ? r.groupMin() + " in " + Durations.format(r.groupWindow()) : "off");
    }

    private static int ruleOrder(String key) {
        int i = RuleNames.ALL.indexOf(key.split(" ")[0]);
        return i < 0 ? 99 : i;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** The command line. */
    static final class Options {
        Path config;
        int households = 1000;
        int days = 3;
        int warmupDays = 1;
        double speed = 1000;
        long seed = 1;
        String start = "2026-11-23T00:00:00+08:00";
        boolean help;
        boolean replayOnly;

        /** Reads the command line (value and number parsing shared with the simulator's). */
        static Options parse(String[] argv) {
            Options o = new Options();
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--replay-only" -> o.replayOnly = true;
                    case "--config" -> o.config = Path.of(value(argv, ++i, a));
                    case "--households" -> o.households = positive(value(argv, ++i, a), a);
                    case "--days" -> o.days = positive(value(argv, ++i, a), a);
                    case "--warmup-days" -> o.warmupDays = Integer.parseInt(value(argv, ++i, a));
                    case "--speed" -> o.speed = Double.parseDouble(value(argv, ++i, a));
                    case "--seed" -> o.seed = Long.parseLong(value(argv, ++i, a));
                    case "--start" -> o.start = value(argv, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (o.warmupDays < 0 || o.warmupDays >= o.days) {
                throw new IllegalArgumentException("--warmup-days must be at least 0 and less than --days (" + o.days + ")");
            }
            if (!(o.speed > 0)) {
                throw new IllegalArgumentException("--speed expects a positive number");
            }
            return o;
        }
    }
}

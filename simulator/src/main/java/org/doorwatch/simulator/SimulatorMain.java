package org.doorwatch.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.drivers.AsciiLineSettings;
import org.doorwatch.drivers.ModbusDiSettings;
import org.doorwatch.drivers.SerialSettings;
import org.doorwatch.drivers.TcpEndpoint;
import org.doorwatch.drivers.UdpEndpoint;
import org.doorwatch.drivers.UhppoteSettings;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.config.ConfigException;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.testpeers.PtyPair;

/**
 * {@code scripts/simulator}: plays a community's door devices against a gateway, over the
 * transports and protocols its config names. See {@link #USAGE}.
 */
public final class SimulatorMain {

    static final String USAGE = String.join("\n",
            "usage: simulator (--config FILE | --households N --write-config FILE) [options]",
            "  --config FILE          the gateway's config: its households, devices, ports and profiles",
            "  --households N         a generated community of N households (all devices on MQTT);",
            "  --write-config FILE    ... written as a gateway config to FILE (and a CSV beside it), then exit",
            "  --devices-csv          ... with the devices in a CSV beside it too, not inline in the YAML",
            "  --mqtt URL             the broker (default: the config's: its embedded port on 127.0.0.1, or mqtt.url)",
            "  --mqtt-password FILE   log in as each device (its device account, one connection per device, as real",
            "                         devices do) with the password in FILE; scripts/demo makes the accounts",
            "  --mqtt-reader NAME     the receiver account --show-alerts reads with (same password; default simulator)",
            "  --seed N               random seed; the same seed plays the same traffic (default 1)",
            "  --start TS             simulated time at --anchor (default: now)",
            "  --speed N              simulated seconds per real second (default 1)",
            "  --anchor TS            the real instant at which simulated time is --start (default: now)",
            "  --days N | --until TS  when to stop (default: never)",
            "  --incident TEXT        a scripted incident, repeatable, e.g. 'silent 3-2-501 from day2'",
            "  --incidents FILE       incidents, one per line",
            "  --calm                 no unscripted trouble (forced doors, dead devices ...), only the routine",
            "  --heartbeat DURATION   every device's heartbeat interval (0s for none; default by kind: door contacts",
            "                         hourly, as battery devices report, gates, readers and intercoms every 5m)",
            "  --progress DURATION    how often to print the progress line (default 5s)",
            "  --show-alerts          print every alert the gateway publishes",
            "  --serial PORT=PATH     play serial port PORT of the config on PATH instead of a pty pair",
            "  --udp-loss PCT         uhppote controllers lose PCT % of the UDP packets they get and send (default 0)",
            "  --generate-only        generate the traffic (to --until/--days) as fast as possible, send nothing,",
            "                         print how many events and how fast (the generator's benchmark)",
            "  --help                 this text",
            "Exit codes: 0 done, 2 bad configuration or arguments, 1 anything else.");

    private SimulatorMain() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err, Clock.systemUTC()));
    }

    static int run(String[] argv, PrintStream out, PrintStream err, Clock real) {
        Options o;
        try {
            o = Options.parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o.help) {
            out.println(USAGE);
            return 0;
        }
        try {
            return new SimulatorMain().play(o, out, err, real);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("simulator: " + e);
            return 1;
        }
    }

    private int play(Options o, PrintStream out, PrintStream err, Clock real) throws Exception {
        Instant now = real.instant().truncatedTo(ChronoUnit.SECONDS);
        if (o.households > 0) {
            Community c = CommunityGenerator.generate("sim", ZoneId.of("Asia/Shanghai"), o.households, o.seed, "mqtt");
            if (o.writeConfig == null) {
                throw new IllegalArgumentException("--households needs --write-config FILE: the gateway must know the community");
            }
            CommunityConfigWriter.write(c, o.writeConfig, o.devicesCsv);
            err.println("simulator: wrote " + o.writeConfig + " (" + c.households().size() + " households, "
                    + c.devices().size() + " devices); play it with --config " + o.writeConfig);
            return 0;
        }
        if (o.config == null) {
            throw new IllegalArgumentException("give --config FILE (or --households N --write-config FILE)");
        }
        GatewayConfig config = ConfigLoader.load(o.config);
        ZoneId zone = config.zone();
        Instant start = o.start == null ? now : EventJson.parseTime(o.start, zone);
        Instant anchor = o.anchor == null ? now : EventJson.parseTime(o.anchor, zone);
        SimClock clock = new SimClock(start, anchor, o.speed);
        Instant end = o.until != null ? EventJson.parseTime(o.until, zone)
                : o.days > 0 ? start.plus(Duration.ofDays(o.days)) : null;
        Community community = Community.fromConfig(config);
        IncidentParser parser = new IncidentParser(Timeline.day0(start, zone), zone);
        List<Incident> incidents = new ArrayList<>();
        for (String text : o.incidents) {
            Incident i;
            try {
                i = parser.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("incident '" + text.trim() + "': " + e.getMessage(), e);
            }
            if (i != null) {
                incidents.add(i);
            }
        }
        TrafficProfile profile = new TrafficProfile(o.heartbeat, !o.calm);
        if (o.generateOnly) {
            return generateOnly(new Timeline(community, o.seed, profile, incidents, start, end), end, err);
        }
        String broker = o.mqtt != null ? o.mqtt : config.mqtt().embedded()
                ? "tcp://127.0.0.1:" + config.mqtt().embeddedPort() : config.mqtt().url();

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            MqttLogin login = MqttLogin.read(o.mqttPassword, o.mqttReader);
            Map<String, Output> outputs = outputs(config, o, broker, login, resources, err, () -> clock.simAt(real.instant()));
            AlertWatcher alerts = new AlertWatcher(broker, config, login, o.showAlerts ? out : null, new SimTime(start, zone));
            resources.add(alerts);
            err.printf("simulator: %d households, %d devices; seed %d; simulated %s at %s, speed %s%n",
                    community.households().size(), community.devices().size(), o.seed, start, anchor, trim(o.speed));
            err.printf("simulator: the gateway must run on the same clock: scripts/gateway run --config %s --start %s --speed %s --anchor %s%n",
                    o.config, start, trim(o.speed), anchor);
            Simulator simulator = new Simulator(outputs, clock, real, zone, err, o.progress, alerts, incidents,
                    o.showAlerts ? out : null);
            Thread hook = new Thread(simulator::stop);
            Runtime.getRuntime().addShutdownHook(hook);
            Map<String, Long> sent;
            long t0 = System.nanoTime();
            try {
                sent = simulator.run(new Timeline(community, o.seed, profile, incidents, start, end), end);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long total = sent.values().stream().mapToLong(Long::longValue).sum();
            err.printf(java.util.Locale.ROOT, "simulator: done; events sent %s in %.1f s (%.0f events/s)%n",
                    sent, seconds, total / Math.max(seconds, 1e-9));
            return 0;
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    err.println("simulator: closing: " + e);
                }
            }
        }
    }

    /** Drains the timeline without pacing or sending: how fast the community's traffic is made. */
    private static int generateOnly(Timeline timeline, Instant end, PrintStream err) {
        if (end == null) {
            throw new IllegalArgumentException("--generate-only needs --days or --until");
        }
        long t0 = System.nanoTime();
        long n = 0;
        while (timeline.hasNext()) {
            timeline.next();
            n++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.printf(java.util.Locale.ROOT, "simulator: generated %d events in %.2f s: %.0f events/s%n", n, seconds, n / seconds);
        return 0;
    }

    /** One output per transport endpoint, indexed by every device that uses it. */
    private Map<String, Output> outputs(GatewayConfig config, Options o, String broker, MqttLogin login,
                                        List<AutoCloseable> resources, PrintStream err,
                                        java.util.function.Supplier<Instant> simNow) throws Exception {
        Map<String, Output> byDevice = new HashMap<>();
        Map<String, GatewayConfig.DeviceConfig> mqttDevices = new LinkedHashMap<>();
        config.devices().stream().filter(d -> d.source().equals("mqtt")).forEach(d -> mqttDevices.put(d.id(), d));
        if (!mqttDevices.isEmpty()) {
            MqttOutput mqtt = new MqttOutput(broker, config.siteId(), new EventEncoder(config.zone()), mqttDevices,
                    config.profiles(), login);
            resources.add(mqtt);
            mqttDevices.keySet().forEach(id -> byDevice.put(id, mqtt));
        }
        for (GatewayConfig.PortConfig port : config.ports()) {
            Output output = portOutput(config, port, o, resources, err, simNow);
            resources.add(output);
            config.devices().stream().filter(d -> port.id().equals(d.port())).forEach(d -> byDevice.put(d.id(), output));
        }
        return byDevice;
    }

    private Output portOutput(GatewayConfig config, GatewayConfig.PortConfig port, Options o, List<AutoCloseable> resources,
                              PrintStream err, java.util.function.Supplier<Instant> simNow) throws Exception {
        if (port.transport() instanceof UdpEndpoint udp) {
            UhppoteSettings controller = (UhppoteSettings) port.protocol();
            err.println("simulator: port " + port.id() + ": controller " + controller.controller() + " on udp " + udp
                    + (o.udpLoss > 0 ? ", losing " + trim(o.udpLoss) + " % of its packets" : ""));
            return new UhppoteOutput(udp, controller, config.zone(), simNow, o.udpLoss / 100.0, o.seed);
        }
        if (port.transport() instanceof TcpEndpoint tcp) {
            err.println("simulator: port " + port.id() + ": listening on " + tcp.host() + ":" + tcp.port() + " as its device server");
            if (port.protocol() instanceof AsciiLineSettings line) {
                return LineOutput.tcp(LineLayout.of(line, config.zone()), line.charset(), tcp.host(), tcp.port());
            }
            return ModbusOutput.tcp((ModbusDiSettings) port.protocol(), tcp.host(), tcp.port());
        }
        SerialSettings serial = (SerialSettings) port.transport();
        String path = o.serialPaths.get(port.id());
        if (path == null) {
            Path gatewayEnd = Path.of(serial.port());
            PtyPair pair = PtyPair.at(gatewayEnd, gatewayEnd.resolveSibling(gatewayEnd.getFileName() + ".sim")).start();
            resources.add(pair);
            path = pair.deviceEnd().toString();
            err.println("simulator: port " + port.id() + ": pty pair " + pair.gatewayEnd() + " (gateway) <-> " + path);
        }
        if (port.protocol() instanceof AsciiLineSettings line) {
            return LineOutput.serial(LineLayout.of(line, config.zone()), line.charset(), path);
        }
        return ModbusOutput.serial((ModbusDiSettings) port.protocol(), path, serial.baud());
    }

    private static String trim(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    /** The command line, parsed and checked. */
    static final class Options {
        Path config;
        int households;
        Path writeConfig;
        String mqtt;
        Path mqttPassword;
        String mqttReader = "simulator";
        long seed = 1;
        String start;
        String anchor;
        double speed = 1;
        int days;
        String until;
        final List<String> incidents = new ArrayList<>();
        boolean calm;
        /** Null: each device at its kind's usual interval. */
        Duration heartbeat;
        Duration progress = Duration.ofSeconds(5);
        boolean showAlerts;
        boolean generateOnly;
        boolean devicesCsv;
        boolean help;
        double udpLoss;
        final Map<String, String> serialPaths = new HashMap<>();

        static Options parse(String[] argv) {
            Options o = new Options();
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--calm" -> o.calm = true;
                    case "--show-alerts" -> o.showAlerts = true;
                    case "--generate-only" -> o.generateOnly = true;
                    case "--devices-csv" -> o.devicesCsv = true;
                    case "--config" -> o.config = Path.of(value(argv, ++i, a));
                    case "--households" -> o.households = positive(value(argv, ++i, a), a);
                    case "--write-config" -> o.writeConfig = Path.of(value(argv, ++i, a));
                    case "--mqtt" -> o.mqtt = value(argv, ++i, a);
                    case "--mqtt-password" -> o.mqttPassword = Path.of(value(argv, ++i, a));
                    case "--mqtt-reader" -> o.mqttReader = value(argv, ++i, a);
                    case "--seed" -> o.seed = Long.parseLong(value(argv, ++i, a));
                    case "--start" -> o.start = value(argv, ++i, a);
                    case "--anchor" -> o.anchor = value(argv, ++i, a);
                    case "--speed" -> o.speed = speed(value(argv, ++i, a));
                    case "--days" -> o.days = positive(value(argv, ++i, a), a);
                    case "--until" -> o.until = value(argv, ++i, a);
                    case "--incident" -> o.incidents.add(value(argv, ++i, a));
                    case "--incidents" -> o.incidents.addAll(lines(value(argv, ++i, a)));
                    case "--heartbeat" -> o.heartbeat = duration(value(argv, ++i, a), a, true);
                    case "--progress" -> o.progress = duration(value(argv, ++i, a), a, false);
                    case "--udp-loss" -> o.udpLoss = percent(value(argv, ++i, a), a);
                    case "--serial" -> {
                        String v = value(argv, ++i, a);
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--serial expects PORT=PATH, found '" + v + "'");
                        }
                        o.serialPaths.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        static String value(String[] argv, int i, String option) {
            if (i >= argv.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return argv[i];
        }

        static int positive(String v, String option) {
            try {
                int n = Integer.parseInt(v.replace("_", ""));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " expects a positive whole number, found '" + v + "'");
        }

        private static double percent(String v, String option) {
            try {
                double p = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
                if (p >= 0 && p <= 90) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " expects a share of packets from 0 to 90 (percent), found '" + v + "'");
        }

        private static double speed(String v) {
            try {
                double s = Double.parseDouble(v);
                if (s > 0 && !Double.isInfinite(s)) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--speed expects a positive number, found '" + v + "'");
        }

        private static Duration duration(String v, String option, boolean zeroAllowed) {
            if (zeroAllowed && v.matches("0+[smhd]?")) {
                return Duration.ZERO;
            }
            Duration d = Durations.parse(v);
            if (d == null || d.isZero()) {
                throw new IllegalArgumentException(option + ": bad duration '" + v + "'; expected " + Durations.EXPECTED);
            }
            return d;
        }

        private static List<String> lines(String file) {
            try {
                return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--incidents: cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}

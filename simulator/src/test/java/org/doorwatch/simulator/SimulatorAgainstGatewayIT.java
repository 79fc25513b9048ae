package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.DocCommands;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.Login;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance "end to end": the simulator plays a community of 20 households against a
 * real gateway (in this JVM) on one accelerated clock, three and a half simulated days at
 * 6,000x: once over MQTT through the embedded broker, once over MQTT (Mosquitto), a serial
 * line (socat pty pair) and a serial device server (TCP) at the same time. Its scripted incidents must cause exactly their alerts, on the right
 * channels, as a staff console subscribed with Paho sees them; households that kept their
 * routine must raise no elderly alert.
 *
 * <p>Margins are simulated hours (a stage is due a day after the last opening, the first is
 * awaited until the simulation ends and then 30 s more): a busy machine shifts an alert's time
 * by minutes of simulated time, never by the hours an assertion here could notice.
 *
 * <p>Issue 21: the Mosquitto run takes its anchor from docs/simulator.md's {@code anchor=$(date ...)}
 * line, run as written, and {@code scripts/demo} runs as the README shows it.
 */
@Timeout(180)
class SimulatorAgainstGatewayIT {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final double SPEED = 6000;
    static final String START = "2026-11-22T12:00:00+08:00";         // day0, noon
    static final String UNTIL = "2026-11-25T21:00:00+08:00";         // day3, 21:00

    static final String SILENT = "3-2-501";                          // elderly, stops opening her door
    static final String RENTAL = "3-2-601";                          // 15 visitors on day1
    static final String FORCED = "door-5-1-501";
    static final String DEAD = "gate-5";                             // 10 hours without a word

    static final List<String> INCIDENTS = List.of(
            "forced " + FORCED + " at day0T14:00",
            "silent " + SILENT + " from day1 until day3T20:00",
            "offline " + DEAD + " at day1T10:00 for 10h",
            "visitors " + RENTAL + " on day1 count 15");

    @TempDir
    Path dir;

    /** MQTT only, through the gateway's embedded broker: the gateway starts first. */
    @Test
    void overMqttThroughTheEmbeddedBroker() throws Exception {
        Path file = config("{ embedded: { port: 0, usersFile: mqtt-users.passwd } }", false, 0);
        Path password = accounts(file);
        // time for the gateway to start and the simulator to connect every device (one connection
        // each, SPEC 10) before simulated time starts: at 6,000x a second late is 100 minutes of
        // silence, read as dead devices
        Instant anchor = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
        try (Gateway gateway = Gateway.start(ConfigLoader.load(file), options(anchor));
             AlertSubscriber console = AlertSubscriber.connect("tcp://127.0.0.1:" + gateway.brokerPort(),
                     new Login("console", PASSWORD), CONSOLE_TOPICS)) {
            Run run = Run.start(file, "tcp://127.0.0.1:" + gateway.brokerPort(), anchor, "--mqtt-password",
                    password.toString());
            run.awaitDone();
            checkAlerts(console, run);
            assertThat(eventsIn(gateway, "mqtt")).isGreaterThan(1000);
        }
    }

    /**
     * All three transports at once, through a Mosquitto started here: the doors of building 3
     * unit 1 and 2's first two flats on a serial line (the silent household among them), the
     * forced door and the dead gate behind a serial device server, the rest on MQTT. The
     * simulator starts first (it makes the pty pair and listens as the device server), then the
     * gateway, which opens the pty and connects to the device server like to real hardware.
     */
    @Test
    void overMqttSerialAndTcpThroughMosquitto() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            Path file = config("{ url: \"" + mosquitto.url() + "\" }", true, Ports.free());
            // docs/simulator.md's shared anchor, run as written: the UTC instant 15 s ahead, to the second
            String anchorLine = DocCommands.find(GatewayProcess.ROOT, "docs/simulator.md", "anchor=$(date -u -d '+15 seconds'");
            Instant anchor = Instant.parse(DocCommands.shell(dir, Map.of(), "", Duration.ofSeconds(10),
                    anchorLine + "; printf %s \"$anchor\"").strip());
            assertThat(anchor).isBetween(Instant.now().plusSeconds(10), Instant.now().plusSeconds(16));
            try (AlertSubscriber console = AlertSubscriber.connect(mosquitto.url(), "gw/e2e/alerts/#")) {
                Run run = Run.start(file, mosquitto.url(), anchor);
                await("the simulator's pty and device server are up").atMost(Duration.ofSeconds(30))
                        .until(() -> run.err().contains("simulator: 20 households"));
                try (Gateway gateway = Gateway.start(ConfigLoader.load(file), options(anchor))) {
                    run.awaitDone();
                    checkAlerts(console, run);
                    assertThat(eventsIn(gateway, "mqtt")).isGreaterThan(500);
                    assertThat(eventsIn(gateway, "line-3")).isGreaterThan(100);
                    assertThat(eventsIn(gateway, "server-5")).isGreaterThan(50);
                    assertThat(run.err()).contains("| sent mqtt ").contains(" serial ").contains(" tcp ");
                }
            }
        }
    }

    /**
     * The README's demo, {@code scripts/demo} as the README writes it, on the jars this build
     * packaged: every INCIDENT and ALERT line of the README's excerpt of a real run is in its
     * output (the simulated times are the scripted ones; the progress lines and ports vary).
     */
    @Test
    @Timeout(420)
    void theReadmesDemoTellsWhatTheReadmeShows() throws Exception {
        String demo = DocCommands.find(GatewayProcess.ROOT, "README.md", "scripts/demo");
        assertThat(demo).isEqualTo("scripts/demo");
        List<String> shown = Files.readAllLines(GatewayProcess.ROOT.resolve("README.md"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.matches("2026-11-\\d\\d \\d\\d:\\d\\d day\\d  (INCIDENT|ALERT) .*")).toList();
        assertThat(shown).as("the README's excerpt of the demo").hasSizeGreaterThanOrEqualTo(8);
        String out = DocCommands.shell(GatewayProcess.ROOT, Map.of(), "", Duration.ofMinutes(6), demo + " 2>&1");
        assertThat(out.lines().toList()).containsAll(shown);
        assertThat(out).contains("demo: done; stopping the gateway");
    }

    private void checkAlerts(AlertSubscriber console, Run run) {
        await("RESOLVED of " + SILENT + " on its three channels").atMost(Duration.ofSeconds(30))
                .until(() -> console.channels(a -> a.rule().equals("elderly-inactivity") && a.stage().equals("RESOLVED")
                        && a.household().equals(SILENT)).size() == 3);
        elderlySilenceEscalatesAndResolves(console);
        securityAndPoliceAlertsReachTheirChannels(console);
        nobodyElseRaisesAlerts(console);
        // the simulator tells the story it played, in simulated time, with the alerts it saw
        assertThat(run.out()).contains("2026-11-23 00:00 day1  INCIDENT " + SILENT + " stops opening its door",
                "INCIDENT " + SILENT + " opens its door again", "ALERT    police    door-forced");
    }

    /** The simulator, in this JVM, on its own thread: {@code scripts/simulator} with the test's options. */
    record Run(CompletableFuture<Integer> exit, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr) {

        static Run start(Path config, String broker, Instant anchor, String... more) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> argv = new ArrayList<>(List.of(
                    "--config", config.toString(), "--mqtt", broker,
                    "--start", START, "--anchor", anchor.toString(), "--speed", Double.toString(SPEED),
                    "--until", UNTIL, "--calm", "--heartbeat", "1h", "--show-alerts", "--progress", "5s"));
            INCIDENTS.forEach(i -> argv.addAll(List.of("--incident", i)));
            argv.addAll(List.of(more));
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            return new Run(CompletableFuture.supplyAsync(() -> SimulatorMain.run(argv.toArray(String[]::new), o, e,
                    Clock.systemUTC())), out, err);
        }

        void awaitDone() throws Exception {
            assertThat(exit.get(120, TimeUnit.SECONDS)).as("simulator exit code; its stderr:%n%s", err()).isZero();
        }

        String out() {
            synchronized (stdout) {
                return stdout.toString(StandardCharsets.UTF_8);
            }
        }

        String err() {
            synchronized (stderr) {
                return stderr.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static void elderlySilenceEscalatesAndResolves(AlertSubscriber console) {
        Map<String, Set<String>> channelsByStage = new TreeMap<>();
        for (Received r : console.alerts()) {
            if (r.rule().equals("elderly-inactivity") && r.household().equals(SILENT)) {
                channelsByStage.computeIfAbsent(r.stage(), s -> new TreeSet<>()).add(r.channel());
            }
        }
        assertThat(channelsByStage).containsExactlyInAnyOrderEntriesOf(Map.of(
                "WARNING", Set.of("property"),
                "CALL_BACK", Set.of("community", "property"),
                "VISIT", Set.of("community", "police", "property"),
                "RESOLVED", Set.of("community", "police", "property")));
        // one episode: each stage a day apart from the last opening before the silence (day0),
        // and RESOLVED by the opening at the end of the silence (day3, 20:00)
        Instant warning = first(console, SILENT, "WARNING").ts();
        Instant lastActivity = first(console, SILENT, "WARNING").lastActivity();
        assertThat(lastActivity).isBetween(OffsetDateTime.parse("2026-11-22T12:00:00+08:00").toInstant(),
                OffsetDateTime.parse("2026-11-23T00:00:00+08:00").toInstant());
        assertThat(Duration.between(lastActivity, warning)).isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(first(console, SILENT, "CALL_BACK").lastActivity()).isEqualTo(lastActivity);
        assertThat(first(console, SILENT, "VISIT").lastActivity()).isEqualTo(lastActivity);
        assertThat(first(console, SILENT, "RESOLVED").lastActivity())
                .isEqualTo(OffsetDateTime.parse("2026-11-25T20:00:00+08:00").toInstant());
    }

    /** The first elderly-inactivity alert of this household and stage. */
    private static Received first(AlertSubscriber console, String household, String stage) {
        return console.ofHousehold(household, "elderly-inactivity", stage).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + stage + " for " + household));
    }

    private static void securityAndPoliceAlertsReachTheirChannels(AlertSubscriber console) {
        assertThat(console.channels(a -> a.rule().equals("door-forced") && FORCED.equals(a.device())))
                .containsExactlyInAnyOrder("property", "police");
        assertThat(console.channels(a -> a.rule().equals("visitor-frequency") && a.household().equals(RENTAL)))
                .containsExactly("police");
        assertThat(console.channels(a -> a.rule().equals("device-offline") && DEAD.equals(a.device())
                && a.stage().equals("ALARM"))).containsExactly("property");
        assertThat(console.channels(a -> a.rule().equals("device-offline") && DEAD.equals(a.device())
                && a.stage().equals("RESOLVED"))).containsExactly("property");
        // offline from day1 10:00: the alarm comes 6 hours after the last heartbeat before it
        Instant offlineAlarm = console.alerts().stream()
                .filter(a -> a.rule().equals("device-offline") && a.stage().equals("ALARM")).findFirst().orElseThrow().ts();
        assertThat(offlineAlarm).isBetween(OffsetDateTime.parse("2026-11-23T15:00:00+08:00").toInstant(),
                OffsetDateTime.parse("2026-11-23T16:30:00+08:00").toInstant());
    }

    private static void nobodyElseRaisesAlerts(AlertSubscriber console) {
        assertThat(console.alerts()).filteredOn(a -> a.rule().equals("elderly-inactivity"))
                .extracting(Received::household).containsOnly(SILENT);
        assertThat(console.alerts()).filteredOn(a -> a.rule().equals("visitor-frequency"))
                .extracting(Received::household).containsOnly(RENTAL);
        assertThat(console.alerts()).filteredOn(a -> a.rule().equals("device-offline"))
                .extracting(Received::device).containsOnly(DEAD);
        // --calm: no unscripted trouble, so every alert has a scripted cause
        assertThat(console.alerts()).extracting(Received::rule)
                .containsOnly("elderly-inactivity", "door-forced", "visitor-frequency", "device-offline");
    }

    private static GatewayOptions options(Instant anchor) {
        Instant start = OffsetDateTime.parse(START).toInstant();
        return GatewayOptions.defaults().withClock(AcceleratedClock.anchoredAt(start, anchor, SPEED, ZONE));
    }

    /** The e2e community with its placeholders filled in, written into the test's folder. */
    private Path config(String mqtt, boolean lines, int tcpPort) throws Exception {
        String yaml = resource("/e2e/gateway.yml")
                .replace("@MQTT@", mqtt)
                .replace("@PORTS@", lines ? resource("/e2e/ports.part") : "")
                .replace("@LINE@", lines ? ", source: serial, port: line-3" : "")
                .replace("@TCP@", lines ? ", source: tcp, port: server-5" : "")
                .replace("@DIR@", dir.toAbsolutePath().toString())
                .replace("@TCPPORT@", Integer.toString(tcpPort));
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String PASSWORD = "simulated-devices-password";
    /** What a receiver account may read: each channel's topic (SPEC 10), not alerts/#. */
    private static final List<String> CONSOLE_TOPICS = List.of("gw/e2e/alerts/property", "gw/e2e/alerts/community",
            "gw/e2e/alerts/police");

    /**
     * SPEC 10: an account for every MQTT device of the site (the simulator logs in as each),
     * the console and the simulator's alert watcher as readers of the three channels; one
     * password for all, in a file for {@code --mqtt-password}.
     */
    private Path accounts(Path file) throws Exception {
        Files.writeString(file, Files.readString(file) + "channels:\n"
                + "  property: { readers: [console, simulator] }\n"
                + "  community: { readers: [console, simulator] }\n"
                + "  police: { readers: [console, simulator] }\n");
        List<String> names = new ArrayList<>(List.of("console", "simulator"));
        ConfigLoader.load(file).devices().stream().filter(d -> d.source().equals("mqtt")).forEach(d -> names.add(d.id()));
        for (String n : names) {
            org.doorwatch.gateway.passwords.PasswordFile.put(dir.resolve("mqtt-users.passwd"), n,
                    org.doorwatch.gateway.passwords.MqttPasswordHash.hash(PASSWORD.toCharArray(), 101));
        }
        Path password = dir.resolve("devices.pw");
        Files.writeString(password, PASSWORD + "\n");
        return password;
    }

    private String resource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Door events the gateway took in from {@code source}, all types, from its /metrics. */
    private static double eventsIn(Gateway gateway, String source) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("doorwatch_events_in_total{") && line.contains("source=\"" + source + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.Alert;
import org.doorwatch.gateway.config.ConfigContext;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.ConfigProblem;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Live reload, driven the way the gateway drives it: real files rewritten on disk, the
 * reloader noticing them, and a single writer (this test's thread) applying each new config
 * to a {@link WatchEngine} on virtual time with {@code reconfigure(next.engine(), now)}.
 * Reloads are awaited with Awaitility; the engine's time is a fake clock.
 */
class ConfigReloaderTest {

    static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z"); // 08:00 in Shanghai
    static final Duration AWAIT = Duration.ofSeconds(20);

    static final String V1 = """
            site: { id: test-site, timezone: Asia/Shanghai }
            policies:
              elderly-living-alone:
                inactivity: { warning: 24h, callBack: 48h, visit: 72h }
            households:
              - { id: "3-2-501", address: "3栋2单元501", policy: elderly-living-alone }
              - { file: households.csv }
            devices:
              - { id: door-3-2-501, household: "3-2-501" }
            channels:
              family-app: { webhook: { url: "https://e.org/h", secretFile: hook.key } }
            rules:
              device-offline: { enabled: false }   # these tests watch the escalation; the contact sends no heartbeats
            """;
    static final String CSV_V1 = "id,address,policy\n5-1-302,5栋1单元302,elderly-living-alone\n";

    @TempDir
    Path dir;
    Path file;
    ManualClock clock = new ManualClock(T0);
    /** What the reloader hands over; the test thread is the single writer that applies it. */
    final LinkedBlockingQueue<GatewayConfig> handedOver = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<List<ConfigProblem>> refusals = new LinkedBlockingQueue<>();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    ConfigReloader reloader;

    @BeforeEach
    void setUp() throws Exception {
        file = write("gateway.yml", V1);
        write("households.csv", CSV_V1);
        write("hook.key", "hook-secret-XYZ987\n");
        log.start();
        ((Logger) LoggerFactory.getLogger(ConfigReloader.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        if (reloader != null) {
            reloader.close();
        }
        ((Logger) LoggerFactory.getLogger(ConfigReloader.class)).detachAppender(log);
    }

    @Test
    void aThresholdChangedMidEpisodeMovesTheNextStageAndAnAddedHouseholdIsWatchedFromTheReload() throws Exception {
        GatewayConfig v1 = ConfigLoader.load(file);
        WatchEngine engine = new WatchEngine(v1.engine());
        engine.start(clock.instant());
        startReloader(v1);
        List<Alert> alerts = new ArrayList<>();

        clock.advance(Duration.ofHours(25));
        alerts.addAll(engine.advance(clock.instant()));
        assertThat(summary(alerts)).containsExactly("24h 3-2-501 WARNING", "24h 5-1-302 WARNING");

        // Mid-episode, at T0+25h: CALL_BACK moves from 48h to 30h, VISIT from 72h to 40h; a household is added.
        rewrite(V1.replace("callBack: 48h, visit: 72h", "callBack: 30h, visit: 40h")
                .replace("  - { file: households.csv }", "  - { file: households.csv }\n  - { id: \"3-2-502\", policy: elderly-living-alone }"));
        GatewayConfig v2 = awaitHandedOver();
        alerts.addAll(engine.reconfigure(v2.engine(), clock.instant()));
        assertThat(alerts).as("a reconfigure raises nothing by itself").hasSize(2);
        assertThat(engine.state("3-2-502").lastActivity()).isEqualTo(T0.plus(Duration.ofHours(25)));

        clock.set(T0.plus(Duration.ofHours(30)).minusMillis(1));
        alerts.addAll(engine.advance(clock.instant()));
        assertThat(alerts).as("nothing before the new CALL_BACK time").hasSize(2);
        for (int h : new int[] {30, 40, 49, 200}) {
            clock.set(T0.plus(Duration.ofHours(h)));
            alerts.addAll(engine.advance(clock.instant()));
        }

        assertThat(summary(alerts)).containsExactly(
                "24h 3-2-501 WARNING", "24h 5-1-302 WARNING",
                "30h 3-2-501 CALL_BACK", "30h 5-1-302 CALL_BACK",     // from the same L, at the new threshold
                "40h 3-2-501 VISIT", "40h 5-1-302 VISIT",
                "49h 3-2-502 WARNING", "55h 3-2-502 CALL_BACK", "65h 3-2-502 VISIT"); // watched from the reload at 25h, new thresholds
        assertThat(alerts).filteredOn(a -> a.household().equals("3-2-502"))
                .allSatisfy(a -> assertThat(a.lastActivity()).isEqualTo(T0.plus(Duration.ofHours(25))));
        assertNothingRaisedTwice(alerts);
    }

    @Test
    void aHouseholdRemovedAndOneAddedThroughTheCsvAlone() throws Exception {
        GatewayConfig v1 = ConfigLoader.load(file);
        WatchEngine engine = new WatchEngine(v1.engine());
        engine.start(clock.instant());
        startReloader(v1);

        clock.advance(Duration.ofHours(2));
        write("households.csv", "id,address,policy\n6-1-101,6栋1单元101,elderly-living-alone\n");
        GatewayConfig v2 = awaitHandedOver();
        List<Alert> alerts = new ArrayList<>(engine.reconfigure(v2.engine(), clock.instant()));
        clock.advance(Duration.ofDays(5));
        alerts.addAll(engine.advance(clock.instant()));

        assertThat(engine.state("5-1-302")).isNull();
        assertThat(summary(alerts)).containsExactly(
                "24h 3-2-501 WARNING", "26h 6-1-101 WARNING",
                "48h 3-2-501 CALL_BACK", "50h 6-1-101 CALL_BACK",
                "72h 3-2-501 VISIT", "74h 6-1-101 VISIT");
    }

    @Test
    void anInvalidConfigIsRefusedLoggedOneLineEachAndTheOldOneKept() throws Exception {
        GatewayConfig v1 = ConfigLoader.load(file);
        startReloader(v1);

        rewrite(V1.replace("warning: 24h", "warning: 24 hours").replace("household: \"3-2-501\"", "household: \"3-2-510\"")
                .replace("secretFile: hook.key", "secretFile: missing.key"));
        List<ConfigProblem> problems = refusals.poll(AWAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                file + ":4:28: policies.elderly-living-alone.inactivity.warning: bad duration '24 hours'; "
                        + "expected a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)",
                file + ":9:36: devices[0].household: unknown household '3-2-510' (did you mean '3-2-501'?)",
                file + ":11:64: channels.family-app.webhook.secretFile: cannot read '" + ConfigContext.show(dir.resolve("missing.key")) + "': no such file");
        assertThat(reloader.current()).isSameAs(v1);
        assertThat(handedOver).isEmpty();
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsSubsequence(
                "config reload refused, the gateway keeps running on the previous config; 3 problems:",
                problems.get(0).toString(), problems.get(1).toString(), problems.get(2).toString());
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\n").doesNotContain("hook-secret"));

        // Fixed: the next save is applied.
        rewrite(V1.replace("warning: 24h", "warning: 12h"));
        GatewayConfig fixed = awaitHandedOver();
        assertThat(fixed.engine().policies().get("elderly-living-alone").inactivity().warning()).isEqualTo(Duration.ofHours(12));
        assertThat(reloader.current()).isSameAs(fixed);
    }

    @Test
    void aConfigRefusedForAMissingCsvIsAppliedOnceTheCsvAppears() throws Exception {
        startReloader(ConfigLoader.load(file));
        rewrite(V1.replace("  - { file: households.csv }", "  - { file: households.csv }\n  - { file: more.csv }"));
        assertThat(refusals.poll(AWAIT.toSeconds(), TimeUnit.SECONDS)).extracting(ConfigProblem::toString)
                .singleElement().asString().endsWith("households: cannot read '" + ConfigContext.show(dir.resolve("more.csv")) + "': no such file");

        // Only the CSV is created; the YAML the running config was read from is not touched again.
        write("more.csv", "id,address\n9-9-901,9栋9单元901\n");
        GatewayConfig next = awaitHandedOver();
        assertThat(next.engine().households()).extracting(h -> h.id()).contains("9-9-901");
        assertThat(next.sources()).contains(dir.resolve("more.csv"));
    }

    @Test
    void manyQuickWritesAreOneReload() throws Exception {
        startReloader(ConfigLoader.load(file), Duration.ofMillis(500));
        for (int i = 1; i <= 5; i++) {
            rewrite(V1.replace("warning: 24h", "warning: " + i + "h"));
        }
        GatewayConfig last = awaitHandedOver();
        assertThat(last.engine().policies().get("elderly-living-alone").inactivity().warning()).isEqualTo(Duration.ofHours(5));
        assertThat(reloader.appliedCount()).isEqualTo(1);
    }

    @Test
    void savingAFileUnchangedDoesNotReload() throws Exception {
        startReloader(ConfigLoader.load(file));
        rewrite(V1);
        await().atMost(AWAIT).until(() -> reloader.unchangedCount() >= 1);
        assertThat(reloader.appliedCount()).isZero();
        assertThat(handedOver).isEmpty();
    }

    @Test
    void sighupReloadsEvenWithoutAChange() throws Exception {
        startReloader(ConfigLoader.load(file));
        assumeThat(reloader.handleSighup()).as("this platform has SIGHUP").isTrue();
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        GatewayConfig reloaded = awaitHandedOver();
        assertThat(reloaded.engine().households()).hasSize(2);
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("config reloaded: 2 households, 1 devices"));
    }

    @Test
    void sectionsThatNeedARestartAreNamed() throws Exception {
        GatewayConfig v1 = ConfigLoader.load(file);
        GatewayConfig v2 = ConfigLoader.load(write("other.yml", V1.replace("site: {", "http: { port: 9090 }\nmqtt: { embedded: { port: 1884 } }\nsite: {")));
        assertThat(ConfigReloader.restartOnly(v1, v2)).containsExactly("mqtt", "http");
        assertThat(ConfigReloader.restartOnly(v1, v1)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private void startReloader(GatewayConfig current) throws Exception {
        startReloader(current, Duration.ofMillis(100));
    }

    private void startReloader(GatewayConfig current, Duration debounce) throws Exception {
        reloader = new ConfigReloader(file, current, debounce, Map.<String, String>of()::get, new ConfigReloader.Listener() {
            @Override
            public void applied(GatewayConfig next) {
                handedOver.add(next);
            }

            @Override
            public void refused(List<ConfigProblem> problems) {
                refusals.add(problems);
            }
        }).start();
    }

    private GatewayConfig awaitHandedOver() {
        return await().atMost(AWAIT).until(handedOver::poll, c -> c != null);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private void rewrite(String text) throws Exception {
        write("gateway.yml", text);
    }

    /** "24h 3-2-501 WARNING": hours after T0, household, stage. */
    private static List<String> summary(List<Alert> alerts) {
        return alerts.stream()
                .map(a -> Duration.between(T0, a.ts()).toHours() + "h " + a.household() + " " + a.stage())
                .toList();
    }

    private static void assertNothingRaisedTwice(List<Alert> alerts) {
        assertThat(new HashSet<>(alerts.stream().map(Alert::id).toList())).hasSize(alerts.size());
        assertThat(new HashSet<>(alerts.stream().map(a -> a.household() + a.stage()).toList())).hasSize(alerts.size());
    }
}

package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway check-config} in-process: the summary, {@code --route}, exit codes. */
class CheckConfigCommandTest {

    static final String SECRET = "s3cr3t-MARKER-value";

    static final String CONFIG = """
            site: { id: shengli-road, timezone: Asia/Shanghai }
            policies:
              elderly-living-alone:
                inactivity: { warning: 24h, callBack: 48h, visit: 72h }
                routine: {}
              warning-only:
                inactivity: { warning: 36h }
            households:
              - { id: "3-2-501", address: "3栋2单元501", policy: elderly-living-alone, tags: [elderly],
                  contacts: [{ name: 王小明, phone: "13800000001" }] }
              - { id: "3-2-502", policy: warning-only, tags: [elderly, watch] }
              - { id: "3-2-601", tags: [rental] }
            tenancies:
              - { credential: "card:5A3C91", household: "3-2-601", tenant: "张三", until: 2026-11-30 }
            ports:
              - { id: bus-1, port: /dev/ttyUSB0, protocol: ascii-line, regex: '(?<type>.),(?<credential>\\w+)', device: reader-3 }
            devices:
              - { id: door-3-2-501, household: "3-2-501" }
              - { id: door-3-2-502, household: "3-2-502" }
              - { id: reader-3, kind: card-reader, source: serial, port: bus-1 }
            rules:
              tamper: { enabled: false }
            channels:
              police: { topic: "sr/police" }
              family-app:
                mqtt: false
                webhook: { url: "https://example.org/hook?token=abc", secretFile: family.key }
            routes:
              elderly-inactivity:
                CALL_BACK: [property, family-app]
            """;

    @TempDir
    Path dir;
    Path config;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("family.key"), SECRET + "\n");
        config = dir.resolve("gateway.yml");
        Files.writeString(config, CONFIG);
    }

    @Test
    void summarizesHouseholdsDevicesChannelsAndRoutes() {
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdout()).contains(
                config + ": OK",
                "site: shengli-road (Asia/Shanghai)",
                "households: 3, 1 with contacts",
                "  by policy: (no policy) 1, elderly-living-alone 1, warning-only 1",
                "  by tag: elderly 2, rental 1, watch 1",
                "tenancies: 1 (1 household)",
                "  by transport: mqtt 2, serial 1",
                "ports:",
                "  bus-1: serial:/dev/ttyUSB0, ascii-line, 1 device",
                "  elderly-living-alone: WARNING after 1d, CALL_BACK after 2d, VISIT after 3d; routine learned over 28 days, "
                        + "NOTICE from day 14, margin 1h or 0.5 of the longest silence, up to 90m later (1 household)",
                "  warning-only: WARNING after 36h (1 household)",
                "rules: door-held-open after 2m, access-denied-burst 5 in 10m, device-offline after 15m, "
                        + "visitor-frequency 10 in 1d, watch-window 23:00-05:00; disabled: tamper",
                "  police       mqtt sr/police",
                "  family-app   webhook https://example.org/hook?… (secret from file family.key, timeout 10s, retried for 3d)",
                "  elderly-inactivity   CALL_BACK  -> property, family-app",
                "  tamper               ALARM      -> property   (rule disabled)",
                "  routine-deviation    NOTICE     -> property");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void printsTheDeviceRulesInForcePerKindAndTheDevicesWithTheirOwn() throws Exception {
        Files.writeString(config, CONFIG.replace("""
                rules:
                  tamper: { enabled: false }
                """, """
                rules:
                  tamper: { enabled: false }
                  door-held-open: { devices: { door-3-2-502: { heldOpenAfter: 5m } } }
                  device-offline: { kinds: { card-reader: { offlineAfter: 1h } }, groupMin: 4 }
                """));
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdout()).contains(
                "device rules by kind (in force: the config's values, else those built in for the kind, else the rule's):\n"
                        + "  kind                   devices  door-held-open   access-denied-burst  device-offline   also off\n"
                        + "  card-reader                  1  after 2m         5 in 10m             after 1h         tamper\n"
                        + "  door-contact (flat)          2  after 30m        5 in 10m             after 4h         tamper\n"
                        + "  with settings of their own: door-3-2-502 (door-held-open after 5m)\n"
                        + "device-offline: flapping when silent again within 1h of coming back, resolved after 1h stable; "
                        + "one alarm for 4+ devices of a port, building or the site silent within 1h\n");
    }

    @Test
    void theSummarySaysHowLongRecordsAreKeptAndNotesTheOlderRetentionKey() throws Exception {
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdoutLines()).contains("storage: " + dir.resolve("data/gateway.db") + ", kept: events 180d, alerts 365d, "
                + "audit 365d");
        Files.writeString(config, CONFIG.replace("site: { id: shengli-road, timezone: Asia/Shanghai }",
                "site: { id: shengli-road, timezone: Asia/Shanghai }\nstorage: { retainEventsDays: 200 }"));
        out.reset();
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdoutLines()).contains("storage: " + dir.resolve("data/gateway.db") + ", kept: events 200d, alerts 365d, "
                        + "audit 365d",
                "note: storage.retainEventsDays is the older spelling of storage.retain.events; it is still read, "
                        + "write retain: { events: 200d } instead");
    }

    @Test
    void theSummaryShowsNoPersonalData() {
        run("check-config", "--config", config.toString());
        assertThat(stdout()).doesNotContain("王小明", "13800000001", "张三", "card:5A3C91");
    }

    @Test
    void routeQueryPrintsTheChannelsAnAlertWouldReach() {
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/CALL_BACK", "household=3-2-501")).isZero();
        assertThat(stdoutLines()).containsExactly(
                "elderly-inactivity/CALL_BACK household=3-2-501 -> property, family-app",
                "  property     mqtt gw/shengli-road/alerts/property",
                "  family-app   webhook https://example.org/hook?… (secret from file family.key, timeout 10s, retried for 3d)");
    }

    @Test
    void routeQueryWithoutAHouseholdAndForASecurityRule() {
        assertThat(run("check-config", "--config", config.toString(), "--route", "door-forced/ALARM")).isZero();
        assertThat(stdoutLines()).containsExactly(
                "door-forced/ALARM -> property, police",
                "  property     mqtt gw/shengli-road/alerts/property",
                "  police       mqtt sr/police");
    }

    @Test
    void routeQueryNotesWhyAnAlertWouldNeverFire() {
        run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/VISIT", "household=3-2-502");
        assertThat(stdoutLines()).last().isEqualTo(
                "note: policy warning-only has no VISIT stage: this alert is never raised for household 3-2-502");
        out.reset();
        run("check-config", "--config", config.toString(), "--route", "tamper/ALARM");
        assertThat(stdoutLines()).last().isEqualTo("note: rule tamper is disabled (rules.tamper.enabled: false): it raises nothing");
        out.reset();
        run("check-config", "--config", config.toString(), "--route", "visitor-frequency/NOTICE", "household=3-2-501");
        assertThat(stdoutLines()).last().isEqualTo("note: household 3-2-501 is not tagged rental: visitor-frequency does not watch it");
        out.reset();
        run("check-config", "--config", config.toString(), "--route", "routine-deviation/NOTICE", "household=3-2-502");
        assertThat(stdoutLines()).first().isEqualTo("routine-deviation/NOTICE household=3-2-502 -> property");
        assertThat(stdoutLines()).last().isEqualTo(
                "note: household 3-2-502's policy warning-only has no routine: routine-deviation does not learn its rhythm");
        out.reset();
        run("check-config", "--config", config.toString(), "--route", "routine-deviation/RESOLVED", "household=3-2-501");
        assertThat(stdoutLines()).first().isEqualTo("routine-deviation/RESOLVED household=3-2-501 -> property");
    }

    @Test
    void resolvedGoesWhereTheHouseholdsStagesWent() {
        run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/RESOLVED", "household=3-2-502");
        assertThat(stdoutLines().get(0)).isEqualTo("elderly-inactivity/RESOLVED household=3-2-502 -> property");
        run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/RESOLVED", "household=3-2-501");
        assertThat(stdout()).contains("elderly-inactivity/RESOLVED household=3-2-501 -> property, community, police, family-app");
    }

    @Test
    void routeQueryMistakesExitTwoWithAClearMessage() {
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivty/VISIT")).isEqualTo(2);
        assertThat(stderr()).startsWith("--route: unknown rule 'elderly-inactivty' (did you mean 'elderly-inactivity'?); known: ");
        err.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "door-forced/WARNING")).isEqualTo(2);
        assertThat(stderr().trim()).isEqualTo("--route: door-forced raises no stage 'WARNING'; expected ALARM");
        err.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/VISTI", "household=3-2-501")).isEqualTo(2);
        assertThat(stderr().trim()).isEqualTo(
                "--route: elderly-inactivity raises no stage 'VISTI' (did you mean 'VISIT'?); expected WARNING, CALL_BACK, VISIT, RESOLVED");
        err.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/VISIT", "household=3-2-510")).isEqualTo(2);
        assertThat(stderr().trim()).isEqualTo("--route: unknown household '3-2-510' (did you mean '3-2-501'?)");
        err.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "VISIT")).isEqualTo(2);
        assertThat(stderr().trim()).isEqualTo("--route: expected RULE/STAGE such as elderly-inactivity/CALL_BACK, found 'VISIT'");
        err.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "door-forced/ALARM", "3-2-501")).isEqualTo(2);
        assertThat(stderr().trim()).isEqualTo("--route: unexpected '3-2-501'; expected household=ID after RULE/STAGE");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void theEmbeddedBrokersSettingsAreShownAndAnonymousAccessIsShouted() throws Exception {
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdout()).contains("mqtt: embedded broker on 0.0.0.0:1883, accounts in ")
                .contains("mqtt-users.passwd").doesNotContain("allowAnonymous");
        out.reset();
        Files.writeString(config, CONFIG.replace("site: { id: shengli-road, timezone: Asia/Shanghai }",
                "site: { id: shengli-road, timezone: Asia/Shanghai }\nmqtt: { embedded: { allowAnonymous: true } }"));
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdout()).contains("!!! WARNING: mqtt.embedded.allowAnonymous is true: anyone on the network may "
                + "publish door events and read every alert without an account");
    }

    @Test
    void aBadConfigPrintsOneLinePerProblemAndNothingElse() throws Exception {
        Files.writeString(config, CONFIG.replace("policy: warning-only", "policy: warning-onyl")
                .replace("source: serial, port: bus-1", "source: serial, port: bus-2")
                .replace("tamper: { enabled: false }", "tamper: { enabled: nope }"));
        assertThat(run("check-config", "--config", config.toString())).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr().lines().toList()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith(config + ":"));
    }

    @Test
    void secretsNeverAppearInAnyOutput() throws Exception {
        List<String> outputs = new ArrayList<>();
        run("check-config", "--config", config.toString());
        run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/CALL_BACK");
        outputs.add(stdout() + stderr());
        // A config that fails elsewhere still reads the secret; its problems must not show it.
        Files.writeString(config, CONFIG.replace("warning: 36h", "warning: 36 hours"));
        out.reset();
        err.reset();
        assertThat(run("check-config", "--config", config.toString())).isEqualTo(2);
        outputs.add(stdout() + stderr());
        // A secret file given where the YAML file should be: the parse error must not echo it.
        out.reset();
        err.reset();
        run("check-config", "--config", dir.resolve("family.key").toString());
        outputs.add(stdout() + stderr());
        assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain("s3cr3t").doesNotContain("MARKER"));
    }

    @Test
    void unexpectedArgumentsAreUsageErrors() {
        assertThat(run("check-config", "extra")).isEqualTo(2);
        assertThat(stderr()).contains("unexpected argument 'extra'");
    }

    private int run(String... argv) {
        return Cli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per class of mistake the issue names, each asserting the exact
 * {@code FILE:LINE:COLUMN: message} line: the position of the offending key or value, the key,
 * what was found, what was expected. Line and column are 1-based, as editors count.
 */
class ConfigProblemsTest {

    static final String SITE = "site: { id: test-site, timezone: Asia/Shanghai }\n";
    static final String POLICY = """
            policies:
              elderly-living-alone:
                inactivity: { warning: 24h, callBack: 48h, visit: 72h }
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void unknownKeySuggestsTheNearestKnownOne() throws Exception {
        assertThat(fx.problems(SITE + POLICY + """
                households:
                  - { id: "3-2-501", polcy: elderly-living-alone }
                rules:
                  door-held-open: { heldOpenAfer: 60s }
                storag: { path: x.db }
                """)).containsExactly(
                "gateway.yml:6:22: unknown key 'polcy' in 'households[0]' (did you mean 'policy'?)",
                "gateway.yml:8:21: unknown key 'heldOpenAfer' in 'rules.door-held-open' (did you mean 'heldOpenAfter'?)",
                "gateway.yml:9:1: unknown key 'storag' in the top level (did you mean 'storage'?)");
    }

    @Test
    void unknownKeyWithNothingCloseListsWhatIsExpected() throws Exception {
        assertThat(fx.problems(SITE + "http: { colour: blue }\n")).containsExactly(
                "gateway.yml:2:9: unknown key 'colour' in 'http'; expected one of: host, port, tls");
    }

    @Test
    void wrongTypeNamesWhatWasFoundAndWhatWasExpected() throws Exception {
        assertThat(fx.problems(SITE + """
                http: { port: eighty }
                households: { id: "3-2-501" }
                devices:
                  - { id: door-1, household: [a, b] }
                """)).containsExactly(
                "gateway.yml:2:15: http.port: expected a whole number from 0 to 65535, found 'eighty'",
                "gateway.yml:3:13: households: expected a list, found a mapping",
                "gateway.yml:5:30: devices[0].household: expected a text value, found a list");
    }

    @Test
    void badDurationSaysWhichFormsAreAccepted() throws Exception {
        assertThat(fx.problems(SITE + """
                policies:
                  elderly-living-alone:
                    inactivity: { warning: 24 hours, callBack: 48h }
                """)).containsExactly(
                "gateway.yml:4:28: policies.elderly-living-alone.inactivity.warning: bad duration '24 hours'; "
                        + "expected a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)");
    }

    @Test
    void theTimestampWindowIsADurationOrOff() throws Exception {
        assertThat(fx.problems(SITE + "ingest: { timestampWindow: a day, window: 1d }\n")).containsExactly(
                "gateway.yml:2:28: ingest.timestampWindow: bad duration 'a day'; "
                        + "expected a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)",
                "gateway.yml:2:35: unknown key 'window' in 'ingest'; expected one of: catchUp, timestampWindow");
    }

    @Test
    void theStartUpHoldIsBoundedAndItsQuietFitsInIt() throws Exception {
        assertThat(fx.problems(SITE + "ingest: { catchUp: { quiet: 20s, max: 11m, wait: 1s } }\n")).containsExactly(
                "gateway.yml:2:39: ingest.catchUp.max: at most 10m (overdue stages wait this long at start-up), found '11m'",
                "gateway.yml:2:44: unknown key 'wait' in 'ingest.catchUp'; expected one of: max, quiet");
        assertThat(fx.problems(SITE + "ingest: { catchUp: { quiet: 20s } }\n")).containsExactly(
                "gateway.yml:2:29: ingest.catchUp.quiet (20s) is longer than ingest.catchUp.max (15s): the hold would "
                        + "always end at max");
        assertThat(fx.load(SITE + "ingest: { catchUp: off }\n").ingest().catchUp()).isNull();
    }

    @Test
    void durationsMustEscalate() throws Exception {
        assertThat(fx.problems(SITE + """
                policies:
                  elderly-living-alone:
                    inactivity: { warning: 48h, callBack: 24h }
                """)).containsExactly(
                "gateway.yml:4:43: policies.elderly-living-alone.inactivity.callBack: 1d must be longer than warning (2d); stages escalate in order");
    }

    @Test
    void duplicateIdsPointAtTheSecondAndNameTheFirst() throws Exception {
        assertThat(fx.problems(SITE + POLICY + """
                households:
                  - { id: "3-2-501" }
                  - { id: "3-2-501" }
                devices:
                  - { id: door-1 }
                  - { id: door-1 }
                ports:
                  - { id: bus-1, port: /dev/ttyUSB0, protocol: ascii-line, regex: '(?<device>..)(?<type>.)' }
                  - { id: bus-1, port: /dev/ttyUSB1, protocol: ascii-line, regex: '(?<device>..)(?<type>.)' }
                """)).containsExactly(
                "gateway.yml:7:11: households[1].id: duplicate household id '3-2-501' (first at gateway.yml:6)",
                "gateway.yml:10:11: devices[1].id: duplicate device id 'door-1' (first at gateway.yml:9)",
                "gateway.yml:13:11: ports[1].id: duplicate port id 'bus-1' (first at gateway.yml:12)");
    }

    @Test
    void duplicateKeysInAMappingAreReported() throws Exception {
        assertThat(fx.problems(SITE + """
                channels:
                  family-app: { topic: a/b }
                  family-app: { topic: c/d }
                """)).containsExactly(
                "gateway.yml:4:3: duplicate key 'family-app' in 'channels' (first at line 3)");
    }

    @Test
    void deviceOnAnUnknownHousehold() throws Exception {
        assertThat(fx.problems(SITE + """
                households:
                  - { id: "3-2-501" }
                devices:
                  - { id: door-1, household: "3-2-510" }
                """)).containsExactly(
                "gateway.yml:5:30: devices[0].household: unknown household '3-2-510' (did you mean '3-2-501'?)");
    }

    @Test
    void unknownPolicyListsTheKnownOnes() throws Exception {
        assertThat(fx.problems(SITE + POLICY + """
                households:
                  - { id: "3-2-501", policy: elderly-alone }
                """)).containsExactly(
                "gateway.yml:6:30: households[0].policy: unknown policy 'elderly-alone'; known: elderly-living-alone");
    }

    @Test
    void unknownChannelInARouteCountsConfiguredChannels() throws Exception {
        fx.write("secrets/family.key", "k\n");
        assertThat(fx.problems(SITE + """
                channels:
                  family-app:
                    webhook: { url: "https://example.org/hook", secretFile: secrets/family.key }
                routes:
                  elderly-inactivity:
                    WARNING: [property, family-ap]
                    CALL_BACK: [property, family-app, polise]
                """)).containsExactly(
                "gateway.yml:7:25: routes.elderly-inactivity.WARNING: unknown channel or role 'family-ap' (did you mean 'family-app'?); "
                        + "channels: property, community, police, family-app; roles: neighbour-watcher, corridor-liaison, safety-guardian, property, community, police",
                "gateway.yml:8:39: routes.elderly-inactivity.CALL_BACK: unknown channel or role 'polise' (did you mean 'police'?); "
                        + "channels: property, community, police, family-app; roles: neighbour-watcher, corridor-liaison, safety-guardian, property, community, police");
    }

    @Test
    void unreadableSecretFileNamesTheFileNeverItsContent() throws Exception {
        Path locked = fx.write("secrets/locked.key", "top-secret-value\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(locked); // root reads anything; then test the missing file only
        String yaml = SITE + """
                channels:
                  family-app:
                    webhook: { url: "https://example.org/hook", secretFile: secrets/missing.key }
                  night-desk:
                    webhook: { url: "https://example.org/desk", secretFile: secrets/locked.key }
                """;
        if (root) {
            assertThat(fx.problems(yaml)).containsExactly(
                    "gateway.yml:4:61: channels.family-app.webhook.secretFile: cannot read 'secrets/missing.key': no such file");
        } else {
            assertThat(fx.problems(yaml)).containsExactly(
                    "gateway.yml:4:61: channels.family-app.webhook.secretFile: cannot read 'secrets/missing.key': no such file",
                    "gateway.yml:6:61: channels.night-desk.webhook.secretFile: cannot read 'secrets/locked.key': permission denied");
        }
    }

    @Test
    void secretFromAnUnsetVariableOrAFolder() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        assertThat(fx.problems(SITE + """
                channels:
                  a: { webhook: { url: "https://example.org/a", secretEnv: HOOK_A } }
                  b: { webhook: { url: "https://example.org/b", secretFile: secrets } }
                  c: { webhook: { url: "https://example.org/c" } }
                """)).containsExactly(
                "gateway.yml:3:60: channels.a.webhook.secretEnv: environment variable HOOK_A is not set",
                "gateway.yml:4:61: channels.b.webhook.secretFile: cannot read 'secrets': is a folder",
                "gateway.yml:5:17: channels.c.webhook: missing key 'secretFile'; expected the file holding the signing secret (or secretEnv: a variable holding it)");
    }

    @Test
    void householdCsvRowsPointIntoTheCsv() throws Exception {
        fx.write("households.csv", """
                id,address,policy,tags,contact_name,contact_phone
                5-1-302,5栋1单元302,elderly-living-alone,elderly,王小明,13800000001
                5-1-401,5栋1单元401,elderly-alone,elderly,李华,13800000002
                3-2-501,3栋2单元501,,,,
                ,6栋1单元101,,,,
                6-1-202,6栋1单元202,,,赵敏,call me
                7-3-1102,"7栋3单元1102",,,,,extra
                """);
        assertThat(fx.problems(SITE + POLICY + """
                households:
                  - { id: "3-2-501" }
                  - { file: households.csv }
                """)).containsExactly(
                "households.csv:3:18: policy: unknown policy 'elderly-alone'; known: elderly-living-alone",
                "households.csv:4:1: id: duplicate household id '3-2-501' (first at gateway.yml:6)",
                "households.csv:5:1: id: empty; every row needs a household id",
                "households.csv:6:23: contact_phone: not a phone number; expected digits, optionally with a leading +, '-' or spaces",
                "households.csv:7:26: row has 7 fields but the header has 6 (a comma inside a value needs double quotes)");
    }

    @Test
    void csvHeaderMistakesAndAnUnreadableCsv() throws Exception {
        fx.write("households.csv", "id,adress,policy\n5-1-302,x,\n");
        assertThat(fx.problems(SITE + """
                households:
                  - { file: households.csv }
                  - { file: missing.csv }
                """)).containsExactly(
                "gateway.yml:4:13: households: cannot read 'missing.csv': no such file",
                "households.csv:1:4: unknown column 'adress' (did you mean 'address'?); expected the header: "
                        + "id,address,policy,tags,contact_name,contact_phone");
    }

    @Test
    void tenancyRowsInYamlAndCsv() throws Exception {
        fx.write("tenancies.csv", """
                credential,household,tenant,from,until
                card:0001,3-2-601,张三,2026-03-01,2026-11-30
                card:0002,3-2-601,李四,2026-13-01,
                card:0001,3-2-601,王五,,
                card:0003,9-9-999,赵六,,
                """);
        assertThat(fx.problems(SITE + """
                households:
                  - { id: "3-2-601", tags: [rental] }
                tenancies:
                  - { credential: "card:0004", household: "3-2-601", from: 2026-05-01, until: 2026-04-01 }
                  - { file: tenancies.csv }
                """)).containsExactly(
                "gateway.yml:5:79: tenancies[0].until: the tenancy ends before it starts; expected 'until' after 'from'",
                "tenancies.csv:3:22: from: '2026-13-01' is not a date; expected a date like 2026-03-01 or an ISO date-time like 2026-03-01T00:00:00+08:00",
                "tenancies.csv:4:1: credential: duplicate credential 'card:0001' (first at tenancies.csv:2); a credential belongs to one tenancy",
                "tenancies.csv:5:11: household: unknown household '9-9-999'");
    }

    @Test
    void everyProblemIsReportedInOneRunInFileOrder() throws Exception {
        assertThat(fx.problems("""
                site: { id: Test_Site, timezone: Mars/Olympus }
                http: { port: 99999 }
                households:
                  - { id: "3-2-501", policy: none }
                devices:
                  - { id: door-1, household: "3-2-501", source: zigbee }
                """)).containsExactly(
                "gateway.yml:1:13: site.id: 'Test_Site' is not a valid site id; expected lowercase letters, digits and '-' (it is used in MQTT topics)",
                "gateway.yml:1:34: site.timezone: unknown time zone 'Mars/Olympus'; expected a region id such as Asia/Shanghai",
                "gateway.yml:2:15: http.port: 99999 is out of range; expected a whole number from 0 to 65535",
                "gateway.yml:4:30: households[0].policy: unknown policy 'none'; known: (none defined)",
                "gateway.yml:6:49: devices[0].source: unknown source 'zigbee'; expected mqtt, serial, tcp or udp (a uhppote controller)");
    }

    @Test
    void yamlSyntaxErrorsHaveAPositionToo() throws Exception {
        assertThat(fx.problems(SITE + "households:\n  - { id: \"3-2-501\"\n")).hasSize(1)
                .first().asString().startsWith("gateway.yml:4:1: YAML syntax error:");
    }
}

package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code households:} and {@code devices:} are streamed (StreamingComposer): each entry is read
 * as it is composed and the references are checked afterwards. These tests pin that the order
 * of the sections in the file changes nothing: references to sections written later are still
 * checked, at the position of the value, and a repeated list key is still reported.
 */
class StreamedListsTest {

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void devicesBeforeTheHouseholdsAndPoliciesTheyNameAreChecked() throws Exception {
        assertThat(fx.problems("""
                devices:
                  - { id: door-1, household: "3-2-501" }
                  - { id: door-2, household: "3-2-50" }
                  - { id: reader-1, source: serial, port: bus-9 }
                  - { id: door-3, profile: acme }
                households:
                  - { id: "3-2-501", policy: elderly-living-alon }
                site: { id: test-site, timezone: Asia/Shanghai }
                policies:
                  elderly-living-alone:
                    inactivity: { warning: 24h, callBack: 48h, visit: 72h }
                """)).containsExactly(
                "gateway.yml:3:30: devices[1].household: unknown household '3-2-50' (did you mean '3-2-501'?)",
                "gateway.yml:4:43: devices[2].port: unknown port 'bus-9'; known: (none defined)",
                "gateway.yml:5:28: devices[3].profile: unknown profile 'acme'; known: (none defined)",
                "gateway.yml:7:30: households[0].policy: unknown policy 'elderly-living-alon' "
                        + "(did you mean 'elderly-living-alone'?); known: elderly-living-alone");
    }

    @Test
    void aConfigWithTheListsFirstLoadsLikeOneWithThemLast() throws Exception {
        String lists = """
                households:
                  - { id: "3-2-501", policy: p, tags: [elderly] }
                  - { id: "3-2-502" }
                devices:
                  - { id: door-1, household: "3-2-501" }
                  - { id: gate-1, kind: gate }
                """;
        String rest = """
                site: { id: test-site, timezone: Asia/Shanghai }
                policies:
                  p: { inactivity: { warning: 24h, callBack: 48h, visit: 72h } }
                """;
        GatewayConfig first = fx.load(lists + rest);
        GatewayConfig last = fx.load(rest + lists);
        assertThat(first.engine().households()).isEqualTo(last.engine().households()).hasSize(2);
        assertThat(first.devices()).isEqualTo(last.devices()).hasSize(2);
        // a device's household is the household's own id instance (one string per id in memory)
        assertThat(first.devices().get(0).household()).isSameAs(first.engine().households().get(0).id());
    }

    @Test
    void aRepeatedListKeyIsReportedAndItsEntriesIgnored() throws Exception {
        assertThat(fx.problems("""
                site: { id: test-site, timezone: Asia/Shanghai }
                devices:
                  - { id: door-1 }
                devices:
                  - { id: door-1 }
                  - { id: "bad id" }
                """)).containsExactly("gateway.yml:4:1: duplicate key 'devices' in the top level (first at line 2)");
    }

    @Test
    void aSyntaxErrorAfterStreamedEntriesIsTheOnlyProblem() throws Exception {
        assertThat(fx.problems("""
                site: { id: test-site, timezone: Asia/Shanghai }
                devices:
                  - { id: "bad id" }
                  - { id: door-2, household: nobody }
                households:
                  - { id: "3-2-501"
                """)).hasSize(1).first().asString().startsWith("gateway.yml:7:1: YAML syntax error:");
    }

    @Test
    void devicesFromACsvFileLoadLikeTheSameDevicesInline() throws Exception {
        fx.write("devices.csv", """
                id,household,kind,source,port
                door-1,3-2-501,,,
                gate-1,,gate,,
                reader-1,,card-reader,serial,bus-1
                """);
        String head = """
                site: { id: test-site, timezone: Asia/Shanghai }
                households:
                  - { id: "3-2-501" }
                ports:
                  - { id: bus-1, port: /dev/ttyUSB0, baud: 9600, protocol: ascii-line, regex: '(?<device>\\S+) (?<type>\\S+)' }
                """;
        GatewayConfig csv = fx.load(head + "devices:\n  - { file: devices.csv }\n");
        GatewayConfig inline = fx.load(head + """
                devices:
                  - { id: door-1, household: "3-2-501" }
                  - { id: gate-1, kind: gate }
                  - { id: reader-1, kind: card-reader, source: serial, port: bus-1 }
                """);
        assertThat(csv.devices()).isEqualTo(inline.devices()).hasSize(3);
        assertThat(csv.engine().devices()).isEqualTo(inline.engine().devices());
        assertThat(csv.sources()).anyMatch(p -> p.endsWith("devices.csv"));
    }

    @Test
    void problemsOfACsvDevicePointAtItsRowAndColumn() throws Exception {
        fx.write("devices.csv", """
                id,household,source
                door-1,3-2-501,
                door-2,nobody,
                door-1,,
                ,3-2-501,
                bad id,,
                door-3,,radio
                """);
        assertThat(fx.problems("""
                site: { id: test-site, timezone: Asia/Shanghai }
                devices:
                  - { id: door-0, household: "3-2-501" }
                  - { file: devices.csv }
                households:
                  - { id: "3-2-501" }
                """)).containsExactly(
                "devices.csv:3:8: household: unknown household 'nobody'",
                "devices.csv:4:1: id: duplicate device id 'door-1' (first at devices.csv:2)",
                "devices.csv:5:1: id: empty; every row needs a device id",
                "devices.csv:6:1: id: 'bad id' is not a valid device id; expected letters, digits, '-', '_', '.' or ':' (it is used in MQTT topics)",
                "devices.csv:7:9: source: unknown source 'radio'; expected mqtt, serial, tcp or udp (a uhppote controller)");
    }

    /** A uhppote controller's doors against devices of a CSV: the port checks point at the CSV's cells. */
    @Test
    void csvDevicesOnAControllerAreCheckedAgainstItsDoors() throws Exception {
        fx.write("devices.csv", """
                id,source,port
                gate-1,udp,c-1
                gate-2,tcp,c-1
                gate-3,udp,c-1
                """);
        assertThat(fx.problems("""
                site: { id: test-site, timezone: Asia/Shanghai }
                ports:
                  - { id: c-1, protocol: uhppote, controller: 405419896, address: 10.0.0.7, listen: "10.0.0.2:60001", doors: { 1: gate-1, 2: gate-2 } }
                devices:
                  - { file: devices.csv }
                """)).containsExactly(
                "devices.csv:3:8: source: port 'c-1' is a uhppote access controller; expected source: udp",
                "devices.csv:4:12: port: port 'c-1' never names device 'gate-3' (on none of its doors), so it would never report");
    }
}

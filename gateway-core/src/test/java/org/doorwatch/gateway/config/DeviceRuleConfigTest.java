package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleSettings;
import org.doorwatch.domain.RuleSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's config keys: {@code rules.<rule>.kinds}, {@code .devices}, device-offline's
 * flapping and grouping, {@code devices[].building}; what they put in force and how mistakes are
 * reported (file, line, column, what and where).
 */
class DeviceRuleConfigTest {

    static final String SITE = """
            site: { id: test-site }
            households:
              - { id: "3-2-501" }
            ports:
              - { id: bus-1, port: /dev/ttyUSB0, protocol: ascii-line, regex: '(?<device>..),(?<type>.)' }
            devices:
              - { id: door-3-2-501, kind: door-contact, household: "3-2-501" }
              - { id: stair-3, kind: door-contact, building: "3" }
              - { id: gate-3, kind: gate }
              - { id: reader-3, kind: card-reader, source: serial, port: bus-1 }
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    private DeviceRuleSettings of(GatewayConfig c, String id) {
        Device d = c.engine().devices().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        return c.engine().rules().forDevice(d);
    }

    @Test
    void withNoRulesSectionTheBuiltInKindValuesApply() throws Exception {
        GatewayConfig c = fx.load(SITE);

        assertThat(of(c, "door-3-2-501").heldOpenAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(of(c, "door-3-2-501").offlineAfter()).isEqualTo(Duration.ofHours(4));
        assertThat(of(c, "stair-3").heldOpenAfter()).as("a shared door contact").isEqualTo(Duration.ofSeconds(120));
        assertThat(of(c, "gate-3").heldOpenAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(of(c, "gate-3").offlineAfter()).isEqualTo(Duration.ofMinutes(15));
        RuleSettings r = c.engine().rules();
        assertThat(r.flapWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(r.groupMin()).isEqualTo(3);
    }

    @Test
    void devicesKnowTheirPortAndBuilding() throws Exception {
        GatewayConfig c = fx.load(SITE);

        assertThat(c.engine().devices()).extracting(Device::id, Device::port, Device::building).containsExactly(
                org.assertj.core.groups.Tuple.tuple("door-3-2-501", null, "3"),
                org.assertj.core.groups.Tuple.tuple("stair-3", null, "3"),
                org.assertj.core.groups.Tuple.tuple("gate-3", null, null),
                org.assertj.core.groups.Tuple.tuple("reader-3", "bus-1", null));
    }

    @Test
    void perKindAndPerDeviceSettingsWinInThatOrderOverTheRuleLevelValue() throws Exception {
        GatewayConfig c = fx.load(SITE + """
                rules:
                  door-held-open:
                    heldOpenAfter: 90s
                    kinds: { door-contact: { heldOpenAfter: 10m } }
                    devices: { stair-3: { heldOpenAfter: 5m }, gate-3: { enabled: false } }
                  device-offline:
                    offlineAfter: 20m
                    kinds: { card-reader: { offlineAfter: 1h, enabled: false } }
                    flapWindow: 0s
                    stableFor: 2h
                    groupMin: 5
                    groupWindow: 30m
                  access-denied-burst:
                    kinds: { card-reader: { count: 3, window: 5m } }
                """);

        assertThat(of(c, "door-3-2-501").heldOpenAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(of(c, "stair-3").heldOpenAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(of(c, "gate-3").heldOpen()).isFalse();
        assertThat(of(c, "gate-3").offlineAfter()).isEqualTo(Duration.ofMinutes(20));
        assertThat(of(c, "door-3-2-501").offlineAfter()).as("the rule-level value the config wrote beats the built-in 4h")
                .isEqualTo(Duration.ofMinutes(20));
        assertThat(of(c, "reader-3").offline()).isFalse();
        assertThat(of(c, "reader-3").deniedBurstCount()).isEqualTo(3);
        assertThat(of(c, "gate-3").deniedBurstCount()).isEqualTo(5);
        RuleSettings r = c.engine().rules();
        assertThat(r.flapping()).isFalse();
        assertThat(r.stableFor()).isEqualTo(Duration.ofHours(2));
        assertThat(r.groupMin()).isEqualTo(5);
        assertThat(r.groupWindow()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void mistakesAreNamedWithTheirPlace() throws Exception {
        assertThat(fx.problems(SITE + """
                rules:
                  door-held-open:
                    kinds: { door-contcat: { heldOpenAfter: 10m }, gate: { heldOpen: 1m } }
                    devices: { gate-33: { enabled: false }, gate-3: { heldOpenAfter: soon } }
                  tamper:
                    enabled: false
                    kinds: { gate: { enabled: true } }
                  device-offline:
                    flapWindow: often
                    groupMin: 1
                    kinds: { gate: { offlineAfter: 1h, flapWindow: 2h } }
                  visitor-frequency:
                    kinds: { intercom: { count: 3 } }
                """)).containsExactly(
                "gateway.yml:13:14: rules.door-held-open.kinds.door-contcat: no device has kind 'door-contcat' (did you mean "
                        + "'door-contact'?); kinds: card-reader, door-contact, gate, intercom",
                "gateway.yml:13:60: unknown key 'heldOpen' in 'rules.door-held-open.kinds.gate'; expected one of: enabled, heldOpenAfter",
                "gateway.yml:14:16: rules.door-held-open.devices.gate-33: unknown device 'gate-33' (did you mean 'gate-3'?)",
                "gateway.yml:14:70: rules.door-held-open.devices.gate-3.heldOpenAfter: bad duration 'soon'; expected a whole "
                        + "number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)",
                "gateway.yml:17:31: rules.tamper.kinds.gate.enabled: true cannot switch tamper back on: it is off for the whole "
                        + "site (rules.tamper.enabled: false); remove one of the two",
                "gateway.yml:19:17: rules.device-offline.flapWindow: bad duration 'often'; expected a whole number with s, m, h "
                        + "or d (e.g. 30s, 10m, 36h, 3d; ms also accepted); 0s switches flapping off",
                "gateway.yml:20:15: rules.device-offline.groupMin: 1 would make every silent device a group of its own; "
                        + "expected 0 (no grouping) or at least 2",
                "gateway.yml:21:40: unknown key 'flapWindow' in 'rules.device-offline.kinds.gate'; expected one of: enabled, offlineAfter",
                "gateway.yml:23:5: rules.visitor-frequency.kinds: visitor-frequency is counted per household; settings per "
                        + "kind or per device are for the device rules: door-forced, door-held-open, tamper, access-denied-burst, "
                        + "device-offline");
        assertThat(fx.problems("""
                site: { id: test-site }
                devices:
                  - { id: gate-3, kind: gate, building: "3 north" }
                """)).containsExactly("gateway.yml:3:41: devices[0].building: '3 north' is not a valid building; expected "
                + "letters, digits, '-', '_', '.' or ':' (e.g. \"3\")");
    }
}

package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.HouseholdGlob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code devices[].households} (SPEC 10, issue 13): the households a shared device's events may
 * name, what reaches the engine's devices, and each mistake with its file, line and column.
 */
class DeviceSectionHouseholdsTest {

    static final String HOUSEHOLDS = """
            site: { id: test-site }
            households:
              - { id: "3-2-501" }
              - { id: "3-1-101" }
              - { id: "5-1-302" }
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    private static Device device(GatewayConfig c, String id) {
        return c.engine().devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aSharedDevicesGlobsReachTheEngineAndAbsentMeansAny() throws Exception {
        GatewayConfig c = fx.load(HOUSEHOLDS + """
                devices:
                  - { id: gate-3, kind: gate, households: ["3-*", "5-1-302"] }
                  - { id: gate-main, kind: gate }
                  - { id: door-3-2-501, household: "3-2-501" }
                """);

        Device gate3 = device(c, "gate-3");
        assertThat(gate3.households()).extracting(HouseholdGlob::pattern).containsExactly("3-*", "5-1-302");
        assertThat(c.devices().get(0).households()).isEqualTo(gate3.households());
        assertThat(gate3.mayName("3-1-101")).isTrue();
        assertThat(gate3.mayName("5-1-302")).isTrue();
        assertThat(gate3.mayName("5-1-301")).isFalse();

        Device main = device(c, "gate-main");
        assertThat(main.households()).isEmpty();
        assertThat(main.mayName("5-1-301")).as("a shared gate without the key: any household").isTrue();

        Device flat = device(c, "door-3-2-501");
        assertThat(flat.households()).isEmpty();
        assertThat(flat.mayName("3-2-501")).isTrue();
        assertThat(flat.mayName("3-1-101")).as("a flat's device: its own household only").isFalse();
    }

    @Test
    void theFullExampleLoadsWithItsGate() throws Exception {
        GatewayConfig full = ConfigLoader.load(Path.of("../config/examples/full.yml"));
        Device gate = device(full, "gate-3");
        assertThat(gate.households()).extracting(HouseholdGlob::pattern).containsExactly("3-*");
        assertThat(gate.mayName("3-2-501")).isTrue();
        assertThat(gate.mayName("5-1-302")).isFalse();
    }

    @Test
    void aSingleGlobMayBeGivenWithoutAList() throws Exception {
        GatewayConfig c = fx.load(HOUSEHOLDS + """
                devices:
                  - { id: gate-5, kind: gate, households: "5-*" }
                """);
        assertThat(device(c, "gate-5").households()).extracting(HouseholdGlob::pattern).containsExactly("5-*");
    }

    @Test
    void mistakesAreLocated() throws Exception {
        assertThat(fx.problems(HOUSEHOLDS + """
                devices:
                  - { id: door-3-2-501, household: "3-2-501", households: ["3-*"] }
                  - { id: gate-3, kind: gate, households: ["3 *", "4-*", "3-2-50", "3-?-*"] }
                  - { id: gate-4, kind: gate, households: [] }
                  - { id: gate-6, kind: gate, households: { a: b } }
                """)).containsExactly(
                "gateway.yml:7:47: devices[0].households: device 'door-3-2-501' belongs to household '3-2-501' and a "
                        + "flat's device names only its own household; 'households' is for shared devices (gates, "
                        + "intercoms) that have no 'household'",
                "gateway.yml:8:44: devices[1].households: '3 *' is not a household id or glob; expected e.g. 3-* or 3-2-501",
                "gateway.yml:8:51: devices[1].households: '4-*' matches no household",
                "gateway.yml:8:58: devices[1].households: '3-2-50' matches no household (did you mean '3-2-501'?)",
                "gateway.yml:9:43: devices[2].households: an empty list would let device 'gate-4' name no household; "
                        + "leave the key out for any household",
                "gateway.yml:10:43: devices[3].households: expected a list of names, found a mapping");
    }

    @Test
    void aMisspeltKeyIsSuggested() throws Exception {
        assertThat(fx.problems(HOUSEHOLDS + """
                devices:
                  - { id: gate-3, kind: gate, housholds: ["3-*"] }
                """)).containsExactly("gateway.yml:7:31: unknown key 'housholds' in 'devices[0]' (did you mean 'households'?)");
    }
}

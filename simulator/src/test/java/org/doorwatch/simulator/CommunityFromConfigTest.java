package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorwatch.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A community read from a config gives each household a gate that may name it: the gateway
 * refuses events of a shared device naming a household outside its {@code households} globs
 * (SPEC 10), so the simulator must not send them.
 */
class CommunityFromConfigTest {

    @Test
    void aHouseholdsGateIsOneWhoseGlobsAllowIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                site: { id: sim }
                households:
                  - { id: "3-1-101" }
                  - { id: "5-1-101" }
                devices:
                  - { id: gate-3, kind: gate, households: ["3-*"] }
                  - { id: gate-main, kind: gate }
                """, StandardCharsets.UTF_8);
        Community c = Community.fromConfig(ConfigLoader.load(file));

        assertThat(c.household("3-1-101").gate()).as("its building's gate").isEqualTo("gate-3");
        assertThat(c.household("5-1-101").gate()).as("not gate-3, the first shared one, which may not name it")
                .isEqualTo("gate-main");
    }
}

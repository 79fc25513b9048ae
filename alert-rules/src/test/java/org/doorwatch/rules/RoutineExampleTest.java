package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.Channels;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.junit.jupiter.api.Test;

/**
 * The replay scenario of config/examples/routine, proven in the engine alone, like
 * {@link RulesExampleTest}: three weeks of two households' doors, then one silence that raises
 * the NOTICE nine and a half hours before the WARNING. (ReplayExamplesIT runs the same files
 * through {@code scripts/gateway replay}.)
 */
class RoutineExampleTest {

    static final Path DIR = Path.of(System.getProperty("doorwatch.root", "..")).resolve("config/examples/routine");
    static final Instant UNTIL = OffsetDateTime.parse("2026-11-23T00:00:00+08:00").toInstant();

    /** config/examples/routine/gateway.yml, as the config loader turns it into an EngineConfig. */
    static EngineConfig config() {
        Policy policy = new Policy("elderly-routine",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)), Routine.defaults());
        RuleSettings d = RuleSettings.defaults();
        RuleSettings rules = new RuleSettings(Set.of(RuleNames.DOOR_HELD_OPEN, RuleNames.DEVICE_OFFLINE), d.heldOpenAfter(),
                d.deniedBurstCount(), d.deniedBurstWindow(), d.offlineAfter(), d.visitorCount(), d.visitorWindow(),
                d.watchFrom(), d.watchTo());
        return new EngineConfig("shengli-road", RulesExampleTest.ZONE, Channels.BUILT_IN, java.util.Map.of(policy.name(), policy),
                List.of(new Household("3-2-501", "3栋2单元501", policy.name(), List.of("elderly")),
                        new Household("3-2-502", "3栋2单元502", policy.name(), List.of("elderly"))),
                List.of(new Device("door-3-2-501", "door-contact", "3-2-501"), new Device("door-3-2-502", "door-contact", "3-2-502")),
                List.of(), Routes.defaultRoutes(), MessageTemplates.defaults(), rules);
    }

    @Test
    void theEngineRaisesExactlyTheExpectedAlerts() throws IOException {
        List<String> expected = RulesExampleTest.expected(DIR);
        assertThat(RulesExampleTest.replay(config(), DIR, UNTIL)).containsExactlyElementsOf(expected);
        assertThat(expected.get(0)).contains("\"rule\":\"routine-deviation\"", "\"stage\":\"NOTICE\"");
    }
}

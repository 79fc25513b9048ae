package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policies.<name>.routine} (SPEC 11) as the engine receives it; its mistakes are in SectionProblemsTest. */
class RoutineConfigTest {

    @TempDir
    Path dir;

    @Test
    void routineKeysReachThePolicyAndDefaultsFillTheRest() throws Exception {
        GatewayConfig c = new ConfigFixture(dir).load("""
                site: { id: test-site }
                policies:
                  defaults: { inactivity: { warning: 24h }, routine: {} }
                  bare:
                    routine:
                  tuned:
                    inactivity: { warning: 24h, callBack: 48h }
                    routine: { learnDays: 56, minDays: 21, margin: { min: 30m, fraction: 0.25, later: 0s } }
                  short-window: { routine: { learnDays: 8 } }
                  none: { inactivity: { warning: 24h } }
                """);
        var policies = c.engine().policies();
        assertThat(policies.get("defaults").routine()).isEqualTo(Routine.defaults());
        assertThat(policies.get("bare").routine()).isEqualTo(Routine.defaults());
        assertThat(policies.get("bare").inactivity()).isNull();
        assertThat(policies.get("tuned").routine())
                .isEqualTo(new Routine(56, 21, Duration.ofMinutes(30), 0.25, Duration.ZERO));
        // minDays' default (14) is more than 8 learning days hold: the most they hold, 6
        assertThat(policies.get("short-window").routine().minDays()).isEqualTo(6);
        assertThat(policies.get("none").routine()).isNull();
    }

    @Test
    void theRuleIsRoutedSwitchableAndItsTextsOverridable() throws Exception {
        GatewayConfig c = new ConfigFixture(dir).load("""
                site: { id: test-site }
                rules:
                  routine-deviation: { enabled: false }
                routes:
                  routine-deviation: { NOTICE: [property, community] }
                templates:
                  routine-deviation.NOTICE: "{address}：{silence}（平时{usualBy}前出门，已学{daysLearned}天）"
                  routine-deviation.silence.since: "从{since}起没动静"
                """);
        assertThat(c.engine().rules().enabled(RuleNames.ROUTINE_DEVIATION)).isFalse();
        assertThat(c.engine().routes().channels(RuleNames.ROUTINE_DEVIATION, Stage.NOTICE)).containsExactly("property", "community");
        assertThat(RouteStages.routable(RuleNames.ROUTINE_DEVIATION)).containsExactly(Stage.NOTICE);
        assertThat(RouteStages.resolves(RuleNames.ROUTINE_DEVIATION)).isTrue();
        assertThat(c.engine().templates().template("routine-deviation.silence.since")).isEqualTo("从{since}起没动静");
    }

    @Test
    void routineTextsAreCheckedForTheirOwnPlaceholders() throws Exception {
        assertThat(new ConfigFixture(dir).problems("""
                site: { id: test-site }
                templates:
                  routine-deviation.NOTICE: "{address} {stage}"
                  routine-deviation.silence.today: "{since}"
                  routine-deviation.ALARM: "x"
                """)).containsExactly(
                "gateway.yml:3:29: templates.routine-deviation.NOTICE: unknown placeholder {stage}; expected {address}, "
                        + "{daysLearned}, {elapsed}, {household}, {lastActivity}, {silence}, {usualBy}",
                "gateway.yml:4:36: templates.routine-deviation.silence.today: unknown placeholder {since}; this text takes no placeholders",
                "gateway.yml:5:3: templates: unknown key 'routine-deviation.ALARM' (did you mean 'routine-deviation.NOTICE'?); "
                        + "expected <rule>.<STAGE> such as elderly-inactivity.WARNING or door-forced.ALARM, or elderly-inactivity.reason.<EVENT>");
    }
}

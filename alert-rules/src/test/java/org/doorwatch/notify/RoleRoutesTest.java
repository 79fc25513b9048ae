package org.doorwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

/** SPEC 8's default role additions, and SPEC 11's neighbour watcher for the routine NOTICE. */
class RoleRoutesTest {

    @Test
    void withPeopleEachElderlyStageAndTheRoutineNoticeReachTheirRole() {
        RoleRoutes r = RoleRoutes.of(Map.of(), true);
        assertThat(r.roles(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING)).containsExactly(Role.NEIGHBOUR_WATCHER);
        assertThat(r.roles(RuleNames.ELDERLY_INACTIVITY, Stage.CALL_BACK)).containsExactly(Role.CORRIDOR_LIAISON);
        assertThat(r.roles(RuleNames.ELDERLY_INACTIVITY, Stage.VISIT)).containsExactly(Role.SAFETY_GUARDIAN);
        assertThat(r.roles(RuleNames.ROUTINE_DEVIATION, Stage.NOTICE)).containsExactly(Role.NEIGHBOUR_WATCHER);
        assertThat(r.roles(RuleNames.DOOR_FORCED, Stage.ALARM)).isEmpty();
    }

    @Test
    void withoutPeopleNoRoleIsAddedAndAConfiguredRouteReplacesTheDefault() {
        assertThat(RoleRoutes.of(Map.of(), false).roles(RuleNames.ROUTINE_DEVIATION, Stage.NOTICE)).isEmpty();
        RoleRoutes routed = RoleRoutes.of(Map.of(RuleNames.ROUTINE_DEVIATION, Map.of(Stage.NOTICE, List.of())), true);
        assertThat(routed.roles(RuleNames.ROUTINE_DEVIATION, Stage.NOTICE)).isEmpty();
        assertThat(routed.roles(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING)).containsExactly(Role.NEIGHBOUR_WATCHER);
    }
}

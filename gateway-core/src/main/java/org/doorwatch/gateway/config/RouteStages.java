package org.doorwatch.gateway.config;

import java.util.List;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;

/** Which stages each rule raises: what routes may name and what {@code --route} accepts. */
public final class RouteStages {

    private static final List<Stage> ELDERLY = List.of(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT);

    private RouteStages() {}

    /** The stages of {@code rule} that routes decide (RESOLVED follows them). */
    public static List<Stage> routable(String rule) {
        return rule.equals(RuleNames.ELDERLY_INACTIVITY) ? ELDERLY : List.of(Routes.defaultStage(rule));
    }

    /** True when {@code rule} ends its alerts with RESOLVED (SPEC sections 6, 7 and 11). */
    public static boolean resolves(String rule) {
        return rule.equals(RuleNames.ELDERLY_INACTIVITY) || rule.equals(RuleNames.DEVICE_OFFLINE)
                || rule.equals(RuleNames.ROUTINE_DEVIATION);
    }
}

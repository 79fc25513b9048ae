package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.Stage;

/**
 * A policy's escalation stages as arrays, and its routine-deviation settings, shared by every
 * household on the policy so that a million households cost one plan, not a million lists.
 */
final class StagePlan {

    static final StagePlan NONE = new StagePlan(new Stage[0], new long[0], null);
    /** How far past L a routine NOTICE may fall when the policy has no escalation stage. */
    static final long DEFAULT_ROUTINE_HORIZON = 24 * 3_600_000L;

    final Stage[] stages;
    /** Silence in millis after which {@code stages[i]} is raised; strictly increasing. */
    final long[] after;

    /** routine-deviation's settings, or null when the policy does not learn the household's rhythm. */
    final Routine routine;
    /** Its alert line's margins, or null. */
    final RoutineProfile.Margin margin;
    /**
     * How far past L a routine NOTICE may fall: the first escalation stage's threshold (a NOTICE
     * at or after the WARNING tells nobody anything new), else 24 h.
     */
    final long routineHorizon;

    private StagePlan(Stage[] stages, long[] after, Routine routine) {
        this.stages = stages;
        this.after = after;
        this.routine = routine;
        this.margin = routine == null ? null : RoutineProfile.Margin.of(Millis.of(routine.marginMin()),
                routine.marginFraction(), Millis.of(routine.later()));
        this.routineHorizon = after.length > 0 ? after[0] : DEFAULT_ROUTINE_HORIZON;
    }

    static StagePlan of(Policy policy) {
        if (policy == null) {
            return NONE;
        }
        Inactivity inactivity = policy.inactivity();
        if (inactivity == null) {
            return policy.routine() == null ? NONE : new StagePlan(new Stage[0], new long[0], policy.routine());
        }
        List<Inactivity.StageThreshold> list = inactivity.stages();
        Stage[] stages = new Stage[list.size()];
        long[] after = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            stages[i] = list.get(i).stage();
            after[i] = Millis.of(list.get(i).after());
        }
        return new StagePlan(stages, after, policy.routine());
    }

    int size() {
        return stages.length;
    }

    /** A fresh profile for a household on this plan, or null when the plan has no routine. */
    RoutineProfile newProfile() {
        return routine == null ? null : new RoutineProfile(routine.learnDays());
    }
}

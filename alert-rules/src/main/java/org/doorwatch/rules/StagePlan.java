package org.doorwatch.rules;

import java.util.List;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Stage;

/**
 * A policy's escalation stages as arrays, shared by every household on the policy so that a
 * million households cost one plan, not a million lists.
 */
final class StagePlan {

    static final StagePlan NONE = new StagePlan(new Stage[0], new long[0]);

    final Stage[] stages;
    /** Silence in millis after which {@code stages[i]} is raised; strictly increasing. */
    final long[] after;

    private StagePlan(Stage[] stages, long[] after) {
        this.stages = stages;
        this.after = after;
    }

    static StagePlan of(Policy policy) {
        Inactivity inactivity = policy == null ? null : policy.inactivity();
        if (inactivity == null) {
            return NONE;
        }
        List<Inactivity.StageThreshold> list = inactivity.stages();
        Stage[] stages = new Stage[list.size()];
        long[] after = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            stages[i] = list.get(i).stage();
            after[i] = Millis.of(list.get(i).after());
        }
        return new StagePlan(stages, after);
    }

    int size() {
        return stages.length;
    }
}

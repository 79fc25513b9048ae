package org.doorwatch.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The silence thresholds of the elderly escalation (SPEC section 6): WARNING after
 * {@code warning}, CALL_BACK after {@code callBack}, VISIT after {@code visit}, all measured
 * from the last activity. A null threshold means the stage is not used. The ones given must be
 * positive and strictly increasing; the config validator reports it when they are not.
 */
public record Inactivity(Duration warning, Duration callBack, Duration visit) {

    public Inactivity {
        if (warning == null && callBack == null && visit == null) {
            throw new IllegalArgumentException("inactivity needs at least one threshold");
        }
        Duration previous = Duration.ZERO;
        for (Duration d : new Duration[] {warning, callBack, visit}) {
            if (d == null) {
                continue;
            }
            if (d.compareTo(previous) <= 0) {
                throw new IllegalArgumentException(
                        "inactivity thresholds must be positive and increasing, found " + d + " after " + previous);
            }
            previous = d;
        }
    }

    /** The stages in use, in escalation order, each with its threshold. */
    public List<StageThreshold> stages() {
        List<StageThreshold> out = new ArrayList<>(3);
        if (warning != null) out.add(new StageThreshold(Stage.WARNING, warning));
        if (callBack != null) out.add(new StageThreshold(Stage.CALL_BACK, callBack));
        if (visit != null) out.add(new StageThreshold(Stage.VISIT, visit));
        return out;
    }

    /** One escalation stage and the silence after which it is raised. */
    public record StageThreshold(Stage stage, Duration after) {
        public StageThreshold {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(after, "after");
        }
    }
}

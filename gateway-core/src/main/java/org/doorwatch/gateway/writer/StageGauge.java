package org.doorwatch.gateway.writer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.metrics.GatewayMetrics;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.HouseholdState;

/**
 * Keeps {@code doorwatch_households{stage}}: how many households are at each escalation stage
 * (NONE, WARNING, CALL_BACK, VISIT) or AWAY. The writer feeds it every committed household
 * state, so a scrape never touches the engine.
 */
public final class StageGauge {

    static final String NONE = "NONE";
    static final String AWAY = "AWAY";

    private final GatewayMetrics metrics;
    private final Map<String, List<Stage>> stagesOf = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();

    public StageGauge(EngineConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        for (String s : List.of(NONE, Stage.WARNING.name(), Stage.CALL_BACK.name(), Stage.VISIT.name(), AWAY)) {
            metrics.households(s);
        }
        plans(config);
    }

    /** A reloaded config: new policies, households gone (their states come through {@link #update}). */
    void reconfigure(EngineConfig config) {
        stagesOf.clear();
        plans(config);
        current.keySet().removeIf(h -> {
            if (stagesOf.containsKey(h)) {
                return false;
            }
            metrics.households(current.get(h)).decrementAndGet();
            return true;
        });
    }

    private void plans(EngineConfig config) {
        for (Household h : config.households()) {
            Policy p = h.policy() == null ? null : config.policies().get(h.policy());
            Inactivity in = p == null ? null : p.inactivity();
            stagesOf.put(h.id(), in == null ? List.of()
                    : in.stages().stream().map(Inactivity.StageThreshold::stage).toList());
        }
    }

    public void update(HouseholdState s) {
        String stage = stageOf(s);
        String old = current.put(s.household(), stage);
        if (stage.equals(old)) {
            return;
        }
        if (old != null) {
            metrics.households(old).decrementAndGet();
        }
        metrics.households(stage).incrementAndGet();
    }

    private String stageOf(HouseholdState s) {
        if (s.away()) {
            return AWAY;
        }
        List<Stage> stages = stagesOf.getOrDefault(s.household(), List.of());
        int raised = Math.min(s.stagesRaised(), stages.size());
        return raised == 0 ? NONE : stages.get(raised - 1).name();
    }
}

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
    /** Each configured household's stages (one list per policy, shared) and the stage it is counted at. */
    private Map<String, Counted> households = new HashMap<>();

    private static final class Counted {
        final List<Stage> stages;
        /** The label it is counted under, or null before its first state. */
        String current;

        Counted(List<Stage> stages) {
            this.stages = stages;
        }
    }

    public StageGauge(EngineConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        for (String s : List.of(NONE, Stage.WARNING.name(), Stage.CALL_BACK.name(), Stage.VISIT.name(), AWAY)) {
            metrics.households(s);
        }
        households = plans(config, Map.of());
    }

    /** A reloaded config: new policies, households gone (their states come through {@link #update}). */
    void reconfigure(EngineConfig config) {
        Map<String, Counted> before = households;
        households = plans(config, before);
        for (Map.Entry<String, Counted> e : before.entrySet()) {
            if (!households.containsKey(e.getKey()) && e.getValue().current != null) {
                metrics.households(e.getValue().current).decrementAndGet();
            }
        }
    }

    /** The households of {@code config}, each still counted where {@code before} counted it. */
    private static Map<String, Counted> plans(EngineConfig config, Map<String, Counted> before) {
        Map<String, List<Stage>> byPolicy = new HashMap<>();
        Map<String, Counted> out = new HashMap<>(config.households().size() * 4 / 3 + 1);
        for (Household h : config.households()) {
            List<Stage> stages = h.policy() == null ? List.of() : byPolicy.computeIfAbsent(h.policy(), name -> {
                Policy p = config.policies().get(name);
                Inactivity in = p == null ? null : p.inactivity();
                return in == null ? List.of() : in.stages().stream().map(Inactivity.StageThreshold::stage).toList();
            });
            Counted c = new Counted(stages);
            Counted old = before.get(h.id());
            c.current = old == null ? null : old.current;
            out.put(h.id(), c);
        }
        return out;
    }

    public void update(HouseholdState s) {
        Counted c = households.get(s.household());
        if (c == null) {
            return; // no longer configured (removed by a reload in the same batch): not counted
        }
        String stage = stageOf(s, c.stages);
        String old = c.current;
        c.current = stage;
        if (stage.equals(old)) {
            return;
        }
        if (old != null) {
            metrics.households(old).decrementAndGet();
        }
        metrics.households(stage).incrementAndGet();
    }

    private static String stageOf(HouseholdState s, List<Stage> stages) {
        if (s.away()) {
            return AWAY;
        }
        int raised = Math.min(s.stagesRaised(), stages.size());
        return raised == 0 ? NONE : stages.get(raised - 1).name();
    }
}

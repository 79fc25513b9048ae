package org.doorwatch.domain;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which channels each (rule, stage) alert goes to (SPEC sections 3 and 7); each rule's defaults
 * are in its definition ({@link DoorForcedDefinition}, ...).
 *
 * <p>Configured routes override the defaults stage by stage: configuring only
 * {@code elderly-inactivity.WARNING} keeps the default CALL_BACK and VISIT routes. RESOLVED
 * is not routed: it goes to every channel that got a stage of the episode it ends.
 */
public final class Routes {

    private static final Map<String, Map<Stage, List<String>>> DEFAULTS = defaults();

    private final Map<String, Map<Stage, List<String>>> routes;

    private Routes(Map<String, Map<Stage, List<String>>> routes) {
        this.routes = routes;
    }

    /** The defaults of SPEC sections 3 and 7. */
    public static Routes defaultRoutes() {
        return new Routes(DEFAULTS);
    }

    /** The defaults with {@code overrides} laid over them stage by stage. */
    public static Routes withOverrides(Map<String, Map<Stage, List<String>>> overrides) {
        Map<String, Map<Stage, List<String>>> merged = new LinkedHashMap<>();
        DEFAULTS.forEach((rule, stages) -> merged.put(rule, new EnumMap<>(stages)));
        overrides.forEach((rule, stages) -> {
            Map<Stage, List<String>> target = merged.computeIfAbsent(rule, r -> new EnumMap<>(Stage.class));
            stages.forEach((stage, channels) -> target.put(stage, List.copyOf(channels)));
        });
        Map<String, Map<Stage, List<String>>> frozen = new LinkedHashMap<>();
        merged.forEach((rule, stages) -> frozen.put(rule, Map.copyOf(stages)));
        return new Routes(Map.copyOf(frozen));
    }

    /** The channels for an alert of {@code rule} at {@code stage}; empty when unrouted. */
    public List<String> channels(String rule, Stage stage) {
        Map<Stage, List<String>> byStage = routes.get(rule);
        if (byStage == null) {
            return List.of();
        }
        return byStage.getOrDefault(stage, List.of());
    }

    /** The stage a security rule raises by default: ALARM, or NOTICE for police information. */
    public static Stage defaultStage(String rule) {
        RuleDefinition d = RuleDefinition.of(rule);
        return d != null && d.defaultRoutes().containsKey(Stage.NOTICE) ? Stage.NOTICE : Stage.ALARM;
    }

    /** Every routed (rule, stage) and its channels, for {@code check-config}'s routing table. */
    public Map<String, Map<Stage, List<String>>> table() {
        Map<String, Map<Stage, List<String>>> out = new LinkedHashMap<>();
        for (String rule : RuleNames.ALL) {
            if (routes.containsKey(rule)) {
                out.put(rule, new EnumMap<>(routes.get(rule)));
            }
        }
        routes.forEach((rule, stages) -> out.putIfAbsent(rule, new EnumMap<>(stages)));
        return out;
    }

    /** Each rule's default routes, from its definition. */
    private static Map<String, Map<Stage, List<String>>> defaults() {
        Map<String, Map<Stage, List<String>>> d = new LinkedHashMap<>();
        for (RuleDefinition rule : RuleDefinition.all()) {
            d.put(rule.name(), rule.defaultRoutes());
        }
        return Map.copyOf(d);
    }
}

package org.doorwatch.notify;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * The roles each (rule, stage) alert reaches, beside its channels (SPEC section 8). A route
 * entry that names a role ({@code neighbour-watcher}) stands for the people with that role who
 * look after the alert's household. {@code property}, {@code community} and {@code police} are
 * both channels and roles: naming one reaches the channel and, on the route's person channels,
 * the people of that role.
 *
 * <p>When {@code people:} exists, the elderly stages the config does not route add their
 * 三员 role: WARNING the neighbour watcher, CALL_BACK the corridor liaison, VISIT the safety
 * guardian; and routine deviation's gentler NOTICE goes to the neighbour watcher (SPEC 11), who
 * is the one to knock on the door first.
 */
public final class RoleRoutes {

    public static final RoleRoutes NONE = new RoleRoutes(Map.of());

    private final Map<String, Map<Stage, List<Role>>> routes;

    private RoleRoutes(Map<String, Map<Stage, List<Role>>> routes) {
        this.routes = routes;
    }

    /**
     * @param configured roles named in {@code routes:}, by rule and stage (a stage present with no
     *                   role means "routed, without people")
     * @param defaults   whether the default additions apply (the config has {@code people:})
     */
    public static RoleRoutes of(Map<String, Map<Stage, List<Role>>> configured, boolean defaults) {
        Map<String, Map<Stage, List<Role>>> out = new LinkedHashMap<>();
        if (defaults) {
            Map<Stage, List<Role>> elderly = new EnumMap<>(Stage.class);
            elderly.put(Stage.WARNING, List.of(Role.NEIGHBOUR_WATCHER));
            elderly.put(Stage.CALL_BACK, List.of(Role.CORRIDOR_LIAISON));
            elderly.put(Stage.VISIT, List.of(Role.SAFETY_GUARDIAN));
            out.put(RuleNames.ELDERLY_INACTIVITY, elderly);
            Map<Stage, List<Role>> routine = new EnumMap<>(Stage.class);
            routine.put(Stage.NOTICE, List.of(Role.NEIGHBOUR_WATCHER));
            out.put(RuleNames.ROUTINE_DEVIATION, routine);
        }
        configured.forEach((rule, stages) -> {
            Map<Stage, List<Role>> target = out.computeIfAbsent(rule, r -> new EnumMap<>(Stage.class));
            stages.forEach((stage, roles) -> target.put(stage, List.copyOf(roles)));
        });
        Map<String, Map<Stage, List<Role>>> frozen = new LinkedHashMap<>();
        out.forEach((rule, stages) -> frozen.put(rule, Map.copyOf(stages)));
        return new RoleRoutes(Map.copyOf(frozen));
    }

    /** The roles an alert of {@code rule} at {@code stage} reaches; empty when none. */
    public List<Role> roles(String rule, Stage stage) {
        Map<Stage, List<Role>> byStage = routes.get(rule);
        return byStage == null ? List.of() : byStage.getOrDefault(stage, List.of());
    }
}

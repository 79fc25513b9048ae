package org.doorwatch.domain;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the configuration and the alert texts know of one rule: its id, the channels each of its
 * stages goes to by default, and its default texts (keyed {@code <rule>.<suffix>}).
 *
 * <p>Each rule has one definition class holding its {@code NAME}, this {@code DEFINITION}, the
 * defaults of its {@link RuleSettings} parameters and the placeholders its texts may use
 * ({@link ElderlyInactivityDefinition}, {@link DoorForcedDefinition}, ...). {@link RuleNames},
 * {@link Routes#defaultRoutes()}, {@link MessageTemplates#defaults()} and
 * {@link RuleSettings#defaults()} are assembled from them; the rule's logic is its class in
 * {@code org.doorwatch.rules}.
 */
final class RuleDefinition {

    private final String name;
    private final Map<Stage, List<String>> defaultRoutes;
    private final Map<String, String> defaultTexts;

    private RuleDefinition(String name, Map<Stage, List<String>> defaultRoutes, Map<String, String> defaultTexts) {
        this.name = name;
        this.defaultRoutes = defaultRoutes;
        this.defaultTexts = defaultTexts;
    }

    /** A rule with no routes and no texts yet. */
    static RuleDefinition named(String name) {
        return new RuleDefinition(name, Map.of(), Map.of());
    }

    /** This definition with {@code stage} routed to {@code channels} by default. */
    RuleDefinition route(Stage stage, String... channels) {
        Map<Stage, List<String>> routes = new EnumMap<>(Stage.class);
        routes.putAll(defaultRoutes);
        routes.put(stage, List.of(channels));
        return new RuleDefinition(name, Map.copyOf(routes), defaultTexts);
    }

    /** This definition with the default text of key {@code <rule>.<suffix>}. */
    RuleDefinition text(String suffix, String template) {
        Map<String, String> texts = new HashMap<>(defaultTexts);
        texts.put(name + "." + suffix, template);
        return new RuleDefinition(name, defaultRoutes, Map.copyOf(texts));
    }

    /** The rule id as it appears in alerts, routes and config. */
    String name() {
        return name;
    }

    /** The channels of each routed stage when the config routes none (SPEC sections 3 and 7). */
    Map<Stage, List<String>> defaultRoutes() {
        return defaultRoutes;
    }

    /** The default (Chinese) text of each template key of the rule. */
    Map<String, String> defaultTexts() {
        return defaultTexts;
    }

    /** Every rule, in SPEC order (sections 6, 7 and 11). */
    static List<RuleDefinition> all() {
        return All.RULES;
    }

    /** The definition of {@code rule}, or null for an unknown rule id. */
    static RuleDefinition of(String rule) {
        for (RuleDefinition d : All.RULES) {
            if (rule.equals(d.name)) {
                return d;
            }
        }
        return null;
    }

    /** Initialized on first use, after the definitions it lists (they use {@link #named}). */
    private static final class All {
        static final List<RuleDefinition> RULES = List.of(
                ElderlyInactivityDefinition.DEFINITION,
                DoorForcedDefinition.DEFINITION,
                DoorHeldOpenDefinition.DEFINITION,
                TamperDefinition.DEFINITION,
                AccessDeniedBurstDefinition.DEFINITION,
                DeviceOfflineDefinition.DEFINITION,
                VisitorFrequencyDefinition.DEFINITION,
                TenantExpiredDefinition.DEFINITION,
                WatchWindowDefinition.DEFINITION,
                RoutineDeviationDefinition.DEFINITION);
    }

    @Override
    public String toString() {
        return "RuleDefinition[" + name + "]";
    }
}

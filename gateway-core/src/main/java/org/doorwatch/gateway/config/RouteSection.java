package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code routes:} rule, then stage, then the channels an alert goes to; each given stage
 * replaces its default (SPEC sections 3 and 7), the others keep theirs. RESOLVED is not
 * routed: it follows the stages of the episode it ends.
 */
final class RouteSection {

    private RouteSection() {}

    static Routes read(ConfigContext ctx, YamlMap routes, List<String> channels) {
        Map<String, Map<Stage, List<String>>> overrides = new LinkedHashMap<>();
        for (String rule : routes.keys()) {
            if (!RuleNames.ALL.contains(rule)) {
                ctx.at(routes.keyNode(rule), "routes: unknown rule '" + rule + "'"
                        + DidYouMean.hint(rule, RuleNames.ALL) + "; known: " + String.join(", ", RuleNames.ALL));
                continue;
            }
            List<Stage> stages = RouteStages.routable(rule);
            List<String> stageNames = stages.stream().map(Stage::name).toList();
            YamlMap byStage = routes.map(rule);
            Map<Stage, List<String>> routed = new EnumMap<>(Stage.class);
            for (String stageName : byStage.keys()) {
                Stage stage = stageNames.contains(stageName) ? Stage.valueOf(stageName) : null;
                if (stage == null) {
                    String why = stageName.equals(Stage.RESOLVED.name())
                            ? "RESOLVED is not routed: it goes to every channel that got a stage of the episode it ends"
                            : "unknown stage '" + stageName + "' for " + rule + DidYouMean.hint(stageName, stageNames)
                                    + "; expected " + String.join(", ", stageNames);
                    ctx.at(byStage.keyNode(stageName), byStage.child(stageName) + ": " + why);
                    continue;
                }
                List<String> list = new ArrayList<>();
                List<Node> items = byStage.items(stageName);
                List<String> names = byStage.strings(stageName);
                for (int i = 0; i < names.size(); i++) {
                    String channel = names.get(i);
                    if (!channels.contains(channel)) {
                        Node at = i < items.size() ? items.get(i) : byStage.value(stageName);
                        ctx.at(at, byStage.child(stageName) + ": unknown channel '" + channel + "'"
                                + DidYouMean.hint(channel, channels) + "; known: " + String.join(", ", channels));
                    } else if (!list.contains(channel)) {
                        list.add(channel);
                    }
                }
                if (names.isEmpty()) {
                    ctx.at(byStage.value(stageName) != null ? byStage.value(stageName) : byStage.keyNode(stageName),
                            byStage.child(stageName) + ": no channels; an alert routed nowhere is lost. Expected a list such as [property]"
                                    + (rule.equals(RuleNames.ELDERLY_INACTIVITY) ? " (to drop a stage, leave it out of the policy)"
                                    : " (to switch the rule off: rules." + rule + ".enabled: false)"));
                }
                routed.put(stage, list);
            }
            overrides.put(rule, routed);
        }
        return Routes.withOverrides(overrides);
    }
}

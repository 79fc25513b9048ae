package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;
import org.doorwatch.notify.ChannelKind;
import org.doorwatch.notify.Role;
import org.doorwatch.notify.RoleRoutes;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code routes:} rule, then stage, then the channels and roles an alert goes to; each given
 * stage replaces its default (SPEC sections 3, 7 and 8), the others keep theirs. RESOLVED is not
 * routed: it follows the stages of the episode it ends.
 *
 * <p>An entry is a channel id, a role ({@code neighbour-watcher} ...: the people with that role
 * who look after the household), or both ({@code property}, {@code community}, {@code police}).
 * Roles need {@code people:}.
 */
final class RouteSection {

    /** The channel routes the engine uses, and the roles beside them. */
    record Result(Routes routes, RoleRoutes roles) {}

    private RouteSection() {}

    static Result read(ConfigContext ctx, YamlMap routes, List<GatewayConfig.ChannelConfig> channelConfigs, boolean people) {
        List<String> channels = channelConfigs.stream().map(GatewayConfig.ChannelConfig::id).toList();
        boolean siteHasSms = channelConfigs.stream().anyMatch(c -> c.kind() == ChannelKind.SMS);
        List<String> known = new java.util.ArrayList<>(channels);
        Role.IDS.forEach(r -> {
            if (!known.contains(r)) known.add(r);
        });
        Map<String, Map<Stage, List<Role>>> roleRoutes = new LinkedHashMap<>();
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
                List<Role> roles = new ArrayList<>();
                List<Node> items = byStage.items(stageName);
                List<String> names = byStage.strings(stageName);
                for (int i = 0; i < names.size(); i++) {
                    String channel = names.get(i);
                    Node at = i < items.size() ? items.get(i) : byStage.value(stageName);
                    Role role = Role.of(channel);
                    if (!channels.contains(channel) && role == null) {
                        ctx.at(at, byStage.child(stageName) + ": unknown channel or role '" + channel + "'"
                                + DidYouMean.hint(channel, known) + "; channels: " + String.join(", ", channels)
                                + "; roles: " + String.join(", ", Role.IDS));
                        continue;
                    }
                    if (channels.contains(channel) && !list.contains(channel)) {
                        list.add(channel);
                    }
                    if (role != null && !roles.contains(role)) {
                        if (!people && !channels.contains(channel)) {
                            ctx.at(at, byStage.child(stageName) + ": role '" + channel
                                    + "' stands for people, and the config has no people:; add them or remove the role");
                            continue;
                        }
                        roles.add(role);
                    }
                }
                if (list.isEmpty() && !roles.isEmpty() && !names.isEmpty()) {
                    boolean volunteers = roles.stream().anyMatch(Role::volunteer);
                    if (!(volunteers && siteHasSms)) {
                        ctx.at(byStage.value(stageName), byStage.child(stageName)
                                + ": only roles and no channel, and no sms channel reaches them; add a channel such as [property] or an sms channel");
                    }
                }
                roleRoutes.computeIfAbsent(rule, r -> new LinkedHashMap<>()).put(stage, roles);
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
        return new Result(Routes.withOverrides(overrides), RoleRoutes.of(roleRoutes, people));
    }
}

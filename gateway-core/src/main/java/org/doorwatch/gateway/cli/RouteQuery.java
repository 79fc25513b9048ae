package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.RouteStages;

/**
 * {@code check-config --route RULE/STAGE [household=ID]}: the channels an alert would reach,
 * as {@code amtool config routes test} answers for Alertmanager. Mistakes in the question
 * (unknown rule, stage or household) exit 2 with a message; a question whose alert would
 * never be raised (rule disabled, household without that policy stage or tag) is answered with
 * the route and a note saying why it would not fire.
 */
final class RouteQuery {

    private RouteQuery() {}

    static int run(GatewayConfig c, String route, List<String> rest, PrintStream out, PrintStream err) {
        return run(c, route, rest, false, out, err);
    }

    /**
     * @param personal show people's names and phones in full (the installer checking the config
     *                 they hold, which has them anyway); by default they are masked as the staff API
     *                 masks them for roles that may not see them ({@code 王*}, {@code 138****0001})
     */
    static int run(GatewayConfig c, String route, List<String> rest, boolean personal, PrintStream out, PrintStream err) {
        int slash = route.indexOf('/');
        if (slash <= 0 || slash == route.length() - 1 || route.indexOf('/', slash + 1) >= 0) {
            err.println("--route: expected RULE/STAGE such as elderly-inactivity/CALL_BACK, found '" + route + "'");
            return ExitCodes.BAD_INPUT;
        }
        String rule = route.substring(0, slash);
        String stageName = route.substring(slash + 1);
        if (!RuleNames.ALL.contains(rule)) {
            err.println("--route: unknown rule '" + rule + "'" + hint(rule, RuleNames.ALL) + "; known: " + String.join(", ", RuleNames.ALL));
            return ExitCodes.BAD_INPUT;
        }
        List<String> stages = new ArrayList<>(RouteStages.routable(rule).stream().map(Stage::name).toList());
        if (RouteStages.resolves(rule)) {
            stages.add(Stage.RESOLVED.name());
        }
        if (!stages.contains(stageName)) {
            err.println("--route: " + rule + " raises no stage '" + stageName + "'" + hint(stageName, stages)
                    + "; expected " + String.join(", ", stages));
            return ExitCodes.BAD_INPUT;
        }
        Stage stage = Stage.valueOf(stageName);
        Household household = null;
        java.time.Instant at = null;
        for (String arg : rest) {
            if (arg.startsWith("at=") && at == null) {
                try {
                    at = java.time.LocalDateTime.parse(arg.substring(3)).atZone(c.zone()).toInstant();
                } catch (java.time.format.DateTimeParseException e) {
                    err.println("--route: '" + arg + "' is not a local time; expected at=YYYY-MM-DDTHH:MM such as at=2026-11-23T02:00");
                    return ExitCodes.BAD_INPUT;
                }
                continue;
            }
            if (!arg.startsWith("household=") || household != null) {
                err.println("--route: unexpected '" + arg + "'; expected household=ID after RULE/STAGE");
                return ExitCodes.BAD_INPUT;
            }
            String id = arg.substring("household=".length());
            household = c.engine().households().stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
            if (household == null) {
                List<String> ids = c.engine().households().stream().map(Household::id).toList();
                err.println("--route: unknown household '" + id + "'" + hint(id, ids));
                return ExitCodes.BAD_INPUT;
            }
        }

        List<String> channels;
        List<String> notes = new ArrayList<>();
        if (stage == Stage.RESOLVED) {
            channels = resolvedChannels(c, rule, household);
            notes.add("RESOLVED is not routed: it goes to the channels that got a stage of the episode it ends; listed: all it can reach");
        } else {
            channels = c.engine().routes().channels(rule, stage);
        }
        notes.addAll(whyItWouldNotFire(c, rule, stage, household));

        out.println(route + (household == null ? "" : " household=" + household.id()) + " -> "
                + (channels.isEmpty() ? "(no channel)" : String.join(", ", channels)));
        for (String id : channels) {
            GatewayConfig.ChannelConfig ch = c.channel(id);
            out.printf("  %-12s %s%n", id, ch == null ? "" : ConfigSummary.destinations(c, ch));
        }
        List<org.doorwatch.notify.Role> roles = stage == Stage.RESOLVED ? List.of() : c.people().roles().roles(rule, stage);
        if (!roles.isEmpty() && !c.people().people().isEmpty()) {
            out.println("  roles: " + String.join(", ", roles.stream().map(r -> r.id() + " (" + r.label() + ")").toList()));
            if (household != null) {
                printPeople(c, rule, stage, household, channels, roles, at == null ? java.time.Instant.now() : at, personal, out);
            } else {
                notes.add("add household=ID (and at=YYYY-MM-DDTHH:MM) to see the people it would reach");
            }
        }
        notes.forEach(n -> out.println("note: " + n));
        return ExitCodes.OK;
    }

    private static void printPeople(GatewayConfig c, String rule, Stage stage, Household h, List<String> channels,
                                    List<org.doorwatch.notify.Role> roles, java.time.Instant at, boolean personal, PrintStream out) {
        org.doorwatch.notify.Plan plan = c.recipients().plan(h.id(), stage, channels, roles, at);
        java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(c.zone());
        out.println("people reached for an alert raised " + local.format(at) + (personal ? ":" : " (names and phones masked; --personal shows them):"));
        boolean any = false;
        for (org.doorwatch.notify.Notice n : plan.notices()) {
            for (org.doorwatch.notify.Notice.Reach r : n.people()) {
                any = true;
                var p = r.person();
                out.printf("  %-14s %-6s %-13s as %-18s on %-16s %s%n", p.id(), personal ? p.name() : p.maskedName(),
                        personal ? p.phone() : p.maskedPhone(), r.role().id(), n.channel() + " (" + n.kind().name().toLowerCase() + ")",
                        n.at().equals(at) ? "at once" : "at " + local.format(n.at()) + (stage == Stage.WARNING || stage == Stage.NOTICE
                                ? " (quiet hours or duty)" : " (first on duty)"));
            }
        }
        if (!any) {
            out.println("  (nobody)");
        }
        for (org.doorwatch.notify.Plan.Skipped s : plan.skipped()) {
            out.println("  not reached: " + (s.person() == null ? "" : s.person().id() + " ") + "as " + s.role().id() + ": " + s.reason());
        }
    }

    private static List<String> resolvedChannels(GatewayConfig c, String rule, Household household) {
        List<Stage> stages = RouteStages.routable(rule);
        if (household != null && rule.equals(RuleNames.ELDERLY_INACTIVITY)) {
            Policy p = household.policy() == null ? null : c.engine().policies().get(household.policy());
            if (p != null && p.inactivity() != null) {
                stages = p.inactivity().stages().stream().map(s -> s.stage()).toList();
            }
        }
        List<String> union = new ArrayList<>();
        for (String ch : c.engine().channels()) {
            for (Stage s : stages) {
                if (c.engine().routes().channels(rule, s).contains(ch) && !union.contains(ch)) {
                    union.add(ch);
                }
            }
        }
        return union;
    }

    private static List<String> whyItWouldNotFire(GatewayConfig c, String rule, Stage stage, Household h) {
        List<String> notes = new ArrayList<>();
        if (!c.engine().rules().enabled(rule)) {
            notes.add("rule " + rule + " is disabled (rules." + rule + ".enabled: false): it raises nothing");
        }
        if (h == null) {
            return notes;
        }
        switch (rule) {
            case RuleNames.ELDERLY_INACTIVITY -> {
                Policy p = h.policy() == null ? null : c.engine().policies().get(h.policy());
                if (p == null || p.inactivity() == null) {
                    notes.add("household " + h.id() + (h.policy() == null ? " has no policy" : "'s policy " + h.policy()
                            + " has no inactivity watch") + ": elderly-inactivity alerts are never raised for it");
                } else if (stage != Stage.RESOLVED && p.inactivity().stages().stream().noneMatch(s -> s.stage() == stage)) {
                    notes.add("policy " + p.name() + " has no " + stage + " stage: this alert is never raised for household " + h.id());
                }
            }
            case RuleNames.ROUTINE_DEVIATION -> {
                Policy p = h.policy() == null ? null : c.engine().policies().get(h.policy());
                if (p == null || p.routine() == null) {
                    notes.add("household " + h.id() + (h.policy() == null ? " has no policy" : "'s policy " + h.policy()
                            + " has no routine") + ": routine-deviation does not learn its rhythm");
                }
            }
            case RuleNames.VISITOR_FREQUENCY -> {
                if (!h.hasTag("rental")) {
                    notes.add("household " + h.id() + " is not tagged rental: visitor-frequency does not watch it");
                }
            }
            case RuleNames.WATCH_WINDOW -> {
                if (!h.hasTag("watch")) {
                    notes.add("household " + h.id() + " is not tagged watch: watch-window does not watch it");
                }
            }
            case RuleNames.TENANT_EXPIRED -> {
                if (c.engine().tenancies().stream().noneMatch(t -> t.household().equals(h.id()))) {
                    notes.add("household " + h.id() + " has no tenancies: tenant-expired has nothing to check");
                }
            }
            default -> { }
        }
        return notes;
    }

    private static String hint(String word, List<String> candidates) {
        return org.doorwatch.gateway.config.Suggest.hint(word, candidates);
    }
}

package org.doorwatch.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;

/**
 * {@code policies:} named watch policies. Today a policy holds the elderly escalation's
 * thresholds, {@code inactivity: { warning, callBack, visit }}; each given one must be longer
 * than the one before.
 */
final class PolicySection {

    private static final List<String> STAGES = List.of("warning", "callBack", "visit");

    private PolicySection() {}

    static Map<String, Policy> read(ConfigContext ctx, YamlMap policies) {
        Map<String, Policy> out = new LinkedHashMap<>();
        for (String name : policies.keys()) {
            if (!ConfigLoader.NAME.matcher(name).matches()) {
                ctx.at(policies.keyNode(name), "policies: '" + name + "' is not a valid policy name; expected letters, digits, '-', '_' or '.'");
                continue;
            }
            YamlMap p = policies.map(name);
            p.rejectUnknown(Set.of("inactivity"));
            Inactivity inactivity = null;
            if (p.has("inactivity")) {
                YamlMap in = p.map("inactivity");
                in.rejectUnknown(STAGES);
                inactivity = inactivity(ctx, in, in.duration("warning", null), in.duration("callBack", null), in.duration("visit", null));
            }
            out.put(name, new Policy(name, inactivity));
        }
        return out;
    }

    private static Inactivity inactivity(ConfigContext ctx, YamlMap in, Duration warning, Duration callBack, Duration visit) {
        if (warning == null && callBack == null && visit == null) {
            if (in.keys().isEmpty()) {
                ctx.at(in.node(), in.path() + ": expected at least one of warning, callBack, visit");
            }
            return null;
        }
        Duration previous = null;
        String previousKey = null;
        Duration[] given = {warning, callBack, visit};
        for (int i = 0; i < STAGES.size(); i++) {
            Duration d = given[i];
            if (d == null) {
                continue;
            }
            String key = STAGES.get(i);
            if (previous != null && d.compareTo(previous) <= 0) {
                ctx.at(in.value(key), in.child(key) + ": " + Durations.format(d) + " must be longer than "
                        + previousKey + " (" + Durations.format(previous) + "); stages escalate in order");
                return null;
            }
            previous = d;
            previousKey = key;
        }
        return new Inactivity(warning, callBack, visit);
    }
}

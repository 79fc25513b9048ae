package org.doorwatch.gateway.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;

/**
 * {@code rules:} the parameters of the security and police rules (SPEC section 7), defaults as
 * in {@link RuleSettings#defaults()}; every rule also takes {@code enabled: false}. The elderly
 * escalation is configured per policy, not here; so is routine deviation, which takes only
 * {@code enabled} here.
 */
final class RuleSection {

    /** The keys each rule takes besides {@code enabled}. */
    static final Map<String, List<String>> PARAMETERS = parameters();

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");

    private RuleSection() {}

    static RuleSettings read(ConfigContext ctx, YamlMap rules) {
        RuleSettings d = RuleSettings.defaults();
        Set<String> disabled = new HashSet<>();
        Duration heldOpenAfter = d.heldOpenAfter();
        int deniedCount = d.deniedBurstCount();
        Duration deniedWindow = d.deniedBurstWindow();
        Duration offlineAfter = d.offlineAfter();
        int visitorCount = d.visitorCount();
        Duration visitorWindow = d.visitorWindow();
        LocalTime from = d.watchFrom();
        LocalTime to = d.watchTo();
        for (String rule : rules.keys()) {
            List<String> params = PARAMETERS.get(rule);
            if (params == null) {
                String why = rule.equals(RuleNames.ELDERLY_INACTIVITY)
                        ? "; its thresholds are set per policy (policies.<name>.inactivity)"
                        : DidYouMean.hint(rule, PARAMETERS.keySet()) + "; known: " + String.join(", ", PARAMETERS.keySet());
                ctx.at(rules.keyNode(rule), "rules: unknown rule '" + rule + "'" + why);
                continue;
            }
            YamlMap r = rules.map(rule);
            List<String> allowed = new java.util.ArrayList<>(params);
            allowed.add("enabled");
            r.rejectUnknown(allowed);
            if (!r.bool("enabled", Boolean.TRUE)) {
                disabled.add(rule);
            }
            switch (rule) {
                case RuleNames.DOOR_HELD_OPEN -> heldOpenAfter = r.duration("heldOpenAfter", heldOpenAfter);
                case RuleNames.ACCESS_DENIED_BURST -> {
                    deniedCount = r.integer("count", deniedCount, 1, 1_000_000);
                    deniedWindow = r.duration("window", deniedWindow);
                }
                case RuleNames.DEVICE_OFFLINE -> offlineAfter = r.duration("offlineAfter", offlineAfter);
                case RuleNames.VISITOR_FREQUENCY -> {
                    visitorCount = r.integer("count", visitorCount, 1, 1_000_000);
                    visitorWindow = r.duration("window", visitorWindow);
                }
                case RuleNames.WATCH_WINDOW -> {
                    from = localTime(ctx, r, "from", from);
                    to = localTime(ctx, r, "to", to);
                    if (from.equals(to) && (r.has("from") || r.has("to"))) {
                        ctx.at(r.value(r.has("to") ? "to" : "from"), r.path()
                                + ": from and to are both " + from + "; expected a window, e.g. from: \"23:00\", to: \"05:00\"");
                    }
                }
                default -> { }
            }
        }
        return new RuleSettings(disabled, heldOpenAfter, deniedCount, deniedWindow, offlineAfter,
                visitorCount, visitorWindow, from, to);
    }

    private static LocalTime localTime(ConfigContext ctx, YamlMap r, String key, LocalTime def) {
        String s = r.string(key);
        if (s == null) {
            return def;
        }
        try {
            return LocalTime.parse(s.trim(), HH_MM);
        } catch (DateTimeParseException e) {
            ctx.at(r.value(key), r.child(key) + ": '" + s + "' is not a time of day; expected HH:mm in the site's time zone, e.g. \"23:00\"");
            return def;
        }
    }

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put(RuleNames.DOOR_FORCED, List.of());
        p.put(RuleNames.DOOR_HELD_OPEN, List.of("heldOpenAfter"));
        p.put(RuleNames.TAMPER, List.of());
        p.put(RuleNames.ACCESS_DENIED_BURST, List.of("count", "window"));
        p.put(RuleNames.DEVICE_OFFLINE, List.of("offlineAfter"));
        p.put(RuleNames.VISITOR_FREQUENCY, List.of("count", "window"));
        p.put(RuleNames.TENANT_EXPIRED, List.of());
        p.put(RuleNames.WATCH_WINDOW, List.of("from", "to"));
        // Its settings are per policy (policies.<name>.routine); here it can only be switched off.
        p.put(RuleNames.ROUTINE_DEVIATION, List.of());
        return java.util.Collections.unmodifiableMap(p);
    }
}

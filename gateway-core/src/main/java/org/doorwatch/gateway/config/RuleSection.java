package org.doorwatch.gateway.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.doorwatch.domain.DeviceKinds;
import org.doorwatch.domain.DeviceRuleOverrides;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;

/**
 * {@code rules:} the parameters of the security and police rules (SPEC section 7), defaults as
 * in {@link RuleSettings#defaults()}; every rule also takes {@code enabled: false}. The elderly
 * escalation is configured per policy, not here; so is routine deviation, which takes only
 * {@code enabled} here.
 *
 * <p>The device rules (door-forced, door-held-open, tamper, access-denied-burst,
 * device-offline) also take {@code kinds: { <kind>: {...} }} and {@code devices: { <id>: {...}
 * }} with the same keys as the rule (and {@code enabled}); a value written at rule level applies
 * to every device without a more specific one, and wins over the values built in for a kind
 * ({@code org.doorwatch.domain.DeviceKinds}). device-offline's flapping and grouping keys are
 * rule-level only.
 *
 * <pre>
 * rules:
 *   door-held-open:
 *     kinds: { door-contact: { heldOpenAfter: 30m }, gate: { heldOpenAfter: 60s } }
 *     devices: { door-3-2-501: { enabled: false } }
 *   device-offline: { offlineAfter: 15m, kinds: { door-contact: { offlineAfter: 4h } }, groupMin: 3 }
 * </pre>
 */
final class RuleSection {

    /** The keys each rule takes besides {@code enabled} (and, for device rules, {@code kinds} and {@code devices}). */
    static final Map<String, List<String>> PARAMETERS = parameters();

    /** The keys a device rule takes per kind and per device besides {@code enabled}. */
    static final Map<String, List<String>> DEVICE_PARAMETERS = deviceParameters();

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("H:mm");

    private RuleSection() {}

    static RuleSettings read(ConfigContext ctx, YamlMap rules, List<GatewayConfig.DeviceConfig> devices) {
        RuleSettings d = RuleSettings.defaults();
        Set<String> disabled = new HashSet<>();
        DeviceRuleOverrides site = DeviceRuleOverrides.NONE;
        Map<String, DeviceRuleOverrides> kinds = new LinkedHashMap<>();
        Map<String, DeviceRuleOverrides> byDevice = new LinkedHashMap<>();
        int visitorCount = d.visitorCount();
        Duration visitorWindow = d.visitorWindow();
        LocalTime from = d.watchFrom();
        LocalTime to = d.watchTo();
        Duration flapWindow = d.flapWindow();
        Duration stableFor = d.stableFor();
        int groupMin = d.groupMin();
        Duration groupWindow = d.groupWindow();
        Set<String> kindNames = new TreeSet<>(DeviceKinds.KNOWN);
        Set<String> deviceIds = new HashSet<>();
        devices.forEach(dev -> {
            kindNames.add(dev.kind());
            deviceIds.add(dev.id());
        });
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
            boolean deviceRule = DEVICE_PARAMETERS.containsKey(rule);
            List<String> allowed = new ArrayList<>(params);
            allowed.add("enabled");
            for (String scope : List.of("kinds", "devices")) {
                if (deviceRule) {
                    allowed.add(scope);
                } else if (r.has(scope)) {
                    ctx.at(r.keyNode(scope), r.child(scope) + ": " + rule + " is counted per household; settings per kind "
                            + "or per device are for the device rules: " + String.join(", ", DEVICE_PARAMETERS.keySet()));
                    allowed.add(scope);
                }
            }
            r.rejectUnknown(allowed);
            boolean on = r.bool("enabled", Boolean.TRUE);
            if (!on) {
                disabled.add(rule);
            }
            switch (rule) {
                case RuleNames.DOOR_HELD_OPEN -> site = site.withHeldOpenAfter(r.duration("heldOpenAfter", null));
                case RuleNames.ACCESS_DENIED_BURST -> site = site.withDeniedBurst(
                        r.integer("count", null, 1, 1_000_000), r.duration("window", null));
                case RuleNames.DEVICE_OFFLINE -> {
                    site = site.withOfflineAfter(r.duration("offlineAfter", null));
                    flapWindow = durationOrZero(ctx, r, "flapWindow", flapWindow, "0s switches flapping off");
                    stableFor = r.duration("stableFor", stableFor);
                    groupMin = groupMin(ctx, r, groupMin);
                    groupWindow = r.duration("groupWindow", groupWindow);
                }
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
            if (deviceRule) {
                scoped(ctx, r, rule, on, "kinds", kindNames, kinds,
                        (name) -> "no device has kind '" + name + "'" + DidYouMean.hint(name, kindNames)
                                + "; kinds: " + String.join(", ", kindNames));
                scoped(ctx, r, rule, on, "devices", deviceIds, byDevice,
                        (name) -> "unknown device '" + name + "'" + DidYouMean.hint(name, deviceIds));
            }
        }
        return RuleSettings.of(disabled, site, visitorCount, visitorWindow, from, to, kinds, byDevice,
                flapWindow, stableFor, groupMin, groupWindow);
    }

    /**
     * Reads {@code rules.<rule>.kinds} or {@code .devices}: per name, the rule's device keys and
     * {@code enabled}, merged into {@code into} (one layer per name across the rules).
     */
    private static void scoped(ConfigContext ctx, YamlMap r, String rule, boolean ruleOn, String scope, Set<String> known,
                               Map<String, DeviceRuleOverrides> into, java.util.function.Function<String, String> unknown) {
        YamlMap entries = r.map(scope);
        List<String> allowed = new ArrayList<>(DEVICE_PARAMETERS.get(rule));
        allowed.add("enabled");
        for (String name : entries.keys()) {
            YamlMap e = entries.map(name);
            if (!known.contains(name)) {
                ctx.at(entries.keyNode(name), entries.child(name) + ": " + unknown.apply(name));
                continue;
            }
            e.rejectUnknown(allowed);
            DeviceRuleOverrides layer = into.getOrDefault(name, DeviceRuleOverrides.NONE);
            Boolean enabled = e.bool("enabled", null);
            if (enabled != null) {
                if (enabled && !ruleOn) {
                    ctx.at(e.value("enabled"), e.child("enabled") + ": true cannot switch " + rule + " back on: it is off for "
                            + "the whole site (rules." + rule + ".enabled: false); remove one of the two");
                } else {
                    layer = layer.withEnabled(rule, enabled);
                }
            }
            switch (rule) {
                case RuleNames.DOOR_HELD_OPEN -> layer = layer.withHeldOpenAfter(e.duration("heldOpenAfter", layer.heldOpenAfter()));
                case RuleNames.ACCESS_DENIED_BURST -> layer = layer.withDeniedBurst(
                        e.integer("count", layer.deniedBurstCount(), 1, 1_000_000), e.duration("window", layer.deniedBurstWindow()));
                case RuleNames.DEVICE_OFFLINE -> layer = layer.withOfflineAfter(e.duration("offlineAfter", layer.offlineAfter()));
                default -> { }
            }
            into.put(name, layer);
        }
    }

    private static Duration durationOrZero(ConfigContext ctx, YamlMap r, String key, Duration def, String zero) {
        String s = r.string(key);
        if (s == null) {
            return def;
        }
        Duration d = Durations.parse(s);
        if (d == null) {
            ctx.at(r.value(key), r.child(key) + ": bad duration '" + s + "'; expected " + Durations.EXPECTED + "; " + zero);
            return def;
        }
        return d;
    }

    private static int groupMin(ConfigContext ctx, YamlMap r, int def) {
        Integer n = r.integer("groupMin", def, 0, 1_000_000);
        if (n != null && n == 1) {
            ctx.at(r.value("groupMin"), r.child("groupMin") + ": 1 would make every silent device a group of its own; "
                    + "expected 0 (no grouping) or at least 2");
            return def;
        }
        return n == null ? def : n;
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
        p.put(RuleNames.DEVICE_OFFLINE, List.of("offlineAfter", "flapWindow", "stableFor", "groupMin", "groupWindow"));
        p.put(RuleNames.VISITOR_FREQUENCY, List.of("count", "window"));
        p.put(RuleNames.TENANT_EXPIRED, List.of());
        p.put(RuleNames.WATCH_WINDOW, List.of("from", "to"));
        // Its settings are per policy (policies.<name>.routine); here it can only be switched off.
        p.put(RuleNames.ROUTINE_DEVIATION, List.of());
        return java.util.Collections.unmodifiableMap(p);
    }

    private static Map<String, List<String>> deviceParameters() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put(RuleNames.DOOR_FORCED, List.of());
        p.put(RuleNames.DOOR_HELD_OPEN, List.of("heldOpenAfter"));
        p.put(RuleNames.TAMPER, List.of());
        p.put(RuleNames.ACCESS_DENIED_BURST, List.of("count", "window"));
        p.put(RuleNames.DEVICE_OFFLINE, List.of("offlineAfter"));
        return java.util.Collections.unmodifiableMap(p);
    }

}

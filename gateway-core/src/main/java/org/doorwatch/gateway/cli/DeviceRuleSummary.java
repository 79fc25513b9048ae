package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleOverrides;
import org.doorwatch.domain.DeviceRuleSettings;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.gateway.config.Durations;

/**
 * The part of {@code check-config}'s summary that says what the device rules do to each kind
 * of device: the values in force (the config's, per kind and rule-level, else those built in
 * for the kind, else the rule's default), the devices with settings of their own, and
 * device-offline's flapping and grouping. A door contact with a household (a flat's) and one
 * without (a shared door) are shown apart when they differ.
 */
final class DeviceRuleSummary {

    private DeviceRuleSummary() {}

    static void print(RuleSettings rules, List<Device> devices, PrintStream out) {
        Map<String, DeviceRuleSettings> byClass = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<String> own = new ArrayList<>();
        for (Device d : devices) {
            if (rules.devices().containsKey(d.id())) {
                own.add(d.id());
            }
            Device plain = new Device("", d.kind(), d.household());
            String cls = d.kind() + ("door-contact".equals(d.kind()) ? d.household() != null ? " (flat)" : " (shared)" : "");
            byClass.putIfAbsent(cls, rules.forDevice(plain));
            counts.merge(cls, 1, Integer::sum);
        }
        if (!byClass.isEmpty()) {
            out.println("device rules by kind (in force: the config's values, else those built in for the kind, else the rule's):");
            out.println(String.format("  %-22s %7s  %-16s %-20s %-16s %s", "kind", "devices", "door-held-open",
                    "access-denied-burst", "device-offline", "also off").stripTrailing());
            byClass.forEach((cls, r) -> out.println(String.format("  %-22s %7d  %-16s %-20s %-16s %s", cls, counts.get(cls),
                    r.heldOpen() ? "after " + Durations.format(r.heldOpenAfter()) : "off",
                    r.deniedBurst() ? r.deniedBurstCount() + " in " + Durations.format(r.deniedBurstWindow()) : "off",
                    r.offline() ? "after " + Durations.format(r.offlineAfter()) : "off",
                    off(r)).stripTrailing()));
        }
        if (!own.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (String id : own.subList(0, Math.min(10, own.size()))) {
                shown.add(id + " (" + describe(rules.devices().get(id)) + ")");
            }
            out.println("  with settings of their own: " + String.join(", ", shown)
                    + (own.size() > shown.size() ? " and " + (own.size() - shown.size()) + " more" : ""));
        }
        if (rules.enabled(RuleNames.DEVICE_OFFLINE)) {
            out.println("device-offline: "
                    + (rules.flapping() ? "flapping when silent again within " + Durations.format(rules.flapWindow())
                    + " of coming back, resolved after " + Durations.format(rules.stableFor()) + " stable" : "no flapping rule")
                    + "; " + (rules.grouping() ? "one alarm for " + rules.groupMin() + "+ devices of a port, building or the site "
                    + "silent within " + Durations.format(rules.groupWindow()) : "no grouping"));
        }
    }

    /** The device rules with nothing to set switched off for a class, and those off for the site. */
    private static String off(DeviceRuleSettings r) {
        List<String> off = new ArrayList<>();
        if (!r.doorForced()) off.add(RuleNames.DOOR_FORCED);
        if (!r.tamper()) off.add(RuleNames.TAMPER);
        return off.isEmpty() ? "" : String.join(", ", off);
    }

    private static String describe(DeviceRuleOverrides o) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String rule : DeviceRuleOverrides.RULES) {
            Boolean on = o.enabled(rule);
            if (on != null) {
                parts.put(rule, on ? "on" : "off");
            }
        }
        if (o.heldOpenAfter() != null) parts.put(RuleNames.DOOR_HELD_OPEN, "after " + Durations.format(o.heldOpenAfter()));
        if (o.deniedBurstCount() != null || o.deniedBurstWindow() != null) {
            parts.put(RuleNames.ACCESS_DENIED_BURST, (o.deniedBurstCount() == null ? "" : o.deniedBurstCount() + " ")
                    + (o.deniedBurstWindow() == null ? "" : "in " + Durations.format(o.deniedBurstWindow())));
        }
        if (o.offlineAfter() != null) parts.put(RuleNames.DEVICE_OFFLINE, "after " + Durations.format(o.offlineAfter()));
        List<String> out = new ArrayList<>();
        parts.forEach((rule, v) -> out.add(rule + " " + v.trim()));
        return String.join(", ", out);
    }
}

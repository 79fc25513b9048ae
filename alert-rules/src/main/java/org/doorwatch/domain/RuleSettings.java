package org.doorwatch.domain;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the security and police rules (SPEC section 7). Each parameter's default is in
 * its rule's definition ({@link DoorHeldOpenDefinition}, ...); {@link #defaults()}
 * gathers them.
 *
 * <p>The device rules (door-forced, door-held-open, tamper, access-denied-burst,
 * device-offline) may be set per device kind and per device; {@link #forDevice} says what is in
 * force for one device. From the most specific down, the first layer that gives a value wins:
 * the device's own ({@link #devices()}), its kind's ({@link #kinds()}), the rule-level values the
 * config wrote ({@link #site()}), the built-in values for its kind ({@link DeviceKinds}), the
 * rule's default. A rule in {@link #disabled()} is off for every device.
 *
 * @param disabled            rule ids switched off in this site's config
 * @param heldOpenAfter       door-held-open: a DOOR_OPENED with no DOOR_CLOSED for this long
 *                            (rule level: the config's value, else the default)
 * @param deniedBurstCount    access-denied-burst: this many ACCESS_DENIED on one device ...
 * @param deniedBurstWindow   ... within this window
 * @param offlineAfter        device-offline: no event at all from a device for this long
 * @param visitorCount        visitor-frequency: this many VISITOR_CALL/VISITOR_ADMITTED ...
 * @param visitorWindow       ... within this window, for a household tagged {@code rental}
 * @param watchFrom           watch-window: start of the local-time window (inclusive)
 * @param watchTo             watch-window: end of the local-time window (exclusive); a window
 *                            with {@code watchTo <= watchFrom} crosses midnight
 * @param site                the device rules' values the config wrote at rule level (null
 *                            fields: not written, so a kind's built-in value applies)
 * @param kinds               device-rule settings per device kind, as the config wrote them
 * @param devices             device-rule settings per device id, as the config wrote them
 * @param flapWindow          device-offline: a device silent again less than this after it came
 *                            back from an alarmed silence is flapping; zero: no flapping rule
 * @param stableFor           device-offline: a flapping device's ALARM resolves once it has been
 *                            back this long (and at least its offlineAfter)
 * @param groupMin            device-offline: this many devices of one port, building or the site
 *                            offline together raise one alarm for the group; 0: no grouping
 * @param groupWindow         device-offline: together means silences that began within this span
 */
public record RuleSettings(
        Set<String> disabled,
        Duration heldOpenAfter,
        int deniedBurstCount,
        Duration deniedBurstWindow,
        Duration offlineAfter,
        int visitorCount,
        Duration visitorWindow,
        LocalTime watchFrom,
        LocalTime watchTo,
        DeviceRuleOverrides site,
        Map<String, DeviceRuleOverrides> kinds,
        Map<String, DeviceRuleOverrides> devices,
        Duration flapWindow,
        Duration stableFor,
        int groupMin,
        Duration groupWindow) {

    /** Every device rule's default, enabled: the bottom layer of {@link #forDevice}. */
    private static final DeviceRuleOverrides RULE_DEFAULTS = new DeviceRuleOverrides(true, true,
            DoorHeldOpenDefinition.DEFAULT_AFTER, true, true, AccessDeniedBurstDefinition.DEFAULT_COUNT,
            AccessDeniedBurstDefinition.DEFAULT_WINDOW, true, DeviceOfflineDefinition.DEFAULT_AFTER);

    public RuleSettings {
        disabled = Set.copyOf(disabled);
        Objects.requireNonNull(heldOpenAfter, "heldOpenAfter");
        Objects.requireNonNull(deniedBurstWindow, "deniedBurstWindow");
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        Objects.requireNonNull(visitorWindow, "visitorWindow");
        Objects.requireNonNull(watchFrom, "watchFrom");
        Objects.requireNonNull(watchTo, "watchTo");
        Objects.requireNonNull(site, "site");
        kinds = Map.copyOf(kinds);
        devices = Map.copyOf(devices);
        Objects.requireNonNull(flapWindow, "flapWindow");
        Objects.requireNonNull(stableFor, "stableFor");
        Objects.requireNonNull(groupWindow, "groupWindow");
        if (deniedBurstCount < 1 || visitorCount < 1) {
            throw new IllegalArgumentException("rule counts must be at least 1");
        }
        if (groupMin < 0 || groupMin == 1) {
            throw new IllegalArgumentException("groupMin must be 0 (no grouping) or at least 2");
        }
        for (String rule : DeviceRuleOverrides.RULES) {
            if (site.enabled(rule) != null) {
                throw new IllegalArgumentException("the site layer gives no enabled: a rule off for the site is in disabled");
            }
        }
        if (!same(site.heldOpenAfter(), heldOpenAfter) || !same(site.deniedBurstCount(), deniedBurstCount)
                || !same(site.deniedBurstWindow(), deniedBurstWindow) || !same(site.offlineAfter(), offlineAfter)) {
            throw new IllegalArgumentException("the rule-level values must be the site layer's where it gives them");
        }
    }

    /**
     * The SPEC section 7 parameters alone, each as given (none left to a kind's built-in
     * value), with no per-kind or per-device settings and neither flapping nor grouping: the
     * rules exactly as SPEC section 7 states them.
     */
    public RuleSettings(Set<String> disabled, Duration heldOpenAfter, int deniedBurstCount, Duration deniedBurstWindow,
                        Duration offlineAfter, int visitorCount, Duration visitorWindow, LocalTime watchFrom,
                        LocalTime watchTo) {
        this(disabled, heldOpenAfter, deniedBurstCount, deniedBurstWindow, offlineAfter, visitorCount, visitorWindow,
                watchFrom, watchTo,
                new DeviceRuleOverrides(null, null, heldOpenAfter, null, null, deniedBurstCount, deniedBurstWindow,
                        null, offlineAfter),
                Map.of(), Map.of(), Duration.ZERO, DeviceOfflineDefinition.DEFAULT_STABLE_FOR, 0,
                DeviceOfflineDefinition.DEFAULT_GROUP_WINDOW);
    }

    /**
     * Settings from what a config wrote: {@code site} holds the device rules' rule-level values
     * it gave (the others fall to each kind's built-in value, then the rule's default).
     */
    public static RuleSettings of(Set<String> disabled, DeviceRuleOverrides site, int visitorCount, Duration visitorWindow,
                                  LocalTime watchFrom, LocalTime watchTo, Map<String, DeviceRuleOverrides> kinds,
                                  Map<String, DeviceRuleOverrides> devices, Duration flapWindow, Duration stableFor,
                                  int groupMin, Duration groupWindow) {
        DeviceRuleOverrides r = site.over(RULE_DEFAULTS);
        return new RuleSettings(disabled, r.heldOpenAfter(), r.deniedBurstCount(), r.deniedBurstWindow(), r.offlineAfter(),
                visitorCount, visitorWindow, watchFrom, watchTo, site, kinds, devices, flapWindow, stableFor, groupMin,
                groupWindow);
    }

    /** Every default, the built-in kind values included; flapping and grouping on. */
    public static RuleSettings defaults() {
        return of(Set.of(), DeviceRuleOverrides.NONE,
                VisitorFrequencyDefinition.DEFAULT_COUNT,
                VisitorFrequencyDefinition.DEFAULT_WINDOW,
                WatchWindowDefinition.DEFAULT_FROM,
                WatchWindowDefinition.DEFAULT_TO,
                Map.of(), Map.of(),
                DeviceOfflineDefinition.DEFAULT_FLAP_WINDOW,
                DeviceOfflineDefinition.DEFAULT_STABLE_FOR,
                DeviceOfflineDefinition.DEFAULT_GROUP_MIN,
                DeviceOfflineDefinition.DEFAULT_GROUP_WINDOW);
    }

    /** False for a rule switched off for the whole site. */
    public boolean enabled(String rule) {
        return !disabled.contains(rule);
    }

    /** The device rules' settings in force for {@code d} (see the class comment for the order). */
    public DeviceRuleSettings forDevice(Device d) {
        DeviceRuleOverrides r = devices.getOrDefault(d.id(), DeviceRuleOverrides.NONE)
                .over(d.kind() == null ? DeviceRuleOverrides.NONE : kinds.getOrDefault(d.kind(), DeviceRuleOverrides.NONE))
                .over(site)
                .over(DeviceKinds.builtIn(d))
                .over(RULE_DEFAULTS);
        return new DeviceRuleSettings(
                r.doorForced() && enabled(RuleNames.DOOR_FORCED),
                r.heldOpen() && enabled(RuleNames.DOOR_HELD_OPEN),
                r.heldOpenAfter(),
                r.tamper() && enabled(RuleNames.TAMPER),
                r.deniedBurst() && enabled(RuleNames.ACCESS_DENIED_BURST),
                r.deniedBurstCount(),
                r.deniedBurstWindow(),
                r.offline() && enabled(RuleNames.DEVICE_OFFLINE),
                r.offlineAfter());
    }

    /** These settings with per-kind and per-device settings of the device rules. */
    public RuleSettings withScopes(Map<String, DeviceRuleOverrides> kinds, Map<String, DeviceRuleOverrides> devices) {
        return new RuleSettings(disabled, heldOpenAfter, deniedBurstCount, deniedBurstWindow, offlineAfter, visitorCount,
                visitorWindow, watchFrom, watchTo, site, kinds, devices, flapWindow, stableFor, groupMin, groupWindow);
    }

    /** These settings with device-offline's flapping rule ({@code window} zero: none). */
    public RuleSettings withFlapping(Duration window, Duration stable) {
        return new RuleSettings(disabled, heldOpenAfter, deniedBurstCount, deniedBurstWindow, offlineAfter, visitorCount,
                visitorWindow, watchFrom, watchTo, site, kinds, devices, window, stable, groupMin, groupWindow);
    }

    /** These settings with device-offline's grouping ({@code min} 0: none). */
    public RuleSettings withGrouping(int min, Duration window) {
        return new RuleSettings(disabled, heldOpenAfter, deniedBurstCount, deniedBurstWindow, offlineAfter, visitorCount,
                visitorWindow, watchFrom, watchTo, site, kinds, devices, flapWindow, stableFor, min, window);
    }

    /** Whether device-offline's flapping rule is on. */
    public boolean flapping() {
        return !flapWindow.isZero();
    }

    /** Whether device-offline groups devices that go offline together. */
    public boolean grouping() {
        return groupMin > 0;
    }

    private static boolean same(Object given, Object value) {
        return given == null || given.equals(value);
    }
}

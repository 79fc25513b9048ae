package org.doorwatch.domain;

import java.time.Duration;

/**
 * Settings of the device rules written for some devices (a {@code kind}, one device, or the
 * rule-level values of the config), or built in for a kind: each field null where nothing was
 * given, so that layers stack ({@link #over}) and the first one that says something wins.
 * {@link RuleSettings#forDevice} stacks them into a device's {@link DeviceRuleSettings}.
 *
 * <p>The device rules are those whose state hangs on a device: {@code door-forced},
 * {@code door-held-open}, {@code tamper}, {@code access-denied-burst}, {@code device-offline}.
 * The {@code enabled} fields can only switch a rule off for some devices: a rule switched off
 * for the site ({@link RuleSettings#disabled()}) is off everywhere.
 */
public record DeviceRuleOverrides(
        Boolean doorForced,
        Boolean heldOpen,
        Duration heldOpenAfter,
        Boolean tamper,
        Boolean deniedBurst,
        Integer deniedBurstCount,
        Duration deniedBurstWindow,
        Boolean offline,
        Duration offlineAfter) {

    /** Nothing given. */
    public static final DeviceRuleOverrides NONE = new DeviceRuleOverrides(null, null, null, null, null, null, null, null, null);

    /** The rules that take per-device settings, in SPEC order. */
    public static final java.util.List<String> RULES = java.util.List.of(
            RuleNames.DOOR_FORCED, RuleNames.DOOR_HELD_OPEN, RuleNames.TAMPER, RuleNames.ACCESS_DENIED_BURST,
            RuleNames.DEVICE_OFFLINE);

    public DeviceRuleOverrides {
        if (deniedBurstCount != null && deniedBurstCount < 1) {
            throw new IllegalArgumentException("deniedBurstCount must be at least 1");
        }
    }

    /** This layer with its gaps filled from {@code below}. */
    public DeviceRuleOverrides over(DeviceRuleOverrides below) {
        if (this == NONE) {
            return below;
        }
        if (below == NONE) {
            return this;
        }
        return new DeviceRuleOverrides(
                doorForced != null ? doorForced : below.doorForced,
                heldOpen != null ? heldOpen : below.heldOpen,
                heldOpenAfter != null ? heldOpenAfter : below.heldOpenAfter,
                tamper != null ? tamper : below.tamper,
                deniedBurst != null ? deniedBurst : below.deniedBurst,
                deniedBurstCount != null ? deniedBurstCount : below.deniedBurstCount,
                deniedBurstWindow != null ? deniedBurstWindow : below.deniedBurstWindow,
                offline != null ? offline : below.offline,
                offlineAfter != null ? offlineAfter : below.offlineAfter);
    }

    /** True when no field is given. */
    public boolean isEmpty() {
        return over(NONE).equals(NONE);
    }

    /** This layer with device rule {@code rule} switched on or off. */
    public DeviceRuleOverrides withEnabled(String rule, boolean on) {
        Boolean b = on;
        return switch (rule) {
            case RuleNames.DOOR_FORCED -> new DeviceRuleOverrides(b, heldOpen, heldOpenAfter, tamper, deniedBurst,
                    deniedBurstCount, deniedBurstWindow, offline, offlineAfter);
            case RuleNames.DOOR_HELD_OPEN -> new DeviceRuleOverrides(doorForced, b, heldOpenAfter, tamper, deniedBurst,
                    deniedBurstCount, deniedBurstWindow, offline, offlineAfter);
            case RuleNames.TAMPER -> new DeviceRuleOverrides(doorForced, heldOpen, heldOpenAfter, b, deniedBurst,
                    deniedBurstCount, deniedBurstWindow, offline, offlineAfter);
            case RuleNames.ACCESS_DENIED_BURST -> new DeviceRuleOverrides(doorForced, heldOpen, heldOpenAfter, tamper, b,
                    deniedBurstCount, deniedBurstWindow, offline, offlineAfter);
            case RuleNames.DEVICE_OFFLINE -> new DeviceRuleOverrides(doorForced, heldOpen, heldOpenAfter, tamper, deniedBurst,
                    deniedBurstCount, deniedBurstWindow, b, offlineAfter);
            default -> throw new IllegalArgumentException("not a device rule: " + rule);
        };
    }

    /** The {@code enabled} given for device rule {@code rule}, or null. */
    public Boolean enabled(String rule) {
        return switch (rule) {
            case RuleNames.DOOR_FORCED -> doorForced;
            case RuleNames.DOOR_HELD_OPEN -> heldOpen;
            case RuleNames.TAMPER -> tamper;
            case RuleNames.ACCESS_DENIED_BURST -> deniedBurst;
            case RuleNames.DEVICE_OFFLINE -> offline;
            default -> throw new IllegalArgumentException("not a device rule: " + rule);
        };
    }

    public DeviceRuleOverrides withHeldOpenAfter(Duration d) {
        return new DeviceRuleOverrides(doorForced, heldOpen, d, tamper, deniedBurst, deniedBurstCount, deniedBurstWindow,
                offline, offlineAfter);
    }

    public DeviceRuleOverrides withDeniedBurst(Integer count, Duration window) {
        return new DeviceRuleOverrides(doorForced, heldOpen, heldOpenAfter, tamper, deniedBurst, count, window,
                offline, offlineAfter);
    }

    public DeviceRuleOverrides withOfflineAfter(Duration d) {
        return new DeviceRuleOverrides(doorForced, heldOpen, heldOpenAfter, tamper, deniedBurst, deniedBurstCount,
                deniedBurstWindow, offline, d);
    }
}

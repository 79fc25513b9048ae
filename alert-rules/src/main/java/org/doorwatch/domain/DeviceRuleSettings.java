package org.doorwatch.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The device rules' settings in force for one device: what {@link RuleSettings#forDevice}
 * makes of the device's own settings, its kind's, the site's and the built-in ones
 * ({@link DeviceKinds}). Devices with the same settings share one instance.
 */
public record DeviceRuleSettings(
        boolean doorForced,
        boolean heldOpen,
        Duration heldOpenAfter,
        boolean tamper,
        boolean deniedBurst,
        int deniedBurstCount,
        Duration deniedBurstWindow,
        boolean offline,
        Duration offlineAfter) {

    public DeviceRuleSettings {
        Objects.requireNonNull(heldOpenAfter, "heldOpenAfter");
        Objects.requireNonNull(deniedBurstWindow, "deniedBurstWindow");
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        if (deniedBurstCount < 1) {
            throw new IllegalArgumentException("deniedBurstCount must be at least 1");
        }
    }

    /** Whether device rule {@code rule} runs for this device; true for any other rule. */
    public boolean enabled(String rule) {
        return switch (rule) {
            case RuleNames.DOOR_FORCED -> doorForced;
            case RuleNames.DOOR_HELD_OPEN -> heldOpen;
            case RuleNames.TAMPER -> tamper;
            case RuleNames.ACCESS_DENIED_BURST -> deniedBurst;
            case RuleNames.DEVICE_OFFLINE -> offline;
            default -> true;
        };
    }
}

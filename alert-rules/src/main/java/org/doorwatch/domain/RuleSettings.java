package org.doorwatch.domain;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the security and police rules (SPEC section 7). Each parameter's default is in
 * its rule's definition ({@link DoorHeldOpenDefinition}, ...); {@link #defaults()}
 * gathers them.
 *
 * @param disabled            rule ids switched off in this site's config
 * @param heldOpenAfter       door-held-open: a DOOR_OPENED with no DOOR_CLOSED for this long
 * @param deniedBurstCount    access-denied-burst: this many ACCESS_DENIED on one device ...
 * @param deniedBurstWindow   ... within this window
 * @param offlineAfter        device-offline: no event at all from a device for this long
 * @param visitorCount        visitor-frequency: this many VISITOR_CALL/VISITOR_ADMITTED ...
 * @param visitorWindow       ... within this window, for a household tagged {@code rental}
 * @param watchFrom           watch-window: start of the local-time window (inclusive)
 * @param watchTo             watch-window: end of the local-time window (exclusive); a window
 *                            with {@code watchTo <= watchFrom} crosses midnight
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
        LocalTime watchTo) {

    public RuleSettings {
        disabled = Set.copyOf(disabled);
        Objects.requireNonNull(heldOpenAfter, "heldOpenAfter");
        Objects.requireNonNull(deniedBurstWindow, "deniedBurstWindow");
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        Objects.requireNonNull(visitorWindow, "visitorWindow");
        Objects.requireNonNull(watchFrom, "watchFrom");
        Objects.requireNonNull(watchTo, "watchTo");
        if (deniedBurstCount < 1 || visitorCount < 1) {
            throw new IllegalArgumentException("rule counts must be at least 1");
        }
    }

    public static RuleSettings defaults() {
        return new RuleSettings(
                Set.of(),
                DoorHeldOpenDefinition.DEFAULT_AFTER,
                AccessDeniedBurstDefinition.DEFAULT_COUNT,
                AccessDeniedBurstDefinition.DEFAULT_WINDOW,
                DeviceOfflineDefinition.DEFAULT_AFTER,
                VisitorFrequencyDefinition.DEFAULT_COUNT,
                VisitorFrequencyDefinition.DEFAULT_WINDOW,
                WatchWindowDefinition.DEFAULT_FROM,
                WatchWindowDefinition.DEFAULT_TO);
    }

    public boolean enabled(String rule) {
        return !disabled.contains(rule);
    }
}

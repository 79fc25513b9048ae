package org.doorwatch.domain;

import java.util.Objects;

/**
 * A named watch policy; households refer to it by name.
 *
 * @param name       e.g. {@code elderly-living-alone}
 * @param inactivity the elderly escalation thresholds, or null when the policy does not watch
 *                   for silence
 */
public record Policy(String name, Inactivity inactivity) {

    public Policy {
        Objects.requireNonNull(name, "name");
    }
}

package org.doorwatch.domain;

import java.util.Objects;

/**
 * A named watch policy; households refer to it by name.
 *
 * @param name       e.g. {@code elderly-living-alone}
 * @param inactivity the elderly escalation thresholds, or null when the policy does not watch
 *                   for silence
 * @param routine    the routine-deviation settings (SPEC section 11), or null when the policy
 *                   does not learn the household's rhythm
 */
public record Policy(String name, Inactivity inactivity, Routine routine) {

    public Policy {
        Objects.requireNonNull(name, "name");
    }

    /** A policy without routine deviation. */
    public Policy(String name, Inactivity inactivity) {
        this(name, inactivity, null);
    }
}

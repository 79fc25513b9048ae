package org.doorwatch.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's access credential for a rental household. The tenant's name is personal data and
 * stays in the gateway's config; the rule needs only the credential and the dates.
 *
 * @param credential e.g. {@code card:5A3C91}
 * @param household  the rental household
 * @param from       start of the tenancy, inclusive; null for "since ever"
 * @param until      end of the tenancy, exclusive; null for open-ended
 */
public record Tenancy(String credential, String household, Instant from, Instant until) {

    public Tenancy {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(household, "household");
    }

    /** True when the tenancy covers the instant. */
    public boolean covers(Instant at) {
        return (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
    }
}

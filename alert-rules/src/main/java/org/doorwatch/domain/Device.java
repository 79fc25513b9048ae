package org.doorwatch.domain;

import java.util.Objects;

/**
 * A door device as the rules see it; its transport details stay in the gateway's config.
 *
 * @param id        e.g. {@code door-3-2-501}
 * @param kind      e.g. {@code door-contact}, {@code card-reader}, {@code gate}, {@code intercom}
 * @param household the household its events are attributed to, or null for shared doors
 */
public record Device(String id, String kind, String household) {

    public Device {
        Objects.requireNonNull(id, "id");
    }
}

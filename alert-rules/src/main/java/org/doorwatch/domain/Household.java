package org.doorwatch.domain;

import java.util.List;
import java.util.Objects;

/**
 * A flat or house under watch. Contacts and tenant names are personal data and stay in the
 * gateway's config; the engine needs only what decides and words an alert.
 *
 * @param id      e.g. {@code 3-2-501} (building-unit-room)
 * @param address as staff say it, e.g. {@code 3栋2单元501}
 * @param policy  the name of its policy, or null for none
 * @param tags    e.g. {@code elderly}, {@code rental}, {@code watch}
 */
public record Household(String id, String address, String policy, List<String> tags) {

    public Household {
        Objects.requireNonNull(id, "id");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** What alert texts call the household: its address, or its id when it has none. */
    public String displayName() {
        return address == null || address.isBlank() ? id : address;
    }
}

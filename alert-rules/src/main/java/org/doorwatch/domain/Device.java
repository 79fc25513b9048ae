package org.doorwatch.domain;

import java.util.List;
import java.util.Objects;

/**
 * A door device as the rules see it; its transport details stay in the gateway's config.
 *
 * @param id        e.g. {@code door-3-2-501}
 * @param kind      e.g. {@code door-contact}, {@code card-reader}, {@code gate}, {@code intercom}
 *                  (see {@link DeviceKinds}); its rule settings may depend on it
 * @param household the household its events are attributed to, or null for shared doors
 * @param port      the serial line or device server it hangs on, or null (MQTT): device-offline
 *                  groups the devices of one port that fall silent together
 * @param building  the building it is in, or null when not known: device-offline groups the
 *                  devices of one building that fall silent together
 * @param households a shared device's allowance: the households its events may name (SPEC 10);
 *                  empty for any. A device with its own household names only that one, so it
 *                  has none (the config refuses the key there)
 */
public record Device(String id, String kind, String household, String port, String building,
                     List<HouseholdGlob> households) {

    public Device {
        Objects.requireNonNull(id, "id");
        households = List.copyOf(households);
    }

    /** A device that may name any household (or, with a household of its own, only that one). */
    public Device(String id, String kind, String household, String port, String building) {
        this(id, kind, household, port, building, List.of());
    }

    /** A device on no port, in no known building. */
    public Device(String id, String kind, String household) {
        this(id, kind, household, null, null);
    }

    /**
     * Whether an event of this device may name household {@code id}: a device with a household
     * of its own names only that one; a shared device those its globs match, any when it has none.
     */
    public boolean mayName(String id) {
        if (household != null) {
            return household.equals(id);
        }
        if (households.isEmpty()) {
            return true;
        }
        for (HouseholdGlob g : households) {
            if (g.matches(id)) {
                return true;
            }
        }
        return false;
    }
}

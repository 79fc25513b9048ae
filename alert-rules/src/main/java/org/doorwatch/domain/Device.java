package org.doorwatch.domain;

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
 */
public record Device(String id, String kind, String household, String port, String building) {

    public Device {
        Objects.requireNonNull(id, "id");
    }

    /** A device on no port, in no known building. */
    public Device(String id, String kind, String household) {
        this(id, kind, household, null, null);
    }
}

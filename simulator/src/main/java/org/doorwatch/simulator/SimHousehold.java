package org.doorwatch.simulator;

import java.util.List;

/**
 * A household as the simulator plays it.
 *
 * @param id          household id
 * @param kind        whose routine it follows
 * @param door        its door contact device id, or null
 * @param gate        the building gate / card reader its people use, or null
 * @param intercom    the intercom visitors call it on, or null
 * @param credentials cards its residents use at the gate (tenants' cards for rentals)
 * @param watch       tagged {@code watch}: sometimes active at night
 */
public record SimHousehold(String id, Kind kind, String door, String gate, String intercom,
                           List<String> credentials, boolean watch) {

    public SimHousehold {
        credentials = List.copyOf(credentials);
    }

    /** Whose routine a household follows. */
    public enum Kind {
        /** An elderly person living alone: one to three short outings a day, in daylight. */
        ELDERLY,
        /** A family: several comings and goings from early morning to late evening. */
        FAMILY,
        /** A rental flat: tenants through the gate with their cards, and visitors. */
        RENTAL
    }
}

package org.doorwatch.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * @param rhythm      an elderly resident's daily rhythm (others ignore it)
 */
public record SimHousehold(String id, Kind kind, String door, String gate, String intercom,
                           List<String> credentials, boolean watch, Rhythm rhythm) {

    public SimHousehold {
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(rhythm, "rhythm");
    }

    /** A household with the {@link Rhythm#DAYTIME} rhythm. */
    public SimHousehold(String id, Kind kind, String door, String gate, String intercom,
                        List<String> credentials, boolean watch) {
        this(id, kind, door, gate, intercom, credentials, watch, Rhythm.DAYTIME);
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

    /**
     * How regular an elderly resident's day is (see {@link RoutineGenerator}). A household's
     * rhythm is the config tag of the same name ({@code early-riser}, ...); without one,
     * {@link #DAYTIME}.
     */
    public enum Rhythm {
        /** Out first between 07:00 and 10:00, one to three outings, the rubbish out in the late afternoon. */
        DAYTIME,
        /** Regular: out about 06:00 every morning, often again in the afternoon, the evening door about 18:30. */
        EARLY_RISER,
        /** Regular: out about 09:30, often again in the afternoon, the evening door about 20:00. */
        LATE_RISER,
        /** Takes a grandchild to school and back on weekdays (07:15, 16:15); late and loose at weekends. */
        WEEKDAY_WEEKEND,
        /** No fixed time: the first opening anywhere from 07:00 to 12:30, some days not before the afternoon. */
        IRREGULAR;

        /** The config tag naming this rhythm, e.g. {@code early-riser}; null for {@link #DAYTIME}. */
        public String tag() {
            return this == DAYTIME ? null : name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The rhythm a household's tags name, else {@link #DAYTIME}. */
        public static Rhythm fromTags(List<String> tags) {
            for (Rhythm r : values()) {
                if (r.tag() != null && tags.contains(r.tag())) {
                    return r;
                }
            }
            return DAYTIME;
        }
    }
}

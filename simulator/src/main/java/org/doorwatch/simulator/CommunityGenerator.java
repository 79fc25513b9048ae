package org.doorwatch.simulator;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A made-up community of N households for load and demos: buildings of 2 units × 18 floors ×
 * 2 flats (72 households), a card-reader gate and an intercom per building, a door contact per
 * household. About a fifth of the households are elderly people living alone (each with one of
 * the {@link SimHousehold.Rhythm}s, in equal shares), a sixth rentals, one in fifty tagged
 * {@code watch}; the rest families. Same seed, same community.
 */
public final class CommunityGenerator {

    static final int UNITS = 2;
    static final int FLOORS = 18;
    static final int FLATS = 2;
    static final int PER_BUILDING = UNITS * FLOORS * FLATS;

    private CommunityGenerator() {}

    /**
     * An elderly resident's rhythm, one of the five in equal shares, drawn from its own random
     * source so that the rest of the community is what it was before rhythms existed.
     */
    static SimHousehold.Rhythm rhythm(long seed, String household) {
        SimHousehold.Rhythm[] all = SimHousehold.Rhythm.values();
        return all[new SplittableRandom(seed * 31 + household.hashCode()).nextInt(all.length)];
    }

    public static Community generate(String siteId, ZoneId zone, int households, long seed, String transport) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SimHousehold> hs = new ArrayList<>(households);
        List<SimDevice> devices = new ArrayList<>(households + 2 * (households / PER_BUILDING + 1));
        int buildings = (households + PER_BUILDING - 1) / PER_BUILDING;
        for (int b = 1; b <= buildings; b++) {
            devices.add(new SimDevice("gate-" + b, "gate", null, transport));
            devices.add(new SimDevice("intercom-" + b, "intercom", null, transport));
        }
        for (int i = 0; i < households; i++) {
            int building = i / PER_BUILDING + 1;
            int inBuilding = i % PER_BUILDING;
            int unit = inBuilding / (FLOORS * FLATS) + 1;
            int floor = (inBuilding / FLATS) % FLOORS + 1;
            int flat = inBuilding % FLATS + 1;
            String id = building + "-" + unit + "-" + (floor * 100 + flat);
            double roll = random.nextDouble();
            SimHousehold.Kind kind = roll < 0.2 ? SimHousehold.Kind.ELDERLY
                    : roll < 0.37 ? SimHousehold.Kind.RENTAL : SimHousehold.Kind.FAMILY;
            int cards = kind == SimHousehold.Kind.RENTAL ? 1 + random.nextInt(3) : 1;
            List<String> credentials = new ArrayList<>(cards);
            for (int c = 0; c < cards; c++) {
                credentials.add(String.format("card:%08X", random.nextInt()));
            }
            String door = "door-" + id;
            devices.add(new SimDevice(door, "door-contact", id, transport));
            hs.add(new SimHousehold(id, kind, door, "gate-" + building, "intercom-" + building,
                    credentials, random.nextInt(50) == 0,
                    kind == SimHousehold.Kind.ELDERLY ? rhythm(seed, id) : SimHousehold.Rhythm.DAYTIME));
        }
        return new Community(siteId, zone, hs, devices);
    }
}

package org.doorwatch.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.Household;

/**
 * The one place that decides whether an event is let in: is its device known, which household
 * does it belong to, can the engine use it. Built from a config and immutable, so the gateway's
 * intake threads and the engine's writer share the same decision; a reload builds a new one.
 *
 * <p>Two doors, both decided here:
 * <ul>
 *   <li>{@link #checkFromDevice}: an event from a device source (MQTT, serial, TCP) must name a
 *       configured device, and may not be a staff action: a device, or anyone on the device
 *       network, must not be able to mark a household away or well and so silence its watch;
 *       nor may its event name a household that is not the device's to name.</li>
 *   <li>{@link #check}: what the engine can use, from any source (device, staff API, a replayed
 *       journal): a staff action names a configured household; a device event names a
 *       configured household, or else a configured device; the timestamp is in range.</li>
 * </ul>
 * An event is attributed to its own household, else its device's (SPEC section 4).
 *
 * <p>Ids map to slots (0, 1, 2 ... in config order, a repeated id keeping its first slot and
 * its last entry), the engine keeps its watches in arrays by these slots, so one lookup per id
 * serves both the decision and the engine.
 */
public final class Admission {

    /** The reason of a device event naming a household its device may not name (SPEC 10). */
    public static final String HOUSEHOLD_NOT_ALLOWED = "household-not-allowed";

    // What admit() answers for a refused event: negative, so that no packed slots look alike.
    private static final long STAFF_WITHOUT_HOUSEHOLD = -1;
    private static final long UNKNOWN_HOUSEHOLD = -2;
    private static final long UNKNOWN_DEVICE = -3;
    private static final long NO_SUBJECT = -4;
    private static final long BAD_TIMESTAMP = -5;

    private final IdIndex householdIds;
    private final IdIndex deviceIds;
    private final Household[] households;
    private final Device[] devices;
    /** The slot of each device's household, or -1 for a shared device or an unknown household. */
    private final int[] deviceHousehold;

    private Admission(List<Household> households, List<Device> devices) {
        householdIds = IdIndex.of(households.stream().map(Household::id).toList());
        deviceIds = IdIndex.of(devices.stream().map(Device::id).toList());
        this.households = new Household[householdIds.size()];
        for (Household h : households) {
            this.households[householdIds.slot(h.id())] = h;
        }
        this.devices = new Device[deviceIds.size()];
        for (Device d : devices) {
            this.devices[deviceIds.slot(d.id())] = d;
        }
        deviceHousehold = new int[this.devices.length];
        for (int i = 0; i < this.devices.length; i++) {
            String household = this.devices[i].household();
            deviceHousehold[i] = household == null ? -1 : householdIds.slot(household);
        }
    }

    /** The decision for the households and devices of {@code config}. */
    public static Admission of(EngineConfig config) {
        return new Admission(config.households(), config.devices());
    }

    /**
     * Why an event from a device source is refused before it reaches the engine, or null: a
     * staff action ({@code staff-action}), no configured device ({@code unknown-device}), or a
     * household its device may not name ({@code household-not-allowed}, SPEC 10: a flat's device
     * names only its own household, a shared device those its {@code households} globs allow).
     * An event naming no household is its device's, as before. What passes still goes through
     * {@link #check} in the engine.
     */
    public Rejection checkFromDevice(DoorEvent e) {
        if (e.type().isStaffAction()) {
            return new Rejection("staff-action", e.type()
                    + " is a staff action; it is accepted from the staff API only, not from a device");
        }
        if (e.device() == null) {
            return new Rejection("unknown-device", e.type() + " event names no device");
        }
        int slot = deviceIds.slot(e.device());
        if (slot < 0) {
            return new Rejection("unknown-device", "unknown device '" + e.device() + "'; add it to devices in the config");
        }
        Device d = devices[slot];
        String named = e.household();
        if (named == null || d.mayName(named)) {
            return null;
        }
        // Without this one device's credential could reset any household's escalation (issue 13).
        if (d.household() != null) {
            return new Rejection(HOUSEHOLD_NOT_ALLOWED, "device '" + d.id() + "' of household '" + d.household()
                    + "' names household '" + named + "'; a flat's device names only its own household");
        }
        return new Rejection(HOUSEHOLD_NOT_ALLOWED, "shared device '" + d.id() + "' names household '" + named
                + "', which its households in the config (" + d.households().stream().map(Object::toString)
                .collect(Collectors.joining(", ")) + ") do not allow");
    }

    /**
     * Why the engine cannot use {@code e}, or null when it can: {@code missing-household},
     * {@code unknown-household}, {@code unknown-device} (and no household given) or
     * {@code bad-timestamp}.
     */
    public Rejection check(DoorEvent e) {
        long admitted = admit(e);
        return admitted >= 0 ? null : rejection(admitted, e);
    }

    /** True when {@code device} is a configured device id. */
    public boolean knownDevice(String device) {
        return device != null && deviceIds.slot(device) >= 0;
    }

    // ---------------------------------------------------------------- for the engine

    /**
     * The decision of {@link #check} with its attribution, without allocating: when the engine
     * can use {@code e}, the slots of the household it is attributed to and of its configured
     * device ({@link #householdSlot(long)}, {@link #deviceSlot(long)}, each -1 for none), packed
     * into a non-negative long; else a negative code for {@link #rejection}.
     */
    long admit(DoorEvent e) {
        String householdId = e.household();
        boolean staff = e.type().isStaffAction();
        if (staff && householdId == null) {
            return STAFF_WITHOUT_HOUSEHOLD;
        }
        int household = -1;
        if (householdId != null) {
            household = householdIds.slot(householdId);
            if (household < 0) {
                return UNKNOWN_HOUSEHOLD;
            }
        }
        int device = -1;
        if (!staff) {
            if (e.device() != null) {
                device = deviceIds.slot(e.device());
                if (device < 0 && householdId == null) {
                    return UNKNOWN_DEVICE;
                }
            } else if (householdId == null) {
                return NO_SUBJECT;
            }
            if (householdId == null) {
                household = deviceHousehold[device];
            }
        }
        long ts = Millis.of(e.ts());
        if (ts == Long.MIN_VALUE || ts == Long.MAX_VALUE) {
            return BAD_TIMESTAMP;
        }
        return ((long) (household + 1) << 32) | (device + 1);
    }

    static int householdSlot(long admitted) {
        return (int) (admitted >>> 32) - 1;
    }

    static int deviceSlot(long admitted) {
        return (int) admitted - 1;
    }

    /** The id of the household an admitted event is attributed to: its own, else its device's (configured or not), or null. */
    String household(DoorEvent e, long admitted) {
        if (e.household() != null) {
            return e.household();
        }
        int device = deviceSlot(admitted);
        return device < 0 ? null : devices[device].household();
    }

    /** The slot of household {@code id}, or -1. */
    int householdSlot(String id) {
        return householdIds.slot(id);
    }

    /** The slot of device {@code id}, or -1. */
    int deviceSlot(String id) {
        return deviceIds.slot(id);
    }

    int householdCount() {
        return households.length;
    }

    int deviceCount() {
        return devices.length;
    }

    /** The household in {@code slot} (the last config entry with its id). */
    Household household(int slot) {
        return households[slot];
    }

    /** The device in {@code slot} (the last config entry with its id). */
    Device device(int slot) {
        return devices[slot];
    }

    /** The rejection of a refused event, from the code {@link #admit} gave it. */
    static Rejection rejection(long code, DoorEvent e) {
        if (code == STAFF_WITHOUT_HOUSEHOLD) {
            return new Rejection("missing-household", e.type() + " needs a household");
        }
        if (code == UNKNOWN_HOUSEHOLD) {
            return new Rejection("unknown-household", "unknown household '" + e.household() + "'");
        }
        if (code == UNKNOWN_DEVICE) {
            return new Rejection("unknown-device", "unknown device '" + e.device() + "' and no household given");
        }
        if (code == NO_SUBJECT) {
            return new Rejection("missing-household", e.type() + " names neither a device nor a household");
        }
        return new Rejection("bad-timestamp", "timestamp out of range: " + e.ts());
    }
}

package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.HouseholdGlob;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The one "known device? whose? usable?" decision: each refusal with its reason and message,
 * and, over random events, agreement with the decisions it replaced (the engine's own check, the
 * gateway intake's device check, the engine's attribution), written out plainly below; the
 * intake's check now also refuses a household the device may not name (SPEC 10, issue 13).
 */
class AdmissionTest {

    static final Instant T = Instant.parse("2026-11-22T08:00:00Z");
    static final List<Household> HOUSEHOLDS = List.of(
            new Household("3-2-501", "3栋2单元501", null, List.of()),
            new Household("1-1-101", "1栋1单元101", null, List.of()));
    static final List<Device> DEVICES = List.of(
            new Device("door-3-2-501", "door-contact", "3-2-501"),
            new Device("gate-1", "gate", null), // shared, no households key: may name any household
            new Device("door-9-9-999", "door-contact", "9-9-999"), // its household is not configured
            new Device("gate-3", "gate", null, null, "3", List.of(new HouseholdGlob("3-*"))));
    static final Admission ADMISSION = Admission.of(EngineConfig.of("s", ZoneId.of("Asia/Shanghai"), List.of(),
            HOUSEHOLDS, DEVICES));

    @Nested
    class TheEnginesDecision {

        @Test
        void aDeviceEventOfAConfiguredDeviceIsAttributedToItsHousehold() {
            DoorEvent e = DoorEvent.device(T, "door-3-2-501", EventType.DOOR_OPENED);
            long admitted = ADMISSION.admit(e);
            assertThat(ADMISSION.check(e)).isNull();
            assertThat(ADMISSION.household(Admission.householdSlot(admitted)).id()).isEqualTo("3-2-501");
            assertThat(ADMISSION.device(Admission.deviceSlot(admitted)).id()).isEqualTo("door-3-2-501");
            assertThat(ADMISSION.household(e, admitted)).isEqualTo("3-2-501");
        }

        @Test
        void anEventsOwnHouseholdComesBeforeItsDevices() {
            DoorEvent e = DoorEvent.device(T, "door-3-2-501", EventType.VISITOR_CALL).withHousehold("1-1-101");
            long admitted = ADMISSION.admit(e);
            assertThat(ADMISSION.household(Admission.householdSlot(admitted)).id()).isEqualTo("1-1-101");
            assertThat(ADMISSION.household(e, admitted)).isEqualTo("1-1-101");
        }

        @Test
        void anUnknownDeviceIsUsableWhenTheEventNamesAKnownHousehold() {
            DoorEvent e = DoorEvent.device(T, "nobody", EventType.DOOR_FORCED).withHousehold("1-1-101");
            long admitted = ADMISSION.admit(e);
            assertThat(ADMISSION.check(e)).isNull();
            assertThat(Admission.deviceSlot(admitted)).isEqualTo(-1);
            assertThat(ADMISSION.household(e, admitted)).isEqualTo("1-1-101");
        }

        @Test
        void aSharedDeviceBelongsToNoHousehold() {
            DoorEvent e = DoorEvent.device(T, "gate-1", EventType.DOOR_FORCED);
            long admitted = ADMISSION.admit(e);
            assertThat(Admission.householdSlot(admitted)).isEqualTo(-1);
            assertThat(ADMISSION.household(e, admitted)).isNull();
        }

        @Test
        void aDeviceOfAnUnconfiguredHouseholdNamesItButHasNoWatch() {
            DoorEvent e = DoorEvent.device(T, "door-9-9-999", EventType.DOOR_FORCED);
            long admitted = ADMISSION.admit(e);
            assertThat(ADMISSION.check(e)).isNull();
            assertThat(Admission.householdSlot(admitted)).isEqualTo(-1);
            assertThat(ADMISSION.household(e, admitted)).isEqualTo("9-9-999");
        }

        @Test
        void refusalsSayWhy() {
            assertThat(ADMISSION.check(DoorEvent.staff(T, EventType.AWAY, null, "wang", null)))
                    .isEqualTo(new Rejection("missing-household", "AWAY needs a household"));
            assertThat(ADMISSION.check(DoorEvent.staff(T, EventType.CONFIRMED_WELL, "2-2-202", "wang", null)))
                    .isEqualTo(new Rejection("unknown-household", "unknown household '2-2-202'"));
            assertThat(ADMISSION.check(DoorEvent.device(T, "door-x", EventType.DOOR_OPENED).withHousehold("2-2-202")))
                    .isEqualTo(new Rejection("unknown-household", "unknown household '2-2-202'"));
            assertThat(ADMISSION.check(DoorEvent.device(T, "door-x", EventType.DOOR_OPENED)))
                    .isEqualTo(new Rejection("unknown-device", "unknown device 'door-x' and no household given"));
            assertThat(ADMISSION.check(DoorEvent.device(T, null, EventType.HEARTBEAT)))
                    .isEqualTo(new Rejection("missing-household", "HEARTBEAT names neither a device nor a household"));
            assertThat(ADMISSION.check(DoorEvent.device(Instant.MAX, "gate-1", EventType.HEARTBEAT)))
                    .isEqualTo(new Rejection("bad-timestamp", "timestamp out of range: " + Instant.MAX));
        }
    }

    @Nested
    class ADeviceSourcesDecision {

        @Test
        void aConfiguredDevicePasses() {
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "gate-1", EventType.HEARTBEAT))).isNull();
            assertThat(ADMISSION.knownDevice("gate-1")).isTrue();
        }

        @Test
        void staffActionsAndUnknownOrMissingDevicesAreRefused() {
            assertThat(ADMISSION.checkFromDevice(new DoorEvent(T, "gate-1", EventType.AWAY, "3-2-501", null, null, null, null)))
                    .isEqualTo(new Rejection("staff-action",
                            "AWAY is a staff action; it is accepted from the staff API only, not from a device"));
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-x", EventType.DOOR_OPENED).withHousehold("3-2-501")))
                    .isEqualTo(new Rejection("unknown-device", "unknown device 'door-x'; add it to devices in the config"));
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, null, EventType.DOOR_OPENED).withHousehold("3-2-501")))
                    .isEqualTo(new Rejection("unknown-device", "DOOR_OPENED event names no device"));
            assertThat(ADMISSION.knownDevice("door-x")).isFalse();
            assertThat(ADMISSION.knownDevice(null)).isFalse();
        }

        @Test
        void aFlatsDeviceNamesOnlyItsOwnHousehold() {
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-3-2-501", EventType.DOOR_OPENED)
                    .withHousehold("1-1-101")))
                    .isEqualTo(new Rejection("household-not-allowed", "device 'door-3-2-501' of household '3-2-501' "
                            + "names household '1-1-101'; a flat's device names only its own household"));
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-3-2-501", EventType.DOOR_OPENED)
                    .withHousehold("2-2-202")).reason())
                    .as("an unknown household is not the device's either").isEqualTo("household-not-allowed");
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-3-2-501", EventType.DOOR_OPENED)
                    .withHousehold("3-2-501"))).as("its own household").isNull();
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-3-2-501", EventType.DOOR_OPENED)))
                    .as("no household named: the device's").isNull();
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "door-9-9-999", EventType.DOOR_OPENED)
                    .withHousehold("9-9-999"))).as("its own household, even when not configured").isNull();
        }

        @Test
        void aSharedDeviceNamesOnlyTheHouseholdsItsGlobsAllow() {
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "gate-3", EventType.ACCESS_GRANTED)
                    .withHousehold("1-1-101")))
                    .isEqualTo(new Rejection("household-not-allowed", "shared device 'gate-3' names household "
                            + "'1-1-101', which its households in the config (3-*) do not allow"));
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "gate-3", EventType.ACCESS_GRANTED)
                    .withHousehold("3-2-501"))).isNull();
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "gate-3", EventType.ACCESS_GRANTED))).isNull();
        }

        @Test
        void aSharedDeviceWithoutGlobsNamesAnyHousehold() {
            assertThat(ADMISSION.checkFromDevice(DoorEvent.device(T, "gate-1", EventType.ACCESS_GRANTED)
                    .withHousehold("1-1-101"))).isNull();
            DoorEvent unknown = DoorEvent.device(T, "gate-1", EventType.ACCESS_GRANTED).withHousehold("2-2-202");
            assertThat(ADMISSION.checkFromDevice(unknown)).as("allowed here; the engine refuses the unknown one").isNull();
            assertThat(ADMISSION.check(unknown).reason()).isEqualTo("unknown-household");
        }

        @Test
        void oneEventGetsOneReason() {
            // a flat's device sending a staff action for another household: refused once, as what it is
            assertThat(ADMISSION.checkFromDevice(new DoorEvent(T, "door-3-2-501", EventType.AWAY, "1-1-101", null, null,
                    null, null)).reason()).isEqualTo("staff-action");
        }
    }

    @Test
    void aRepeatedIdKeepsItsFirstSlotAndTakesItsLastEntry() {
        Admission a = Admission.of(EngineConfig.of("s", ZoneId.of("Asia/Shanghai"), List.of(),
                List.of(new Household("h1", "first", null, List.of()), new Household("h2", "", null, List.of()),
                        new Household("h1", "last", null, List.of())),
                List.of(new Device("d1", "gate", "h1"), new Device("d1", "gate", "h2"))));
        assertThat(a.householdCount()).isEqualTo(2);
        assertThat(a.householdSlot("h1")).isZero();
        assertThat(a.household(0).address()).isEqualTo("last");
        assertThat(a.deviceCount()).isEqualTo(1);
        long admitted = a.admit(DoorEvent.device(T, "d1", EventType.DOOR_OPENED));
        assertThat(a.household(Admission.householdSlot(admitted)).id()).isEqualTo("h2");
    }

    // ------------------------------------------------------------ against the decisions it replaced

    @Property(tries = 2000)
    void agreesWithTheDecisionsItReplaced(@ForAll("events") DoorEvent e) {
        assertThat(ADMISSION.check(e)).isEqualTo(engineCheck(e));
        assertThat(ADMISSION.checkFromDevice(e)).isEqualTo(intakeCheck(e));
        long admitted = ADMISSION.admit(e);
        if (admitted >= 0) {
            int household = Admission.householdSlot(admitted);
            int device = Admission.deviceSlot(admitted);
            assertThat(household < 0 ? null : ADMISSION.household(household).id()).isEqualTo(attributedWatch(e));
            assertThat(device < 0 ? null : ADMISSION.device(device).id())
                    .isEqualTo(e.type().isStaffAction() ? null : DEVICE_BY_ID.containsKey(e.device()) ? e.device() : null);
            assertThat(ADMISSION.household(e, admitted)).isEqualTo(attributedId(e));
        }
    }

    @Provide
    Arbitrary<DoorEvent> events() {
        Arbitrary<String> households = Arbitraries.of("3-2-501", "1-1-101", "9-9-999", "2-2-202").injectNull(0.3);
        Arbitrary<String> devices = Arbitraries.of("door-3-2-501", "gate-1", "door-9-9-999", "gate-3", "door-x").injectNull(0.2);
        Arbitrary<Instant> times = Arbitraries.of(T, Instant.MAX, Instant.MIN, Instant.EPOCH);
        return Combinators.combine(times, devices, Arbitraries.of(EventType.class), households)
                .as((ts, device, type, household) -> new DoorEvent(ts, device, type, household, null, null, null, null));
    }

    static final Map<String, Household> HOUSEHOLD_BY_ID = new HashMap<>();
    static final Map<String, Device> DEVICE_BY_ID = new HashMap<>();

    static {
        HOUSEHOLDS.forEach(h -> HOUSEHOLD_BY_ID.put(h.id(), h));
        DEVICES.forEach(d -> DEVICE_BY_ID.put(d.id(), d));
    }

    /** WatchEngine.check as it was. */
    static Rejection engineCheck(DoorEvent e) {
        if (e.type().isStaffAction() && e.household() == null) {
            return new Rejection("missing-household", e.type() + " needs a household");
        }
        if (e.household() != null && !HOUSEHOLD_BY_ID.containsKey(e.household())) {
            return new Rejection("unknown-household", "unknown household '" + e.household() + "'");
        }
        if (!e.type().isStaffAction() && e.device() != null && !DEVICE_BY_ID.containsKey(e.device())
                && e.household() == null) {
            return new Rejection("unknown-device", "unknown device '" + e.device() + "' and no household given");
        }
        if (!e.type().isStaffAction() && e.device() == null && e.household() == null) {
            return new Rejection("missing-household", e.type() + " names neither a device nor a household");
        }
        long ts = Millis.of(e.ts());
        if (ts == Long.MIN_VALUE || ts == Long.MAX_VALUE) {
            return new Rejection("bad-timestamp", "timestamp out of range: " + e.ts());
        }
        return null;
    }

    /** The gateway's EventIntake.accept as it was, plus the household a device may name (issue 13). */
    static Rejection intakeCheck(DoorEvent e) {
        if (e.type().isStaffAction()) {
            return new Rejection("staff-action", e.type()
                    + " is a staff action; it is accepted from the staff API only, not from a device");
        }
        if (e.device() == null || !DEVICE_BY_ID.containsKey(e.device())) {
            return new Rejection("unknown-device", e.device() == null
                    ? e.type() + " event names no device"
                    : "unknown device '" + e.device() + "'; add it to devices in the config");
        }
        Device d = DEVICE_BY_ID.get(e.device());
        if (e.household() == null) {
            return null;
        }
        if (d.household() != null) {
            return d.household().equals(e.household()) ? null : new Rejection("household-not-allowed", "device '"
                    + d.id() + "' of household '" + d.household() + "' names household '" + e.household()
                    + "'; a flat's device names only its own household");
        }
        if (d.households().isEmpty() || d.households().stream().anyMatch(g -> g.matches(e.household()))) {
            return null;
        }
        return new Rejection("household-not-allowed", "shared device '" + d.id() + "' names household '" + e.household()
                + "', which its households in the config (" + String.join(", ",
                d.households().stream().map(HouseholdGlob::pattern).toList()) + ") do not allow");
    }

    /** WatchEngine.dispatch's household id as it was: its own, else its configured device's. */
    static String attributedId(DoorEvent e) {
        if (e.type().isStaffAction()) {
            return e.household();
        }
        Device d = e.device() == null ? null : DEVICE_BY_ID.get(e.device());
        return e.household() != null ? e.household() : d == null ? null : d.household();
    }

    /** The household whose watch gets it: the attributed one if configured. */
    static String attributedWatch(DoorEvent e) {
        String id = attributedId(e);
        return id != null && HOUSEHOLD_BY_ID.containsKey(id) ? id : null;
    }

    @Test
    void theReferenceSeesEveryReason() {
        List<String> reasons = new ArrayList<>();
        List<String> intakeReasons = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (String device : new String[] {null, "gate-1", "door-x", "door-3-2-501", "gate-3"}) {
                for (String household : new String[] {null, "3-2-501", "2-2-202", "1-1-101"}) {
                    for (Instant ts : new Instant[] {T, Instant.MAX}) {
                        DoorEvent e = new DoorEvent(ts, device, type, household, null, null, null, null);
                        assertThat(ADMISSION.check(e)).isEqualTo(engineCheck(e));
                        assertThat(ADMISSION.checkFromDevice(e)).isEqualTo(intakeCheck(e));
                        Rejection r = ADMISSION.check(e);
                        reasons.add(r == null ? "ok" : r.reason());
                        Rejection i = ADMISSION.checkFromDevice(e);
                        intakeReasons.add(i == null ? "ok" : i.reason());
                    }
                }
            }
        }
        assertThat(reasons).contains("ok", "missing-household", "unknown-household", "unknown-device", "bad-timestamp");
        assertThat(intakeReasons).contains("ok", "staff-action", "unknown-device", "household-not-allowed");
    }
}

package org.doorwatch.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The normalized event every transport and protocol produces (SPEC section 4).
 *
 * @param ts         when it happened, by the device's clock (or the receive time when the device
 *                   sends none); never null once an event reaches the engine
 * @param device     the device id; null for staff actions
 * @param type       what happened
 * @param household  the household it is attributed to; null means "the device's household"
 * @param credential card, PIN or QR id for access events (e.g. {@code card:5A3C91}); else null
 * @param direction  IN or OUT where the device knows it; else null
 * @param by         the staff member behind a staff action; else null
 * @param until      end of an AWAY period; null means open-ended
 */
public record DoorEvent(
        Instant ts,
        String device,
        EventType type,
        String household,
        String credential,
        Direction direction,
        String by,
        Instant until) {

    public DoorEvent {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(type, "type");
    }

    /** A device event with no explicit household, credential or direction. */
    public static DoorEvent device(Instant ts, String device, EventType type) {
        return new DoorEvent(ts, device, type, null, null, null, null, null);
    }

    /** A staff action on a household. */
    public static DoorEvent staff(Instant ts, EventType type, String household, String by, Instant until) {
        return new DoorEvent(ts, null, type, household, null, null, by, until);
    }

    public DoorEvent withHousehold(String household) {
        return new DoorEvent(ts, device, type, household, credential, direction, by, until);
    }

    public DoorEvent withCredential(String credential) {
        return new DoorEvent(ts, device, type, household, credential, direction, by, until);
    }

    public DoorEvent withDirection(Direction direction) {
        return new DoorEvent(ts, device, type, household, credential, direction, by, until);
    }

    public DoorEvent withTs(Instant ts) {
        return new DoorEvent(ts, device, type, household, credential, direction, by, until);
    }
}

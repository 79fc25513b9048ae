package org.doorwatch.domain;

/**
 * What happened at a door, or what staff recorded about a household (SPEC section 4).
 *
 * <p>Staff actions travel in the same stream as device events so that one writer orders them.
 */
public enum EventType {
    DOOR_OPENED,
    DOOR_CLOSED,
    ACCESS_GRANTED,
    ACCESS_DENIED,
    VISITOR_CALL,
    VISITOR_ADMITTED,
    DOOR_FORCED,
    DOOR_HELD_OPEN,
    TAMPER,
    HEARTBEAT,
    DEVICE_FAULT,
    /** Staff confirmed the resident is well; counts as activity. */
    CONFIRMED_WELL,
    /** The household is away (hospital, family) until an optional end. */
    AWAY,
    /** The household is back before its away period ended. */
    AWAY_CLEARED;

    /** True for the three staff actions, which carry no device and need a household. */
    public boolean isStaffAction() {
        return this == CONFIRMED_WELL || this == AWAY || this == AWAY_CLEARED;
    }

    /** True for the events that prove somebody used the household's door (SPEC 6.1). */
    public boolean isActivity() {
        return this == DOOR_OPENED || this == ACCESS_GRANTED || this == CONFIRMED_WELL;
    }
}

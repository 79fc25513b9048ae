package org.doorwatch.drivers.uhppote;

import java.util.Map;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.EventType;

/**
 * What a controller's event record means in SPEC 4 terms. Shared by the UDP driver and the
 * {@code uhppoted-mqtt} payload profile, which carry the same three codes (type, granted, reason).
 *
 * <p>Reason codes (uhppote-core {@code messages/events.go}, uhppoted-nodejs {@code src/lookup.js}):
 * <pre>
 *  type 0x01 card swipe        any reason: granted -> ACCESS_GRANTED, else ACCESS_DENIED
 *                              (denied: 5 PC control, 6 no privilege, 7 wrong password, 8 anti-passback,
 *                              9 more cards, 10 first card open, 11 door set NC, 12 interlock,
 *                              13 limited times, 15 invalid timezone, 18 denied)
 *  type 0x02 / 0x03            by reason:
 *    20 push button            ACCESS_GRANTED, OUT  (the exit button: somebody inside left)
 *    23 door open              DOOR_OPENED
 *    24 door closed            DOOR_CLOSED
 *    25 super password open    ACCESS_GRANTED
 *    37 open too long          DOOR_HELD_OPEN
 *    38 forced open            DOOR_FORCED
 *    41 guard against theft    TAMPER  (the anti-theft input)
 *    42 7x24 hour zone         TAMPER  (the always-armed input, where tamper and glass-break loops go)
 *    44 remote open door       VISITOR_ADMITTED
 *    45 remote open (USB reader) VISITOR_ADMITTED
 *    28 power on, 29 reset     none: no door event (the driver checks the controller's clock on them)
 *    31-34 button refused, 39 fire, 40 forced close, 43 emergency call: none
 *  type 0x00 none, 0xFF overwritten: none
 * </pre>
 * Why a remote open is VISITOR_ADMITTED and not ACCESS_GRANTED: it is somebody else (the property
 * office, an intercom) letting a person in; ACCESS_GRANTED counts as the household's own activity
 * (SPEC 6.1) and would reset an elderly resident's inactivity clock. Why none for fire and the
 * emergency call: SPEC 4 has no such event, and calling them TAMPER or DOOR_FORCED would send the
 * wrong alarm; they are counted and logged as unmapped.
 */
public final class UhppoteEvents {

    public static final int REASON_SWIPE = 1;
    public static final int REASON_DENIED = 18;
    public static final int REASON_PUSH_BUTTON = 20;
    public static final int REASON_DOOR_OPEN = 23;
    public static final int REASON_DOOR_CLOSED = 24;
    public static final int REASON_SUPER_PASSWORD = 25;
    public static final int REASON_POWER_ON = 28;
    public static final int REASON_RESET = 29;
    public static final int REASON_OPEN_TOO_LONG = 37;
    public static final int REASON_FORCED_OPEN = 38;
    public static final int REASON_THEFT = 41;
    public static final int REASON_ZONE_24H = 42;
    public static final int REASON_REMOTE_OPEN = 44;
    public static final int REASON_REMOTE_OPEN_USB = 45;

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(1, "swipe"), Map.entry(2, "swipe open"), Map.entry(3, "swipe close"),
            Map.entry(5, "denied: PC control"), Map.entry(6, "denied: no privilege"), Map.entry(7, "denied: wrong password"),
            Map.entry(8, "denied: anti-passback"), Map.entry(9, "denied: more cards"), Map.entry(10, "denied: first card open"),
            Map.entry(11, "denied: door set NC"), Map.entry(12, "denied: interlock"), Map.entry(13, "denied: limited times"),
            Map.entry(15, "denied: invalid timezone"), Map.entry(18, "denied"), Map.entry(20, "push button"),
            Map.entry(23, "door open"), Map.entry(24, "door closed"), Map.entry(25, "super password open door"),
            Map.entry(28, "controller power on"), Map.entry(29, "controller reset"), Map.entry(31, "push button invalid: forced lock"),
            Map.entry(32, "push button invalid: not on line"), Map.entry(33, "push button invalid: interlock"),
            Map.entry(34, "threat"), Map.entry(37, "open too long"), Map.entry(38, "forced open"), Map.entry(39, "fire"),
            Map.entry(40, "forced close"), Map.entry(41, "guard against theft"), Map.entry(42, "7x24 hour zone"),
            Map.entry(43, "emergency call"), Map.entry(44, "remote open door"), Map.entry(45, "remote open door by USB reader"));

    private UhppoteEvents() {}

    /**
     * @param type      the SPEC 4 event, or null when the record is no door event (see the table)
     * @param direction IN / OUT where known
     * @param hasCard   a swipe: the card number is the event's credential
     */
    public record Meaning(EventType type, Direction direction, boolean hasCard) {}

    /** What the record means; {@code type} is null for records that are no SPEC 4 event. */
    public static Meaning meaning(int type, boolean granted, int direction, int reason) {
        Direction dir = direction == ControllerEvent.DIRECTION_IN ? Direction.IN
                : direction == ControllerEvent.DIRECTION_OUT ? Direction.OUT : null;
        if (type == ControllerEvent.TYPE_SWIPE) {
            return new Meaning(granted ? EventType.ACCESS_GRANTED : EventType.ACCESS_DENIED, dir, true);
        }
        if (type != ControllerEvent.TYPE_DOOR && type != ControllerEvent.TYPE_ALARM) {
            return new Meaning(null, dir, false);
        }
        switch (reason) {
            case REASON_PUSH_BUTTON:
                return new Meaning(EventType.ACCESS_GRANTED, Direction.OUT, false);
            case REASON_DOOR_OPEN:
                return new Meaning(EventType.DOOR_OPENED, null, false);
            case REASON_DOOR_CLOSED:
                return new Meaning(EventType.DOOR_CLOSED, null, false);
            case REASON_SUPER_PASSWORD:
                return new Meaning(EventType.ACCESS_GRANTED, dir, false);
            case REASON_OPEN_TOO_LONG:
                return new Meaning(EventType.DOOR_HELD_OPEN, null, false);
            case REASON_FORCED_OPEN:
                return new Meaning(EventType.DOOR_FORCED, null, false);
            case REASON_THEFT:
            case REASON_ZONE_24H:
                return new Meaning(EventType.TAMPER, null, false);
            case REASON_REMOTE_OPEN:
            case REASON_REMOTE_OPEN_USB:
                return new Meaning(EventType.VISITOR_ADMITTED, dir, false);
            default:
                return new Meaning(null, dir, false);
        }
    }

    public static Meaning meaning(ControllerEvent e) {
        return meaning(e.type(), e.granted(), e.direction(), e.reason());
    }

    /** E.g. {@code "reason 39 (fire)"}, for messages about records that map to nothing. */
    public static String describe(int type, int reason) {
        String t = switch (type) {
            case ControllerEvent.TYPE_NONE -> "no event";
            case ControllerEvent.TYPE_SWIPE -> "card swipe";
            case ControllerEvent.TYPE_DOOR -> "door";
            case ControllerEvent.TYPE_ALARM -> "alarm";
            case ControllerEvent.TYPE_OVERWRITTEN -> "overwritten";
            default -> "type " + type;
        };
        return t + ", reason " + reason + " (" + REASONS.getOrDefault(reason, "unknown") + ")";
    }

    /**
     * The record a controller writes for a SPEC 4 event, for the simulator: type, granted and
     * reason codes, or null when a controller never reports such an event (VISITOR_CALL,
     * HEARTBEAT, DEVICE_FAULT, staff actions).
     */
    public static int[] recordFor(EventType t) {
        return switch (t) {
            case ACCESS_GRANTED -> new int[] {ControllerEvent.TYPE_SWIPE, 1, REASON_SWIPE};
            case ACCESS_DENIED -> new int[] {ControllerEvent.TYPE_SWIPE, 0, REASON_DENIED};
            case DOOR_OPENED -> new int[] {ControllerEvent.TYPE_DOOR, 0, REASON_DOOR_OPEN};
            case DOOR_CLOSED -> new int[] {ControllerEvent.TYPE_DOOR, 0, REASON_DOOR_CLOSED};
            case DOOR_HELD_OPEN -> new int[] {ControllerEvent.TYPE_ALARM, 0, REASON_OPEN_TOO_LONG};
            case DOOR_FORCED -> new int[] {ControllerEvent.TYPE_ALARM, 0, REASON_FORCED_OPEN};
            case TAMPER -> new int[] {ControllerEvent.TYPE_ALARM, 0, REASON_THEFT};
            case VISITOR_ADMITTED -> new int[] {ControllerEvent.TYPE_DOOR, 0, REASON_REMOTE_OPEN};
            default -> null;
        };
    }
}

package org.doorwatch.drivers.uhppote;

import java.time.LocalDateTime;

/**
 * One record of a controller's event log, as bytes 8 to 27 of a get-status, get-event or pushed
 * packet carry it. Values are the controller's own codes; {@link UhppoteEvents} says what they mean.
 *
 * @param index     position in the controller's log, from 1; 0 means "no such event"
 * @param type      0x00 none, 0x01 card swipe, 0x02 door / button / remote open, 0x03 alarm,
 *                  0xFF overwritten (the log wrapped round before it was read)
 * @param granted   for a swipe: the controller opened the door
 * @param door      door 1 to 4 (other values are passed on as read)
 * @param direction 0x01 in, 0x02 out (readers on both sides of a door); anything else: unknown
 * @param card      the card number, uint32; 0 when the event has none
 * @param timestamp controller local time, to the second; null when the controller sent zeros
 * @param reason    what happened, e.g. 0x01 swipe, 0x06 no privilege, 0x17 door opened, 0x26 forced
 *                  open (the full table is in {@link UhppoteEvents})
 */
public record ControllerEvent(long index, int type, boolean granted, int door, int direction, long card,
                              LocalDateTime timestamp, int reason) {

    public static final int TYPE_NONE = 0x00;
    public static final int TYPE_SWIPE = 0x01;
    public static final int TYPE_DOOR = 0x02;
    public static final int TYPE_ALARM = 0x03;
    public static final int TYPE_OVERWRITTEN = 0xFF;

    public static final int DIRECTION_IN = 0x01;
    public static final int DIRECTION_OUT = 0x02;

    public ControllerEvent {
        UhppoteCodec.checkUint32("index", index);
        UhppoteCodec.checkByte("type", type);
        UhppoteCodec.checkByte("door", door);
        UhppoteCodec.checkByte("direction", direction);
        UhppoteCodec.checkUint32("card", card);
        UhppoteCodec.checkByte("reason", reason);
        if (timestamp != null) {
            timestamp = timestamp.withNano(0);
        }
    }

    /** The controller has no event at the index asked for (it answers with index 0). */
    public boolean missing() {
        return index == 0;
    }

    /** The controller's log wrapped round and this record was written over before it was read. */
    public boolean overwritten() {
        return type == TYPE_OVERWRITTEN;
    }

    /** Leaves the card number out: it is a credential. */
    @Override
    public String toString() {
        return "ControllerEvent[index=" + index + ", type=" + type + ", granted=" + granted + ", door=" + door
                + ", direction=" + direction + ", card=" + (card == 0 ? "none" : "…" + Long.toString(card).substring(
                Math.max(0, Long.toString(card).length() - 4))) + ", timestamp=" + timestamp + ", reason=" + reason + "]";
    }
}

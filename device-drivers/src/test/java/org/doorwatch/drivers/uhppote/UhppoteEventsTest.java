package org.doorwatch.drivers.uhppote;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorwatch.domain.Direction;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;

/** The meaning of the controller's codes, and the simulator's inverse of it. */
class UhppoteEventsTest {

    @Test
    void everyEventAControllerReportsReadsBackAsItself() {
        int carried = 0;
        for (EventType t : EventType.values()) {
            int[] r = UhppoteEvents.recordFor(t);
            if (r == null) {
                continue;
            }
            carried++;
            assertThat(UhppoteEvents.meaning(r[0], r[1] == 1, ControllerEvent.DIRECTION_IN, r[2]).type()).as("%s", t).isEqualTo(t);
        }
        assertThat(carried).isEqualTo(8);
        assertThat(UhppoteEvents.recordFor(EventType.HEARTBEAT)).isNull();
        assertThat(UhppoteEvents.recordFor(EventType.VISITOR_CALL)).isNull();
        assertThat(UhppoteEvents.recordFor(EventType.CONFIRMED_WELL)).isNull();
    }

    @Test
    void swipesByGrantedDoorsAndAlarmsByReason() {
        for (int reason = 0; reason < 256; reason++) {
            assertThat(UhppoteEvents.meaning(1, true, 1, reason).type()).isEqualTo(EventType.ACCESS_GRANTED);
            assertThat(UhppoteEvents.meaning(1, false, 1, reason).type()).isEqualTo(EventType.ACCESS_DENIED);
            assertThat(UhppoteEvents.meaning(1, false, 1, reason).hasCard()).isTrue();
            assertThat(UhppoteEvents.meaning(0, false, 0, reason).type()).isNull();
            assertThat(UhppoteEvents.meaning(0xFF, false, 0, reason).type()).isNull();
        }
        for (int type : new int[] {2, 3}) {
            assertThat(UhppoteEvents.meaning(type, false, 0, 23).type()).isEqualTo(EventType.DOOR_OPENED);
            assertThat(UhppoteEvents.meaning(type, false, 0, 24).type()).isEqualTo(EventType.DOOR_CLOSED);
            assertThat(UhppoteEvents.meaning(type, false, 0, 37).type()).isEqualTo(EventType.DOOR_HELD_OPEN);
            assertThat(UhppoteEvents.meaning(type, false, 0, 38).type()).isEqualTo(EventType.DOOR_FORCED);
            assertThat(UhppoteEvents.meaning(type, false, 0, 41).type()).isEqualTo(EventType.TAMPER);
            assertThat(UhppoteEvents.meaning(type, false, 0, 42).type()).isEqualTo(EventType.TAMPER);
            assertThat(UhppoteEvents.meaning(type, false, 1, 44).type()).isEqualTo(EventType.VISITOR_ADMITTED);
            assertThat(UhppoteEvents.meaning(type, false, 2, 20)).isEqualTo(new UhppoteEvents.Meaning(EventType.ACCESS_GRANTED, Direction.OUT, false));
            for (int unmapped : new int[] {28, 29, 31, 32, 33, 34, 39, 40, 43, 0, 99}) {
                assertThat(UhppoteEvents.meaning(type, false, 0, unmapped).type()).as("reason %d", unmapped).isNull();
            }
        }
        assertThat(UhppoteEvents.describe(3, 39)).isEqualTo("alarm, reason 39 (fire)");
        assertThat(UhppoteEvents.describe(7, 200)).isEqualTo("type 7, reason 200 (unknown)");
    }
}

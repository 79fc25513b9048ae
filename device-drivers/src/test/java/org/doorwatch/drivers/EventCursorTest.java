package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index cursor of a controller's event log: duplicates, gaps, and what may be stored when. */
class EventCursorTest {

    @Test
    void aDuplicatedPushIsSeenNotNext() {
        EventCursor c = new EventCursor(16);
        assertThat(c.isNext(17)).isTrue();
        c.handOver(17).run();
        assertThat(c.isNext(17)).isFalse();
        assertThat(c.seen(17)).isTrue();
        assertThat(c.seen(16)).isTrue();
        assertThat(c.seen(18)).isFalse();
        assertThatThrownBy(() -> c.handOver(17)).isInstanceOf(IllegalStateException.class)
                .hasMessage("expected index 18, got 17");
    }

    @Test
    void aGapIsNeitherSeenNorNext() {
        EventCursor c = new EventCursor(16);
        assertThat(c.isNext(19)).isFalse();
        assertThat(c.seen(19)).isFalse();
        assertThatThrownBy(() -> c.handOver(19)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void committedNeverPassesAnEventThatIsNotStoredYet() {
        EventCursor c = new EventCursor(0);
        Runnable a1 = c.handOver(1);
        Runnable a2 = c.handOver(2);
        c.skip(3); // no door event: nothing to wait for, but it is behind 1 and 2
        Runnable a4 = c.handOver(4);
        assertThat(c.delivered()).isEqualTo(4);
        assertThat(c.committed()).isZero();
        a2.run();
        assertThat(c.committed()).isZero();
        a1.run();
        assertThat(c.committed()).isEqualTo(3);
        a1.run(); // twice: no harm
        a4.run();
        assertThat(c.committed()).isEqualTo(4);
    }

    @Test
    void acknowledgementsInAnyOrderEndAtTheLastIndex() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            EventCursor c = new EventCursor(100);
            List<Runnable> acks = new ArrayList<>();
            for (long i = 101; i <= 150; i++) {
                if (random.nextInt(5) == 0) {
                    c.skip(i);
                } else {
                    acks.add(c.handOver(i));
                }
            }
            Collections.shuffle(acks, random);
            long before = c.committed();
            for (Runnable a : acks) {
                a.run();
                assertThat(c.committed()).isGreaterThanOrEqualTo(before);
                before = c.committed();
            }
            assertThat(c.committed()).isEqualTo(150);
        }
    }

    @Test
    void afterARestartOldAcknowledgementsChangeNothing() {
        EventCursor c = new EventCursor(40);
        Runnable old = c.handOver(41);
        c.restart(5); // the controller's log was cleared
        assertThat(c.committed()).isEqualTo(5);
        assertThat(c.isNext(6)).isTrue();
        Runnable fresh = c.handOver(6);
        old.run();
        assertThat(c.committed()).isEqualTo(5);
        fresh.run();
        assertThat(c.committed()).isEqualTo(6);
    }
}

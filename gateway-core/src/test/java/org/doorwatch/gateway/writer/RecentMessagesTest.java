package org.doorwatch.gateway.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The writer's memory of committed MQTT messages: transactional, bounded, restored. */
class RecentMessagesTest {

    @Test
    void aKeyCountsAsSeenInItsTransactionAndOnceCommittedNotAfterARollback() {
        RecentMessages r = new RecentMessages(4);
        r.begin();
        r.add(7);
        assertThat(r.seen(7)).as("the same message twice in one batch").isTrue();
        r.rollback();
        r.begin();
        assertThat(r.seen(7)).as("a rolled back batch committed nothing").isFalse();
        r.add(7);
        r.commit();
        r.begin();
        assertThat(r.seen(7)).isTrue();
    }

    @Test
    void theWindowIsTheLastOneToTwoGenerations() {
        RecentMessages r = new RecentMessages(3);
        r.restore(new long[] {1, 2, 3, 4, 5, 6, 7});
        // generations of 3: {7} young, {4, 5, 6} old; 1 to 3 forgotten
        assertThat(r.seen(3)).isFalse();
        assertThat(r.seen(4)).isTrue();
        assertThat(r.seen(7)).isTrue();
        r.begin();
        r.add(8);
        r.add(9);
        r.add(10);
        r.commit(); // {10} young, {7, 8, 9} old
        assertThat(r.seen(6)).isFalse();
        assertThat(r.seen(7)).isTrue();
        assertThat(r.seen(10)).isTrue();
    }
}

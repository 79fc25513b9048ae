package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** One audit row per session, list and parameters every ten minutes; everything else every time. */
class RepeatedReadsTest {

    private final ManualClock wall = new ManualClock(Instant.parse("2026-11-22T02:00:00Z"));
    private final RepeatedReads reads = new RepeatedReads(wall);

    private Call call(String action, Map<String, String> path, Map<String, String> query, String token) {
        return new Call(action, path, query, null, "127.0.0.1", token == null ? null : "Bearer " + token,
                ZoneId.of("Asia/Shanghai"), wall.instant());
    }

    private Call list(String token) {
        return call("GET /api/alerts", Map.of(), Map.of("state", "open"), token);
    }

    /** As StaffApi does: a row when needed, then remember it. */
    private boolean read(Call c) {
        boolean row = reads.needsRow(c);
        if (row) {
            reads.wrote(c);
        }
        return row;
    }

    @Test
    void theSameListBySessionGetsOneRowPerWindow() {
        assertThat(read(list("s1"))).as("first look").isTrue();
        wall.advance(Duration.ofMinutes(1));
        assertThat(read(list("s1"))).as("refresh a minute later").isFalse();
        wall.advance(Duration.ofMinutes(8));
        assertThat(read(list("s1"))).as("nine minutes after the row").isFalse();
        wall.advance(Duration.ofMinutes(1));
        assertThat(read(list("s1"))).as("ten minutes after the row: the screen is still open").isTrue();
        wall.advance(Duration.ofMinutes(1));
        assertThat(read(list("s1"))).isFalse();
    }

    @Test
    void anotherSessionOrAnotherListIsItsOwnRow() {
        assertThat(read(list("s1"))).isTrue();
        assertThat(read(list("s2"))).as("another session of the same user, another browser").isTrue();
        assertThat(read(call("GET /api/alerts", Map.of(), Map.of("state", "resolved"), "s1"))).as("other parameters")
                .isTrue();
        assertThat(read(call("GET /api/alerts", Map.of(), Map.of(), "s1"))).isTrue();
        assertThat(read(call("GET /api/households", Map.of(), Map.of(), "s1"))).as("another list").isTrue();
        assertThat(read(call("GET /api/households", Map.of(), Map.of(), "s1"))).isFalse();
        // parameters cannot be chosen to pass for another list
        assertThat(read(call("GET /api/alerts", Map.of(), Map.of("a", "1\n2"), "s1"))).isTrue();
        assertThat(read(call("GET /api/alerts", Map.of(), Map.of("a", "1", "2", ""), "s1"))).isTrue();
    }

    @Test
    void readsThatNameAHouseholdAnAlertOrPersonalDataAreAlwaysWritten() {
        Call household = call("GET /api/households/:id", Map.of("id", "3-1-101"), Map.of(), "s1");
        household.household = "3-1-101";
        Call filtered = call("GET /api/alerts", Map.of(), Map.of("household", "3-1-101"), "s1");
        filtered.household = "3-1-101";
        Call alert = call("GET /api/alerts/:id", Map.of("id", "a1"), Map.of(), "s1");
        alert.alertId = "a1";
        Call tenants = call("GET /api/police/rentals", Map.of(), Map.of(), "s1");
        tenants.detail = "tenants";
        Call action = call("POST /api/households/:id/confirm-well", Map.of("id", "3-1-101"), Map.of(), "s1");
        for (Call c : new Call[] {household, filtered, alert, tenants, action}) {
            for (int i = 0; i < 3; i++) {
                assertThat(read(c)).as(c.action + " " + c.detail + ", time " + (i + 1)).isTrue();
            }
        }
        assertThat(reads.size()).as("nothing remembered for them").isZero();
    }

    @Test
    void aWallClockSetBackDoesNotSilenceTheLog() {
        assertThat(read(list("s1"))).isTrue();
        wall.advance(Duration.ofMinutes(-30));
        assertThat(read(list("s1"))).isTrue();
    }

    @Test
    void beyondItsBoundEveryReadIsWritten() {
        for (int i = 0; i < RepeatedReads.MAX_ENTRIES; i++) {
            assertThat(read(list("s" + i))).isTrue();
        }
        assertThat(reads.size()).isEqualTo(RepeatedReads.MAX_ENTRIES);
        assertThat(read(list("one-too-many"))).isTrue();
        assertThat(read(list("one-too-many"))).as("not remembered: written again").isTrue();
        assertThat(read(list("s0"))).as("still remembered").isFalse();
        wall.advance(RepeatedReads.WINDOW);
        assertThat(read(list("one-too-many"))).isTrue();
        assertThat(reads.size()).as("expired entries made room").isEqualTo(1);
        assertThat(read(list("one-too-many"))).isFalse();
    }
}

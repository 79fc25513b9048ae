package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.HouseholdState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aBatchComesBackAfterReopening() throws Exception {
        Path file = dir.resolve("gateway.db");
        Alert alert = alert("a-1", "h-1");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.event(new JournalEntry(DoorEvent.device(T0, "door-1", EventType.DOOR_OPENED), "mqtt", T0));
            b.household(new HouseholdState("h-1", T0, 2, List.of("property", "community"), true, T0.plusSeconds(60)));
            b.alert(new Batch.NewAlert(alert, "{\"id\":\"a-1\"}"));
            b.outbox(row("a-1", "property"));
            b.outbox(row("a-1", "community"));
            WriterStore.Committed done = w.commit(b, T0);
            assertThat(done.outbox()).extracting(OutboxRow::seq).containsExactly(1L, 2L);
            assertThat(done.alertsInserted()).isEqualTo(1);
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db);
             OutboxStore o = new OutboxStore(db)) {
            assertThat(w.households()).containsExactly(
                    new HouseholdState("h-1", T0, 2, List.of("property", "community"), true, T0.plusSeconds(60)));
            List<OutboxRow> pending = o.pending();
            assertThat(pending).extracting(OutboxRow::channel).containsExactly("property", "community");
            assertThat(pending.get(0).payload()).isEqualTo("{\"id\":\"a-1\"}");
            assertThat(pending.get(0).orderKey()).isEqualTo("household:h-1");
            Batch marks = new Batch();
            marks.outboxUpdate(new OutboxUpdate.Delivered(1, T0));
            w.commit(marks, T0);
            assertThat(o.pending()).extracting(OutboxRow::seq).containsExactly(2L);
            Batch retry = new Batch();
            retry.outboxUpdate(new OutboxUpdate.Attempt(2, 1, T0.plusSeconds(5), "HTTP 503"));
            w.commit(retry, T0);
            assertThat(o.pending()).extracting(OutboxRow::attempts, OutboxRow::nextAttempt)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, T0.plusSeconds(5)));
            Batch failed = new Batch();
            failed.outboxUpdate(new OutboxUpdate.Failed(2, 3, T0, "HTTP 410"));
            w.commit(failed, T0);
            assertThat(o.pending()).isEmpty();
            // the next outbox row continues the order after a restart
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("a-2", "h-1"), "{}"));
            b.outbox(row("a-2", "property"));
            assertThat(w.commit(b, T0).outbox()).extracting(OutboxRow::seq).containsExactly(3L);
        }
    }

    @Test
    void everyFieldOfHouseholdAndDeviceStateSurvivesARestart() throws Exception {
        Path file = dir.resolve("gateway.db");
        HouseholdState h = new HouseholdState("h-9", T0, 1, List.of("property"), false, null,
                List.of(T0.minusSeconds(50), T0.minusSeconds(20)), T0.plusSeconds(600), T0.minusSeconds(5), 2);
        org.doorwatch.rules.DeviceState d = new org.doorwatch.rules.DeviceState("door-9", T0, true, List.of("property"),
                true, true, T0.minusSeconds(200), true, List.of("property", "police"),
                List.of(T0.minusSeconds(3), T0.minusSeconds(1)), T0.plusSeconds(60));
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.household(h);
            b.device(d);
            w.commit(b, T0);
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.households()).containsExactly(h);
            assertThat(w.devices()).containsExactly(d);
        }
    }

    @Test
    void aFlappingDeviceAndOneCoveredByAGroupAlarmSurviveARestart() throws Exception {
        Path file = dir.resolve("gateway.db");
        org.doorwatch.rules.DeviceState flapping = new org.doorwatch.rules.DeviceState("gate-5", T0, false, List.of("property"),
                false, false, null, false, List.of(), List.of(), null, false, T0.minusSeconds(30), 4, T0.minusSeconds(3600),
                null, null, List.of());
        org.doorwatch.rules.DeviceState covered = new org.doorwatch.rules.DeviceState("bus1-c", T0, true, List.of(),
                false, false, null, false, List.of(), List.of(), null, false, null, 0, null,
                "port:bus-1", T0.minusSeconds(900), List.of("property", "police"));
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.device(flapping);
            b.device(covered);
            w.commit(b, T0);
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.devices()).containsExactlyInAnyOrder(flapping, covered);
        }
    }

    @Test
    void anOfflineDeviceOfAStoreFromBeforeFlappingAndGroupingHadItsOwnAlarm() throws Exception {
        Path file = dir.resolve("gateway.db");
        Database.open(file, CLOCK).close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            // the store as version 8 wrote it: no columns of step 9 (nor of the later steps)
            s.execute("DELETE FROM schema_version WHERE version >= 9");
            s.execute("ALTER TABLE runs DROP COLUMN reached");
            for (String column : List.of("offline_alarmed", "back_at", "flaps", "flap_since", "offline_group", "group_since",
                    "group_channels")) {
                s.execute("ALTER TABLE devices DROP COLUMN " + column);
            }
            s.execute("INSERT INTO devices (id, last_heard, offline, offline_channels, faulty, open, held_open_alarmed, "
                    + "held_open_channels, denials, updated_at) VALUES ('gate-3', " + T0.toEpochMilli()
                    + ", 1, 'property', 0, 0, 0, '', '', 0)");
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.devices()).singleElement().satisfies(d -> {
                assertThat(d.offline()).isTrue();
                assertThat(d.offlineAlarmed()).isTrue();
                assertThat(d.offlineChannels()).containsExactly("property");
                assertThat(d.group()).isNull();
            });
        }
    }

    @Test
    void aGroupAlarmWithNeitherHouseholdNorDeviceIsKeptInOrderWithItsResolvedByRule() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            for (String id : List.of("group-alarm", "group-resolved")) {
                b.alert(new Batch.NewAlert(new Alert(id, T0, "device-offline", id.endsWith("alarm") ? Stage.ALARM : Stage.RESOLVED,
                        null, null, List.of("property"), null, "text", false, Map.of("group", "site")), "{}"));
                b.outbox(new OutboxRow(0, id, "property", OutboxRow.MQTT, OutboxStore.orderKey(null, null, "device-offline"),
                        "{}", T0, null, 0, null, 0));
            }
            w.commit(b, T0);
        }
        try (Database db = Database.open(file, CLOCK); OutboxStore o = new OutboxStore(db)) {
            assertThat(o.pending()).extracting(OutboxRow::alertId, OutboxRow::orderKey).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("group-alarm", "rule:device-offline"),
                    org.assertj.core.groups.Tuple.tuple("group-resolved", "rule:device-offline"));
        }
    }

    @Test
    void theRoutineProfileAndItsNoticeSurviveARestart() throws Exception {
        Path file = dir.resolve("gateway.db");
        byte[] profile = new byte[241];
        for (int i = 0; i < profile.length; i++) {
            profile[i] = (byte) (i * 37);
        }
        HouseholdState noticed = new HouseholdState("h-1", T0, 0, List.of(), false, null)
                .withRoutine(new HouseholdState.Routine(profile, true, List.of("property", "community"), true));
        HouseholdState afterAway = new HouseholdState("h-2", T0, 0, List.of(), true, null)
                .withRoutine(new HouseholdState.Routine(new byte[] {1, 2, 3}, false, List.of(), false));
        HouseholdState none = new HouseholdState("h-3", T0, 0, List.of(), false, null);
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.household(noticed);
            b.household(afterAway);
            b.household(none);
            w.commit(b, T0);
            // a later write replaces the profile and clears the NOTICE
            Batch later = new Batch();
            later.household(noticed.withRoutine(new HouseholdState.Routine(new byte[] {9}, false, List.of(), true)));
            w.commit(later, T0);
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.households()).containsExactlyInAnyOrder(
                    noticed.withRoutine(new HouseholdState.Routine(new byte[] {9}, false, List.of(), true)), afterAway, none);
        }
    }

    @Test
    void theLastInstantReachedIsTheLastCommitNotTheStartOfARunThatCommittedNothing() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.lastReached()).as("a new store").isNull();
            w.recordStart(T0, "test");
            Batch b = new Batch();
            b.household(new HouseholdState("h-1", T0, 0, List.of(), false, null));
            w.commit(b, T0.plusSeconds(30));
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            w.recordStart(T0.plusSeconds(300), "test"); // killed before its first commit
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            w.recordStart(T0.plusSeconds(600), "test");
            assertThat(w.lastReached()).isEqualTo(T0.plusSeconds(30));
            assertThat(w.ranBefore()).isTrue();
        }
    }

    /** What one run does with the store: {@code work} after its start is recorded at {@code at}. */
    private void run(Path file, Instant at, StoreWork work) throws Exception {
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            w.recordStart(at, "test");
            work.on(w);
        }
    }

    private interface StoreWork {
        void on(WriterStore w) throws Exception;
    }

    @Test
    void theLastInstantReachedIsTheEngineClockOfTheLastCommitNotItsWriteStamps() throws Exception {
        Path file = dir.resolve("gateway.db");
        run(file, T0.plusSeconds(600), w -> {
            Batch b = new Batch(); // during the start-up hold: a queued opening of T0 + 30 s, committed at T0 + 600 s
            b.event(new JournalEntry(DoorEvent.device(T0.plusSeconds(30), "door-1", EventType.DOOR_OPENED), "mqtt",
                    T0.plusSeconds(600)));
            b.household(new HouseholdState("h-1", T0.plusSeconds(30), 0, List.of(), false, null));
            w.commit(b, T0.plusSeconds(600), T0.plusSeconds(30));
        });
        run(file, T0.plusSeconds(700), w -> assertThat(w.lastReached()).isEqualTo(T0.plusSeconds(30)));
    }

    @Test
    void theLatestRunThatCommittedSaysWhereTheEngineStandsEvenBelowAnEarlierOne() throws Exception {
        Path file = dir.resolve("gateway.db");
        run(file, T0, w -> w.commit(new Batch(), T0.plusSeconds(900))); // the wall clock was fast
        run(file, T0.plusSeconds(60), w -> w.commit(new Batch(), T0.plusSeconds(120), T0.plusSeconds(120))); // set back
        run(file, T0.plusSeconds(200), w -> { }); // killed before its first commit
        run(file, T0.plusSeconds(300), w -> assertThat(w.lastReached()).isEqualTo(T0.plusSeconds(120)));
    }

    @Test
    void aStoreWhoseRunsPredateTheReachedColumnResumesAtItsLastWrite() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            w.recordStart(T0, "test");
            Batch b = new Batch();
            b.household(new HouseholdState("h-1", T0, 0, List.of(), false, null));
            w.commit(b, T0.plusSeconds(45), T0.plusSeconds(10));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.execute("UPDATE runs SET reached = NULL"); // as step 10 found the runs of older versions
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            w.recordStart(T0.plusSeconds(100), "test");
            assertThat(w.lastReached()).isEqualTo(T0.plusSeconds(45));
        }
    }

    @Test
    void theSameAlertTwiceIsStoredAndQueuedOnce() throws Exception {
        try (Database db = Database.open(dir.resolve("gateway.db"), CLOCK); WriterStore w = new WriterStore(db);
             OutboxStore o = new OutboxStore(db)) {
            for (int i = 0; i < 2; i++) {
                Batch b = new Batch();
                b.alert(new Batch.NewAlert(alert("a-1", "h-1"), "{}"));
                b.outbox(row("a-1", "property"));
                w.commit(b, T0);
            }
            assertThat(o.pending()).hasSize(1);
        }
    }

    @Test
    void acknowledgementsNeedAKnownAlertAndCountOncePerPerson() throws Exception {
        try (Database db = Database.open(dir.resolve("gateway.db"), CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            b.alert(new Batch.NewAlert(alert("a-1", "h-1"), "{}"));
            w.commit(b, T0);
            Batch acks = new Batch();
            acks.acknowledgement(new Acknowledgement("a-1", "staff-7", T0, null));
            acks.acknowledgement(new Acknowledgement("a-1", "staff-7", T0, "again"));
            acks.acknowledgement(new Acknowledgement("nope", "staff-7", T0, null));
            acks.acknowledgement(new Acknowledgement("a-1", "staff-8", T0, "called her"));
            assertThat(w.commit(acks, T0).acknowledged()).containsExactly(true, false, false, true);
        }
    }

    @Test
    void purgeDeletesOnlyOldEventsInChunks() throws Exception {
        try (Database db = Database.open(dir.resolve("gateway.db"), CLOCK); WriterStore w = new WriterStore(db)) {
            Batch b = new Batch();
            for (int i = 0; i < 25; i++) {
                Instant at = T0.minus(Duration.ofDays(i < 20 ? 200 : 1));
                b.event(new JournalEntry(DoorEvent.device(at, "door-1", EventType.DOOR_OPENED), "mqtt", at));
            }
            w.commit(b, T0);
            Instant cutoff = T0.minus(Duration.ofDays(180));
            assertThat(w.purge().events(cutoff, 15)).isEqualTo(15);
            assertThat(w.purge().events(cutoff, 15)).isEqualTo(5);
            assertThat(w.purge().events(cutoff, 15)).isZero();
        }
    }

    @Test
    void aCleanStopIsRememberedAndACrashIsNoticed() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.recordStart(T0, "1")).isNull();
            w.recordStop(T0.plusSeconds(10));
            assertThat(w.recordStart(T0.plusSeconds(20), "1")).isNull();
            // no stop: the process died
        }
        try (Database db = Database.open(file, CLOCK); WriterStore w = new WriterStore(db)) {
            assertThat(w.recordStart(T0.plusSeconds(30), "1")).isEqualTo(T0.plusSeconds(20));
        }
    }

    private static Alert alert(String id, String household) {
        return new Alert(id, T0, "elderly-inactivity", Stage.WARNING, household, null, List.of("property"), T0,
                "text", false, Map.of());
    }

    private static OutboxRow row(String alertId, String channel) {
        return new OutboxRow(0, alertId, channel, OutboxRow.MQTT, "household:h-1", "{\"id\":\"" + alertId + "\"}", T0,
                null, 0, null, 0);
    }
}

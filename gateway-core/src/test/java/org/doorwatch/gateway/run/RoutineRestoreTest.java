package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routine-deviation across a restart of the live gateway's start-up path: the learned profile is
 * persisted with the household in SQLite after every batch (as the writer does), read back by
 * {@link Restore} into a fresh engine, and that engine raises exactly what an uninterrupted run
 * raises, on the three weeks of config/examples/routine.
 */
class RoutineRestoreTest {

    static final Path EXAMPLE = Path.of(System.getProperty("doorwatch.root", "..")).resolve("config/examples/routine");
    static final Instant UNTIL = OffsetDateTime.parse("2026-11-23T00:00:00+08:00").toInstant();

    @TempDir
    Path dir;

    @Test
    void theProfileComesBackFromTheStoreAndGivesTheSameAlerts() throws Exception {
        GatewayConfig config = ConfigLoader.load(EXAMPLE.resolve("gateway.yml"));
        List<DoorEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(EXAMPLE.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            events.add(EventJson.parse(line, config.zone(), null, null).event());
        }
        List<Alert> straight = run(config, events);
        assertThat(straight).extracting(a -> a.rule() + " " + a.stage()).contains("routine-deviation NOTICE");

        // down from the evening she falls silent until after her NOTICE fell due (09:00), between
        // her neighbour's evening and morning doors
        Instant down = OffsetDateTime.parse("2026-11-21T20:15:00+08:00").toInstant();
        Instant up = OffsetDateTime.parse("2026-11-22T09:10:00+08:00").toInstant();
        Path file = dir.resolve("gateway.db");
        List<Alert> restarted = new ArrayList<>();
        int next = 0;
        try (Database db = Database.open(file, Clock.fixed(down, ZoneOffset.UTC)); WriterStore store = new WriterStore(db)) {
            WatchEngine engine = new WatchEngine(config.engine());
            engine.start(events.get(0).ts());
            persist(engine, store, events.get(0).ts());
            for (; next < events.size() && events.get(next).ts().isBefore(down); next++) {
                DoorEvent e = events.get(next);
                restarted.addAll(engine.apply(e, e.ts()));
                persist(engine, store, e.ts());
            }
        }
        try (Database db = Database.open(file, Clock.fixed(up, ZoneOffset.UTC)); WriterStore store = new WriterStore(db)) {
            WatchEngine engine = Restore.engine(config, store, up);
            assertThat(store.households()).allSatisfy(h -> assertThat(h.routine()).isNotNull());
            restarted.addAll(engine.advance(up)); // the writer's first tick: the NOTICE that fell due while down
            for (; next < events.size(); next++) {
                DoorEvent e = events.get(next);
                restarted.addAll(engine.apply(e, e.ts()));
            }
            restarted.addAll(engine.advance(UNTIL));
        }

        // the same alerts with the same ids; only the NOTICE's ts is the start-up time (SPEC 6.7)
        assertThat(restarted).extracting(Alert::id).containsExactlyElementsOf(straight.stream().map(Alert::id).toList());
        assertThat(restarted).extracting(Alert::message).containsExactlyElementsOf(straight.stream().map(Alert::message).toList());
        Alert notice = restarted.stream().filter(a -> a.rule().equals("routine-deviation")).findFirst().orElseThrow();
        assertThat(notice.ts()).isEqualTo(up);
        assertThat(straight.get(0).ts()).isBefore(up);
    }

    private static List<Alert> run(GatewayConfig config, List<DoorEvent> events) {
        WatchEngine engine = new WatchEngine(config.engine());
        engine.start(events.get(0).ts());
        List<Alert> alerts = new ArrayList<>();
        for (DoorEvent e : events) {
            alerts.addAll(engine.apply(e, e.ts()));
            engine.commit();
        }
        alerts.addAll(engine.advance(UNTIL));
        return alerts;
    }

    /** What the writer does after each batch: the changed states into SQLite, then the engine commits. */
    private static void persist(WatchEngine engine, WriterStore store, Instant now) throws Exception {
        Batch b = new Batch();
        engine.changes().forEach(b::household);
        engine.deviceChanges().forEach(b::device);
        store.commit(b, now);
        engine.commit();
    }
}

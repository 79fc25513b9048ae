package org.doorwatch.gateway.testing;

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
import org.doorwatch.gateway.storage.AuditEntry;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.JournalEntry;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxUpdate;
import org.doorwatch.gateway.storage.WriterStore;
import org.doorwatch.rules.HouseholdState;

/**
 * A store written by this build, through the writer's own {@link WriterStore}: for each of
 * {@code households} households {@code h-i}, {@code eventsEach} journal events, a state with a
 * WARNING raised, and its WARNING with two deliveries, the first confirmed and the second owed;
 * one audit row per household.
 */
public final class StoreFiller {

    public static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    private StoreFiller() {}

    public static void fill(Path store, int households, int eventsEach) throws Exception {
        try (Database db = Database.open(store, Clock.fixed(T0, ZoneOffset.UTC)); WriterStore w = new WriterStore(db)) {
            w.recordStart(T0, "test");
            for (int h = 1; h <= households; h++) {
                Batch b = new Batch();
                String id = "h-" + h;
                for (int e = 0; e < eventsEach; e++) {
                    Instant at = T0.plusSeconds(e);
                    b.event(new JournalEntry(new DoorEvent(at, "door-" + id, EventType.ACCESS_GRANTED, id,
                            "card:" + h + "-" + e, null, null, null), "mqtt", at));
                }
                Instant warned = T0.plus(Duration.ofHours(24));
                b.household(new HouseholdState(id, T0, 1, List.of("property", "community"), false, null));
                String alertId = "alert-" + id;
                b.alert(new Batch.NewAlert(new Alert(alertId, warned, "elderly-inactivity", Stage.WARNING, id, null,
                        List.of("property", "community"), T0, h + "号 已24小时未开门", false, Map.of()),
                        "{\"id\":\"" + alertId + "\"}"));
                for (String channel : List.of("property", "community")) {
                    b.outbox(new OutboxRow(0, alertId, channel, OutboxRow.MQTT, "household:" + id,
                            "{\"id\":\"" + alertId + "\"}", warned, null, 0, null, 0));
                }
                b.audit(new AuditEntry(warned, "wang", "GET /api/households/:id", id, null, "10.0.0.5", "allowed"));
                List<OutboxRow> rows = w.commit(b, warned).outbox();
                Batch delivered = new Batch();
                delivered.outboxUpdate(new OutboxUpdate.Delivered(rows.get(0).seq(), warned));
                w.commit(delivered, warned);
            }
            w.recordStop(T0.plus(Duration.ofDays(2)));
        }
    }
}

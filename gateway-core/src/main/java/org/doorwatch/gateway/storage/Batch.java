package org.doorwatch.gateway.storage;

import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.Alert;
import org.doorwatch.rules.DeviceState;
import org.doorwatch.rules.HouseholdState;

/**
 * What one writer transaction commits, all or nothing: the batch's journal rows, the changed
 * household and device states, the new alerts with their outbox rows, acknowledgements, and what delivery
 * reported about earlier outbox rows.
 */
public final class Batch {

    /** An alert and the exact JSON its deliveries carry. */
    public record NewAlert(Alert alert, String json) {}

    final List<JournalEntry> events = new ArrayList<>();
    final List<HouseholdState> households = new ArrayList<>();
    final List<DeviceState> devices = new ArrayList<>();
    final List<NewAlert> alerts = new ArrayList<>();
    final List<OutboxRow> outbox = new ArrayList<>();
    final List<Acknowledgement> acknowledgements = new ArrayList<>();
    final List<OutboxUpdate> outboxUpdates = new ArrayList<>();
    final List<OutcomeRecord> outcomes = new ArrayList<>();
    final List<AuditEntry> audits = new ArrayList<>();
    final List<org.doorwatch.notify.NotificationSchedule.Change> notifyChanges = new ArrayList<>();
    final List<RoundRecord> rounds = new ArrayList<>();
    final List<CancelHeld> cancels = new ArrayList<>();

    /**
     * A RESOLVED ended the alerts of {@code rule} and this subject: their messages to people that
     * were held (quiet hours, duty rosters) and not tried yet are not sent any more.
     */
    public record CancelHeld(String rule, String household, String device, String reason) {}

    public void event(JournalEntry e) {
        events.add(e);
    }

    public void household(HouseholdState s) {
        households.add(s);
    }

    public void device(DeviceState s) {
        devices.add(s);
    }

    public void alert(NewAlert a) {
        alerts.add(a);
    }

    /** An outbox row; its {@code seq} is assigned by {@link WriterStore#commit}. */
    public void outbox(OutboxRow row) {
        outbox.add(row);
    }

    public void acknowledgement(Acknowledgement a) {
        acknowledgements.add(a);
    }

    /** What delivery learned about earlier rows: delivered, failed attempts, failed for good. */
    public void outboxUpdate(OutboxUpdate u) {
        outboxUpdates.add(u);
    }

    /** A staff member's outcome of a stage (issue 7). */
    public void outcome(OutcomeRecord o) {
        outcomes.add(o);
    }

    /** An audit log row (issue 7), committed with what it records. */
    public void audit(AuditEntry a) {
        audits.add(a);
    }

    /** An alert's re-notification state now (or its end), as the schedule reports it. */
    public void notifyChange(org.doorwatch.notify.NotificationSchedule.Change c) {
        notifyChanges.add(c);
    }

    /** A line of an alert's re-notification history. */
    public void round(RoundRecord r) {
        rounds.add(r);
    }

    /** Held messages to people of the alerts a RESOLVED ended: cancelled in this transaction. */
    public void cancelHeld(CancelHeld c) {
        cancels.add(c);
    }

    public boolean isEmpty() {
        return events.isEmpty() && households.isEmpty() && devices.isEmpty() && alerts.isEmpty() && outbox.isEmpty()
                && acknowledgements.isEmpty() && outboxUpdates.isEmpty() && outcomes.isEmpty() && audits.isEmpty()
                && notifyChanges.isEmpty() && rounds.isEmpty() && cancels.isEmpty();
    }

    public int eventCount() {
        return events.size();
    }

    public List<NewAlert> alerts() {
        return alerts;
    }

    public void forEachEvent(java.util.function.Consumer<JournalEntry> action) {
        events.forEach(action);
    }

    public void forEachHousehold(java.util.function.Consumer<HouseholdState> action) {
        households.forEach(action);
    }
}

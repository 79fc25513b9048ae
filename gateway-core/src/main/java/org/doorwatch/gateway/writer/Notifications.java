package org.doorwatch.gateway.writer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.Batch;
import org.doorwatch.gateway.storage.OpenNotification;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.OutboxStore;
import org.doorwatch.gateway.storage.RoundRecord;
import org.doorwatch.gateway.storage.UnresolvedText;
import org.doorwatch.notify.ChannelKind;
import org.doorwatch.notify.NotificationSchedule;
import org.doorwatch.notify.Notice;
import org.doorwatch.notify.Plan;
import org.doorwatch.notify.Role;
import org.doorwatch.notify.RoleRoutes;

/**
 * The writer's side of SPEC section 8: an alert's messages to people, and their re-notification.
 *
 * <p>A new alert is planned at once ({@link org.doorwatch.notify.Recipients}): each notice on a
 * WeCom, DingTalk or SMS channel becomes an outbox row in the alert's own transaction, one per
 * (channel, person) for SMS and one per group message with the people it @-mentions. A notice
 * that must wait (quiet hours, a duty roster) is a row whose first attempt is not before its
 * time, so it is as durable as any other: after a crash it still goes out at its time, with the
 * alert's id.
 *
 * <p>Re-notification runs on the writer's one wake-up: {@link #nextDeadline()} joins the engine's
 * deadline, and each tick takes the rounds due ({@link NotificationSchedule#advance}) into the
 * same transaction as everything else, with a line of history per round, pass-on and end. The
 * schedule is transactional like the engine: {@link #commit()} after the store committed,
 * {@link #rollback()} when it did not. Its state is stored per open alert ({@code notify_open})
 * and read back at start-up.
 *
 * <p>What stops an alert's rounds: an acknowledgement, a later stage of the same rule and subject,
 * or its RESOLVED; a RESOLVED also takes back the messages to people of that episode that are
 * still held and were never tried. None of this touches the escalation (SPEC 6.6).
 *
 * <p>Confined to the writer thread.
 */
public final class Notifications {

    /** Rounds taken per tick; more wait for the next tick, right after. */
    static final int MAX_ROUNDS_PER_TICK = 5000;

    /** What a re-sent message carries, kept while the alert has rounds to come. */
    private record Payload(String json, Instant alertTs, String device) {}

    private final NotificationSchedule schedule;
    private final Map<String, Payload> payloads = new HashMap<>();
    /**
     * Per rule and subject of an episode not yet resolved: the people texted (channel and person,
     * and when the text could go), so that its RESOLVED tells them to stand down. What a batch
     * adds or clears is applied when it commits.
     */
    private final Map<String, Map<String, Instant>> texted = new HashMap<>();
    private final Map<String, Map<String, Instant>> textedInBatch = new HashMap<>();
    private final java.util.Set<String> resolvedInBatch = new java.util.HashSet<>();
    private RoleRoutes roles;
    private Map<String, String> transports;
    private boolean people;

    private Notifications(GatewayConfig config, NotificationSchedule schedule) {
        this.schedule = schedule;
        configure(config);
    }

    /**
     * A schedule for {@code config}, with the alerts the store says are still re-notified and the
     * texts of the episodes not yet resolved.
     */
    public static Notifications restore(GatewayConfig config, List<OpenNotification> open, List<UnresolvedText> texted) {
        Notifications n = new Notifications(config, new NotificationSchedule(config.recipients()));
        for (OpenNotification o : open) {
            n.schedule.restore(o.state());
            n.payloads.put(o.state().alert().id(), new Payload(o.json(), o.alertTs(), o.device()));
        }
        for (UnresolvedText t : texted) {
            n.texted.computeIfAbsent(key(t.rule(), t.household(), t.device()), k -> new java.util.LinkedHashMap<>())
                    .merge(t.channel() + "\0" + t.person(), t.notBefore(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return n;
    }

    /** An empty schedule for {@code config}. */
    public static Notifications of(GatewayConfig config) {
        return restore(config, List.of(), List.of());
    }

    private static String key(String rule, String household, String device) {
        return rule + "\0" + household + "\0" + device;
    }

    private void configure(GatewayConfig config) {
        roles = config.people().roles();
        people = !config.people().people().isEmpty();
        Map<String, String> t = new HashMap<>();
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            String transport = c.sms() != null ? OutboxRow.SMS : c.wecom() != null ? OutboxRow.WECOM
                    : c.dingtalk() != null ? OutboxRow.DINGTALK : null;
            if (transport != null) {
                t.put(c.id(), transport);
            }
        }
        transports = Map.copyOf(t);
    }

    /** A reloaded config: people, roles, rosters and channels from now on; open alerts keep their rounds. */
    void reconfigure(GatewayConfig next) {
        configure(next);
        schedule.reconfigure(next.recipients());
    }

    Instant nextDeadline() {
        return schedule.nextDeadline();
    }

    /** The rows to people of a new alert (its first round), and its re-notification from now on. */
    void raised(Alert a, String json, long arrivalNanos, Instant now, Batch tx) {
        if (a.stage() == Stage.RESOLVED && people) {
            tx.cancelHeld(new Batch.CancelHeld(a.rule(), a.household(), a.device(),
                    "not sent: resolved (" + a.id() + ") before its time"));
        }
        List<Role> routeRoles = roles.roles(a.rule(), a.stage());
        boolean reachesPeople = !routeRoles.isEmpty();
        for (String c : a.channels()) {
            reachesPeople |= transports.containsKey(c);
        }
        String k = key(a.rule(), a.household(), a.device());
        boolean standDown = a.stage() == Stage.RESOLVED && (texted.containsKey(k) || textedInBatch.containsKey(k));
        if (!reachesPeople && !standDown && schedule.size() == 0) {
            return; // MQTT and webhooks only, and nothing it could supersede: ChannelPlan's rows are all it owes
        }
        String subject = a.household() != null ? a.household() : a.device();
        NotificationSchedule.Round first = schedule.raise(new NotificationSchedule.Alerting(a.id(), a.rule(), a.stage(),
                a.household(), subject, a.channels(), routeRoles), now);
        rows(a.id(), a.household(), a.device(), json, a.ts(), arrivalNanos, first.plan(), now, tx,
                a.stage() == Stage.RESOLVED ? null : a.rule(), a.rule());
        if (schedule.isOpen(a.id())) {
            payloads.put(a.id(), new Payload(json, a.ts(), a.device()));
        }
        if (standDown) {
            standDown(a, json, arrivalNanos, now, tx);
        }
    }

    /**
     * The RESOLVED of an episode texts everybody the episode texted (those whose text could go
     * by now: a held one was just taken back), on the same channel, so that nobody goes to knock
     * on a door that already opened. Their group messages need nothing more: the group gets the
     * RESOLVED as it got the stages.
     */
    private void standDown(Alert a, String json, long arrivalNanos, Instant now, Batch tx) {
        String k = key(a.rule(), a.household(), a.device());
        Map<String, Instant> all = new java.util.LinkedHashMap<>();
        if (!resolvedInBatch.contains(k)) {
            all.putAll(texted.getOrDefault(k, Map.of()));
        }
        all.putAll(textedInBatch.getOrDefault(k, Map.of()));
        resolvedInBatch.add(k);
        textedInBatch.remove(k);
        for (Map.Entry<String, Instant> e : all.entrySet()) {
            if (e.getValue().isAfter(now)) {
                continue;
            }
            String channel = e.getKey().substring(0, e.getKey().indexOf('\0'));
            String person = e.getKey().substring(e.getKey().indexOf('\0') + 1);
            if (!OutboxRow.SMS.equals(transports.get(channel))) {
                continue; // the channel left the config
            }
            List<String> ids = List.of(person);
            tx.outbox(new OutboxRow(0, a.id(), channel, OutboxRow.SMS,
                    OutboxStore.orderKey(a.household(), a.device(), a.rule(), OutboxRow.SMS, ids, false), json, a.ts(), null, 0,
                    null, arrivalNanos, ids, 0));
        }
    }

    /** Somebody acknowledged {@code alertId}: no more rounds (its stages go on). */
    void acknowledged(String alertId) {
        schedule.acknowledge(alertId);
    }

    /** The rounds due at {@code now}: their rows and a line of history each. */
    void advance(Instant now, Batch tx) {
        if (schedule.nextDeadline() == null || schedule.nextDeadline().isAfter(now)) {
            return;
        }
        for (NotificationSchedule.Round r : schedule.advance(now, MAX_ROUNDS_PER_TICK)) {
            NotificationSchedule.Alerting a = r.alert();
            Payload p = payloads.get(a.id());
            if (p == null) { // cannot happen: a payload is kept while the alert is open
                throw new IllegalStateException("alert " + a.id() + " has rounds but no payload");
            }
            rows(a.id(), a.household(), p.device(), p.json(), p.alertTs(), 0, r.plan(), now, tx, a.rule(), a.rule());
            tx.round(new RoundRecord(a.id(), now, r.passedOn() ? RoundRecord.PASS_ON : RoundRecord.RENOTIFY, r.round(),
                    r.roles().stream().map(Role::id).toList(), skipped(r.plan())));
        }
    }

    /** What the transaction must persist of the schedule: every touched alert's state, every end. */
    void finish(Instant now, Batch tx) {
        schedule.changes().forEach(tx::notifyChange);
        for (NotificationSchedule.Ended e : schedule.ended()) {
            tx.round(new RoundRecord(e.alertId(), now, RoundRecord.ENDED, null, List.of(), reason(e)));
        }
    }

    /** The store committed: the schedule's changes stand. */
    void commit() {
        resolvedInBatch.forEach(texted::remove);
        textedInBatch.forEach((k, m) -> texted.computeIfAbsent(k, x -> new java.util.LinkedHashMap<>()).putAll(m));
        resolvedInBatch.clear();
        textedInBatch.clear();
        for (NotificationSchedule.Change c : schedule.changes()) {
            if (c.state() == null) {
                payloads.remove(c.alertId());
            }
        }
        schedule.commit();
    }

    /** The store refused the transaction: the schedule is as it was after the last commit. */
    void rollback() {
        schedule.rollback();
        resolvedInBatch.clear();
        textedInBatch.clear();
        payloads.keySet().removeIf(id -> !schedule.isOpen(id)); // raised in the failed batch only
    }

    /**
     * @param rule      the alert's rule, to remember its texts for the RESOLVED; null for a RESOLVED's own rows
     * @param alertRule the alert's rule always: the ordering key of an alert with neither household nor device
     */
    private void rows(String alertId, String household, String device, String json, Instant alertTs, long arrivalNanos,
                      Plan plan, Instant now, Batch tx, String rule, String alertRule) {
        for (Notice n : plan.notices()) {
            if (n.kind() == ChannelKind.PLAIN) {
                continue; // MQTT and webhooks: ChannelPlan's rows
            }
            String transport = transports.get(n.channel());
            if (transport == null) {
                continue; // the channel is not one of this config's robots or SMS accounts
            }
            boolean held = n.at().isAfter(now);
            List<String> ids = n.personIds();
            tx.outbox(new OutboxRow(0, alertId, n.channel(), transport,
                    OutboxStore.orderKey(household, device, alertRule, transport, ids, held), json, alertTs, null, 0,
                    held ? n.at() : null, arrivalNanos, ids, n.round()));
            if (rule != null && OutboxRow.SMS.equals(transport)) {
                Map<String, Instant> m = textedInBatch.computeIfAbsent(key(rule, household, device),
                        k -> new java.util.LinkedHashMap<>());
                for (String id : ids) {
                    m.merge(n.channel() + "\0" + id, n.at(), (x, y) -> x.isBefore(y) ? x : y);
                }
            }
        }
    }

    /** Who of a round's roles was not reached and why: ids and roles only, never names. */
    private static String skipped(Plan plan) {
        if (plan.skipped().isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Plan.Skipped s : plan.skipped()) {
            out.add((s.person() == null ? s.role().id() : s.person().id() + " (" + s.role().id() + ")") + ": " + s.reason());
        }
        return String.join("; ", out);
    }

    private static String reason(NotificationSchedule.Ended e) {
        return switch (e.reason()) {
            case NotificationSchedule.SUPERSEDED -> "superseded by " + e.by();
            case NotificationSchedule.EXHAUSTED -> "exhausted: no role left to pass on to";
            case NotificationSchedule.TURNED_OFF -> "re-notification turned off by a reload";
            default -> e.reason();
        };
    }
}

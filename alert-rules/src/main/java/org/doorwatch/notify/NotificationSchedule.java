package org.doorwatch.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.doorwatch.domain.Stage;

/**
 * Every open alert's re-notification, on one queue: the gateway asks {@link #nextDeadline()},
 * wakes once, and {@link #advance} hands back each round due, planned by {@link Recipients} at
 * that instant (whoever is on duty then; quiet hours again). Pure: time is an argument.
 *
 * <p>A round goes out; the next is due {@code after} once the round's last message went out
 * (a WARNING held by quiet hours is not re-sent during them). After {@code times} re-sends a role
 * passes on to its {@code then} role, whose people get the alert and the same cycle; a role is
 * never passed to twice. What stops it: an acknowledgement ({@link #acknowledge}), a later stage
 * of the same rule and subject (it has its own rounds), or RESOLVED. None of these touch the
 * escalation stages (SPEC 6.6): this class only decides messages.
 *
 * <p>Transactions, as the engine's: the caller commits what {@link #changes()} and
 * {@link #ended()} list with the messages of the rounds in one store transaction, then calls
 * {@link #commit()}; if the store refuses it, {@link #rollback()} puts every alert touched since
 * the last commit back as it was, and the same work can be done again.
 *
 * <p>Cost: insert, reschedule and stop O(log n) (a tree ordered by due time and creation).
 */
public final class NotificationSchedule {

    /**
     * What the schedule needs of an alert.
     *
     * @param subject  what a later stage supersedes by: the household, else the device
     * @param channels the channels of its route
     * @param roles    the roles of its route
     */
    public record Alerting(String id, String rule, Stage stage, String household, String subject,
                           List<String> channels, List<Role> roles) {
        public Alerting {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(stage, "stage");
            channels = List.copyOf(channels);
            roles = List.copyOf(roles);
        }
    }

    /**
     * One round of messages.
     *
     * @param round    0 first sending, 1.. the re-sends and pass-ons in order
     * @param passedOn true when this round is a pass-on to {@code roles}
     */
    public record Round(Alerting alert, int round, List<Role> roles, boolean passedOn, Plan plan) {}

    private static final class Open {
        final Alerting alert;
        final long seq;
        List<Role> roles;
        final Set<Role> visited = EnumSet.noneOf(Role.class);
        int round;
        int cycle;
        Instant due;

        Open(Alerting alert, long seq) {
            this.alert = alert;
            this.seq = seq;
        }

        Open copy() {
            Open c = new Open(alert, seq);
            c.roles = roles;
            c.visited.addAll(visited);
            c.round = round;
            c.cycle = cycle;
            c.due = due;
            return c;
        }

        State state() {
            return new State(alert, round, cycle, roles, visited, due);
        }
    }

    /**
     * An open alert's re-notification as the store keeps it: {@code round} rounds sent so far, of
     * which {@code cycle} re-sends to the current {@code roles}; the roles it has reached or been
     * passed to ({@code visited}); when the next round is due.
     */
    public record State(Alerting alert, int round, int cycle, List<Role> roles, Set<Role> visited, Instant due) {
        public State {
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(due, "due");
            roles = List.copyOf(roles);
            visited = visited.isEmpty() ? Set.of() : Set.copyOf(visited);
        }
    }

    /** What a commit must persist of one alert: its state now, or null when it has no rounds left. */
    public record Change(String alertId, State state) {}

    /**
     * An alert's rounds ended, and why: {@link #ACKNOWLEDGED}, {@link #SUPERSEDED} (a later stage
     * or RESOLVED, {@code by} names it), {@link #EXHAUSTED} (no role left to pass on to),
     * {@link #TURNED_OFF} (a reload turned re-notification off).
     */
    public record Ended(String alertId, String reason, String by) {}

    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SUPERSEDED = "superseded";
    public static final String EXHAUSTED = "exhausted";
    public static final String TURNED_OFF = "turned-off";

    private Recipients recipients;
    private Renotify renotify;
    private final TreeSet<Open> queue = new TreeSet<>(Comparator.<Open, Instant>comparing(o -> o.due)
            .thenComparingLong(o -> o.seq));
    private final Map<String, Open> byId = new HashMap<>();
    private long seq;
    /** Since the last commit: each touched alert's state before (null: it had none), and the rounds that ended. */
    private final Map<String, Open> before = new java.util.LinkedHashMap<>();
    private final List<Ended> ended = new ArrayList<>();

    public NotificationSchedule(Recipients recipients) {
        this.recipients = Objects.requireNonNull(recipients, "recipients");
        this.renotify = recipients.policy().renotify();
    }

    public Recipients recipients() {
        return recipients;
    }

    /**
     * An alert raised {@code at}: its first round, planned now; it is re-notified from then on when
     * its stage is one that is and its route names roles. A RESOLVED or a later stage stops the
     * rounds of earlier alerts of the same rule and subject.
     */
    public Round raise(Alerting a, Instant at) {
        supersede(a);
        Plan plan = recipients.plan(a.household(), a.stage(), a.channels(), a.roles(), at);
        if (renotify.enabled() && Renotify.renotifies(a.stage()) && !a.roles().isEmpty() && !byId.containsKey(a.id())) {
            touch(a.id());
            Open o = new Open(a, seq++);
            o.roles = a.roles();
            o.visited.addAll(a.roles());
            o.due = next(plan, at);
            queue.add(o);
            byId.put(a.id(), o);
        }
        return new Round(a, 0, a.roles(), false, plan);
    }

    /** Takes back an alert's state after a restart, as {@link #changes()} gave it to the store. */
    public void restore(State state) {
        Alerting a = state.alert();
        if (byId.containsKey(a.id())) {
            return;
        }
        Open o = new Open(a, seq++);
        o.roles = state.roles();
        o.visited.addAll(a.roles());
        o.visited.addAll(state.visited());
        o.visited.addAll(state.roles());
        o.round = state.round();
        o.cycle = state.cycle();
        o.due = state.due();
        queue.add(o);
        byId.put(a.id(), o);
    }

    /** Somebody acknowledged {@code alertId}: no more rounds. True when it had any left. */
    public boolean acknowledge(String alertId) {
        return stop(alertId, ACKNOWLEDGED, null);
    }

    /** Stops the rounds of {@code alertId}, for {@code reason}. True when it had any left. */
    public boolean stop(String alertId, String reason, String by) {
        Open o = byId.get(alertId);
        if (o == null) {
            return false;
        }
        touch(alertId);
        byId.remove(alertId);
        queue.remove(o);
        ended.add(new Ended(alertId, reason, by));
        return true;
    }

    /** True while {@code alertId} has rounds to come. */
    public boolean isOpen(String alertId) {
        return byId.containsKey(alertId);
    }

    public int size() {
        return byId.size();
    }

    /** When the next round is due, or null. */
    public Instant nextDeadline() {
        return queue.isEmpty() ? null : queue.first().due;
    }

    /** The rounds due at or before {@code now}, at most {@code max}, earliest first. */
    public List<Round> advance(Instant now, int max) {
        List<Round> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.first().due.isAfter(now) && out.size() < max) {
            touch(queue.first().alert.id());
            Open o = queue.pollFirst();
            boolean passedOn = false;
            if (o.cycle < renotify.times()) {
                o.cycle++;
            } else {
                List<Role> next = new ArrayList<>(new LinkedHashSet<>(o.roles.stream()
                        .map(r -> renotify.then().get(r)).filter(r -> r != null && !o.visited.contains(r)).toList()));
                if (next.isEmpty()) {
                    byId.remove(o.alert.id());
                    ended.add(new Ended(o.alert.id(), EXHAUSTED, null));
                    continue;
                }
                o.roles = List.copyOf(next);
                o.visited.addAll(next);
                o.cycle = 0;
                passedOn = true;
            }
            o.round++;
            // A late tick (the gateway was down) plans at now: one round, not a burst of the missed ones.
            Plan plan = recipients.plan(o.alert.household(), o.alert.stage(), o.alert.channels(), o.roles, now,
                    o.round, false);
            out.add(new Round(o.alert, o.round, o.roles, passedOn, plan));
            o.due = next(plan, now);
            queue.add(o);
        }
        return out;
    }

    private Instant next(Plan plan, Instant at) {
        Instant last = plan.last();
        return (last == null || last.isBefore(at) ? at : last).plus(renotify.after());
    }

    private void supersede(Alerting a) {
        List<String> earlier = new ArrayList<>();
        for (Open o : byId.values()) {
            Alerting old = o.alert;
            if (!old.id().equals(a.id()) && old.rule().equals(a.rule()) && Objects.equals(old.subject(), a.subject())
                    && (a.stage() == Stage.RESOLVED || old.stage().ordinal() <= a.stage().ordinal())) {
                earlier.add(old.id());
            }
        }
        earlier.forEach(id -> stop(id, SUPERSEDED, a.id()));
    }

    /**
     * A reloaded config: who is reached and how from now on. Open alerts keep their rounds so far;
     * the next are planned with {@code next}. Re-notification turned off ends them all.
     */
    public void reconfigure(Recipients next) {
        this.recipients = Objects.requireNonNull(next, "next");
        this.renotify = next.policy().renotify();
        if (!renotify.enabled()) {
            for (String id : new ArrayList<>(byId.keySet())) {
                stop(id, TURNED_OFF, null);
            }
        }
    }

    // ------------------------------------------------------------------ transactions

    private void touch(String id) {
        if (!before.containsKey(id)) {
            Open o = byId.get(id);
            before.put(id, o == null ? null : o.copy());
        }
    }

    /**
     * The alerts whose rounds changed since the last {@link #commit}, with their state now (null:
     * ended): what the caller writes in the same transaction as the messages.
     */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>(before.size());
        for (String id : before.keySet()) {
            Open o = byId.get(id);
            out.add(new Change(id, o == null ? null : o.state()));
        }
        return out;
    }

    /** The rounds that ended since the last {@link #commit}, in order. */
    public List<Ended> ended() {
        return List.copyOf(ended);
    }

    /** The caller's transaction committed: forget how things were. */
    public void commit() {
        before.clear();
        ended.clear();
    }

    /** The caller's transaction failed: every alert touched since the last commit is as it was then. */
    public void rollback() {
        before.forEach((id, was) -> {
            Open now = byId.remove(id);
            if (now != null) {
                queue.remove(now);
            }
            if (was != null) {
                byId.put(id, was);
                queue.add(was);
            }
        });
        before.clear();
        ended.clear();
    }
}

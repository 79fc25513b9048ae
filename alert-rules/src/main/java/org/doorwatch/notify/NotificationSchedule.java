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
    }

    private final Recipients recipients;
    private final Renotify renotify;
    private final TreeSet<Open> queue = new TreeSet<>(Comparator.<Open, Instant>comparing(o -> o.due)
            .thenComparingLong(o -> o.seq));
    private final Map<String, Open> byId = new HashMap<>();
    private long seq;

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
            Open o = new Open(a, seq++);
            o.roles = a.roles();
            o.visited.addAll(a.roles());
            o.due = next(plan, at);
            queue.add(o);
            byId.put(a.id(), o);
        }
        return new Round(a, 0, a.roles(), false, plan);
    }

    /**
     * Takes back an alert's state after a restart: the rounds sent so far ({@code round}, of which
     * {@code cycle} re-sends in the current role set {@code roles}) and when the next is due.
     */
    public void restore(Alerting a, int round, int cycle, List<Role> roles, Set<Role> visited, Instant due) {
        if (byId.containsKey(a.id())) {
            return;
        }
        Open o = new Open(a, seq++);
        o.roles = List.copyOf(roles);
        o.visited.addAll(a.roles());
        o.visited.addAll(visited);
        o.visited.addAll(roles);
        o.round = round;
        o.cycle = cycle;
        o.due = due;
        queue.add(o);
        byId.put(a.id(), o);
    }

    /** Somebody acknowledged {@code alertId}: no more rounds. True when it had any left. */
    public boolean acknowledge(String alertId) {
        return stop(alertId);
    }

    /** Stops the rounds of {@code alertId} (resolved, removed). True when it had any left. */
    public boolean stop(String alertId) {
        Open o = byId.remove(alertId);
        if (o == null) {
            return false;
        }
        queue.remove(o);
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
            Open o = queue.pollFirst();
            boolean passedOn = false;
            if (o.cycle < renotify.times()) {
                o.cycle++;
            } else {
                List<Role> next = new ArrayList<>(new LinkedHashSet<>(o.roles.stream()
                        .map(r -> renotify.then().get(r)).filter(r -> r != null && !o.visited.contains(r)).toList()));
                if (next.isEmpty()) {
                    byId.remove(o.alert.id());
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
        List<String> ended = new ArrayList<>();
        for (Open o : byId.values()) {
            Alerting old = o.alert;
            if (!old.id().equals(a.id()) && old.rule().equals(a.rule()) && Objects.equals(old.subject(), a.subject())
                    && (a.stage() == Stage.RESOLVED || old.stage().ordinal() <= a.stage().ordinal())) {
                ended.add(old.id());
            }
        }
        ended.forEach(this::stop);
    }
}

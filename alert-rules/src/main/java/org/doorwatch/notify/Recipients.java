package org.doorwatch.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.doorwatch.domain.Stage;

/**
 * Who an alert reaches at an instant, and when each message may go: the people of the route's
 * roles who look after the household, as their rosters and quiet hours allow. Pure: no clock,
 * no I/O; the caller passes the instant.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>A role stands for the people with that role whose {@code households} globs match the
 *       alert's household.</li>
 *   <li>They are reached on the route's person channels: each gets an SMS on an {@code sms}
 *       channel, and is @-mentioned in the message of a group channel. A route with no person
 *       channel still reaches the three 三员 roles, by SMS on every {@code sms} channel of the
 *       site; {@code property}, {@code community} and {@code police} (also MQTT channels) are then
 *       not reached personally.</li>
 *   <li>Of a role's people, those on duty at the instant are reached (a person's own {@code duty},
 *       else the role's roster, else always). When none is, the alert is not lost: it waits for
 *       the first of them to come on duty, and goes to whoever does then.</li>
 *   <li>Quiet hours may hold a WARNING or NOTICE to a role's people until the morning; then an SMS
 *       goes at the end of the quiet hours, to whoever of them is on duty then (a shift that ends
 *       in the night does not take the message with it), and a group message's @-mention of them
 *       is sent apart, at that time. The group message itself is never held.</li>
 *   <li>A person is reached once per channel, as the role that reaches them first.</li>
 * </ol>
 */
public final class Recipients {

    private final People people;
    private final NotifyPolicy policy;
    private final Map<String, ChannelKind> kinds;
    private final List<String> smsChannels;

    /**
     * @param kinds every channel of the site and its kind, in config order; a channel not in it is
     *              {@link ChannelKind#PLAIN}
     */
    public Recipients(People people, NotifyPolicy policy, Map<String, ChannelKind> kinds) {
        this.people = Objects.requireNonNull(people, "people");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.kinds = Map.copyOf(kinds);
        List<String> sms = new ArrayList<>();
        kinds.forEach((c, k) -> {
            if (k == ChannelKind.SMS) {
                sms.add(c);
            }
        });
        this.smsChannels = List.copyOf(sms);
    }

    public People people() {
        return people;
    }

    public NotifyPolicy policy() {
        return policy;
    }

    public ChannelKind kind(String channel) {
        return kinds.getOrDefault(channel, ChannelKind.PLAIN);
    }

    /** The first sending of an alert raised {@code at}: every channel of its route, and its people. */
    public Plan plan(String household, Stage stage, List<String> channels, List<Role> roles, Instant at) {
        return plan(household, stage, channels, roles, at, 0, true);
    }

    /**
     * @param round        0 for the first sending, n for a re-send
     * @param includePlain whether group and plain channels get their message even with nobody to
     *                     address (the first sending); a re-send goes to people only
     */
    public Plan plan(String household, Stage stage, List<String> channels, List<Role> roles, Instant at,
                     int round, boolean includePlain) {
        List<String> personChannels = new ArrayList<>();
        for (String c : channels) {
            if (kind(c).addressesPeople() && !personChannels.contains(c)) {
                personChannels.add(c);
            }
        }
        List<Plan.Skipped> skipped = new ArrayList<>();
        // person -> (role, time, channels), in the order people are first reached
        Map<String, Reached> reached = new LinkedHashMap<>();
        for (Role role : roles) {
            List<Person> ps = people.with(role, household);
            if (ps.isEmpty()) {
                skipped.add(new Plan.Skipped(null, role, "no one with this role looks after household " + household));
                continue;
            }
            List<String> via = !personChannels.isEmpty() ? personChannels
                    : role.volunteer() ? smsChannels : List.of();
            if (via.isEmpty()) {
                skipped.add(new Plan.Skipped(null, role, role.volunteer()
                        ? "no channel of this route reaches people, and the site has no sms channel"
                        : "no channel of this route reaches people (add sms or a group robot to the route)"));
                continue;
            }
            Instant from = firstReachable(ps, role, stage, at);
            for (Person p : ps) {
                if (!policy.roster(p, role).onDuty(from, policy.zone())) {
                    skipped.add(new Plan.Skipped(p, role, "off duty"));
                    continue;
                }
                Instant t = from;
                Reached r = reached.get(p.id());
                if (r == null) {
                    reached.put(p.id(), new Reached(new Notice.Reach(p, role), t, via));
                } else if (t.isBefore(r.at)) {
                    reached.put(p.id(), new Reached(new Notice.Reach(p, role), t, union(r.via, via)));
                } else {
                    r.via = union(r.via, via);
                }
            }
        }

        List<Notice> notices = new ArrayList<>();
        List<String> all = new ArrayList<>(channels);
        for (String c : smsChannels) {
            if (!all.contains(c) && reached.values().stream().anyMatch(r -> r.via.contains(c))) {
                all.add(c);
            }
        }
        for (String c : all) {
            ChannelKind k = kind(c);
            if (k == ChannelKind.PLAIN) {
                if (includePlain) {
                    notices.add(new Notice(c, k, List.of(), at, round));
                }
            } else if (k == ChannelKind.SMS) {
                for (Reached r : reached.values()) {
                    if (r.via.contains(c)) {
                        notices.add(new Notice(c, k, List.of(r.reach), r.at, round));
                    }
                }
            } else {
                Map<Instant, List<Notice.Reach>> byTime = new java.util.TreeMap<>();
                if (includePlain) {
                    byTime.put(at, new ArrayList<>());
                }
                for (Reached r : reached.values()) {
                    if (r.via.contains(c)) {
                        byTime.computeIfAbsent(r.at, x -> new ArrayList<>()).add(r.reach);
                    }
                }
                byTime.forEach((t, reach) -> notices.add(new Notice(c, k, reach, t, round)));
            }
        }
        notices.sort(Comparator.comparing(Notice::at)); // stable: route order within an instant
        return new Plan(notices, skipped);
    }

    /**
     * The first instant at or after {@code at} when somebody of {@code ps} is on duty as
     * {@code role} and quiet hours do not hold {@code stage} for that role: a shift that ends
     * inside the quiet hours does not take the message with it, it waits for the next shift
     * that reaches past them. People whose every shift lies in the quiet hours are reached at
     * the start of their shift: their roster says they watch at night.
     */
    private Instant firstReachable(List<Person> ps, Role role, Stage stage, Instant at) {
        Instant t = at;
        for (int i = 0; i < 32; i++) { // each turn moves past one night; rosters repeat weekly
            t = firstOnDuty(ps, role, t);
            Instant released = policy.quiet().release(t, policy.zone(), role, stage);
            if (released.equals(t)) {
                return t;
            }
            t = released;
        }
        return firstOnDuty(ps, role, at);
    }

    private Instant firstOnDuty(List<Person> ps, Role role, Instant at) {
        Instant first = null;
        for (Person p : ps) {
            Instant next = policy.roster(p, role).nextOnDuty(at, policy.zone());
            if (first == null || next.isBefore(first)) {
                first = next;
            }
        }
        return first;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String c : b) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static final class Reached {
        final Notice.Reach reach;
        final Instant at;
        List<String> via;

        Reached(Notice.Reach reach, Instant at, List<String> via) {
            this.reach = reach;
            this.at = at;
            this.via = via;
        }
    }
}

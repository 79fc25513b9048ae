package org.doorwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.doorwatch.domain.HouseholdGlob;
import org.doorwatch.domain.Stage;

/**
 * Recipient choice and re-notification on virtual time, against the SPEC 8 sentences written
 * as plain checks: random people (roles, globs, rosters), random instants over two weeks (nights,
 * weekends), random stages and routes.
 */
class NotifyPropertyTest {

    static final Instant MONDAY = Site.at("2026-11-23T00:00");
    static final List<String> HOUSEHOLDS = List.of("3-2-501", "3-2-502", "3-1-101", "5-1-302");
    static final List<String> GLOBS = List.of("3-2-*", "3-*", "5-*", "*", "3-2-501", "3-?-10?");
    static final List<String> SHIFTS = List.of("Mon-Fri 08:00-18:00", "Sat,Sun 09:00-12:00", "daily 20:00-08:00", "Wed 00:00-00:00");
    static final List<Stage> STAGES = List.of(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT, Stage.ALARM, Stage.NOTICE);

    @Provide
    Arbitrary<List<Person>> people() {
        Arbitrary<Person> person = Combinators.combine(
                Arbitraries.subsetOf(Role.values()).ofMinSize(1),
                Arbitraries.subsetOf(GLOBS).ofMinSize(1),
                Arbitraries.subsetOf(SHIFTS).injectNull(0.5),
                Arbitraries.integers().between(0, 99_999))
                .as((roles, globs, shifts, n) -> new Person("p" + n, "某" + n, EnumSet.copyOf(roles),
                        globs.stream().map(HouseholdGlob::new).toList(), "138" + String.format("%08d", n),
                        shifts == null ? null : new DutyRoster(shifts.stream().map(s -> Shift.parse(s).shift()).toList())));
        return person.list().ofMaxSize(8).uniqueElements(Person::id);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, Duration.ofDays(14).toMinutes()).map(m -> MONDAY.plus(Duration.ofMinutes(m)));
    }

    @Provide
    Arbitrary<List<String>> routes() {
        return Arbitraries.subsetOf("property", "property-group", "sms").map(s -> new ArrayList<>(s));
    }

    @Property(tries = 400)
    void everyoneReachedIsRightAndNobodyOnDutyIsLeftOut(@ForAll("people") List<Person> list, @ForAll("instants") Instant at,
            @ForAll("routes") List<String> route, @ForAll Set<Role> roleSet) {
        People people = new People(list);
        NotifyPolicy policy = NotifyPolicy.defaults(Site.ZONE);
        Recipients r = new Recipients(people, policy, Site.kinds());
        List<Role> roles = new ArrayList<>(roleSet);
        for (String household : HOUSEHOLDS) {
            for (Stage stage : STAGES) {
                Plan plan = r.plan(household, stage, route, roles, at);
                Map<String, Integer> smsPerPerson = new HashMap<>();
                for (Notice n : plan.notices()) {
                    assertThat(n.at()).isAfterOrEqualTo(at);
                    if (n.kind() == ChannelKind.PLAIN || (n.kind() == ChannelKind.GROUP && n.people().isEmpty())) {
                        assertThat(n.at()).isEqualTo(at); // channels themselves never wait
                    }
                    for (Notice.Reach reach : n.people()) {
                        assertThat(roles).contains(reach.role());
                        assertThat(reach.person().has(reach.role())).isTrue();
                        assertThat(reach.person().covers(household)).isTrue();
                        assertThat(policy.roster(reach.person(), reach.role()).onDuty(n.at(), Site.ZONE)
                                || !QuietHours.canWait(stage)).isTrue();
                        if (QuietHours.canWait(stage) && reach.role().volunteer()) {
                            assertThat(policy.quiet().quietAt(n.at(), Site.ZONE)).isFalse();
                        }
                        if (!QuietHours.canWait(stage) && policy.roster(reach.person(), reach.role()).onDuty(at, Site.ZONE)) {
                            assertThat(n.at()).isEqualTo(at); // CALL_BACK, VISIT, ALARM never wait for the night
                        }
                        if (n.kind() == ChannelKind.SMS) {
                            smsPerPerson.merge(n.channel() + "/" + reach.person().id(), 1, Integer::sum);
                        }
                    }
                }
                assertThat(smsPerPerson.values()).allMatch(c -> c == 1); // once per channel
                boolean smsReachable = route.contains("sms") || !route.contains("property-group");
                for (Role role : roles) {
                    for (Person p : people.with(role, household)) {
                        // on duty now and when the quiet hours (if they hold this stage) end
                        Instant released = policy.quiet().release(at, Site.ZONE, role, stage);
                        boolean onDuty = policy.roster(p, role).onDuty(at, Site.ZONE)
                                && policy.roster(p, role).onDuty(released, Site.ZONE);
                        boolean viaSms = route.contains("sms") || (!route.contains("property-group") && role.volunteer());
                        if (onDuty && viaSms && smsReachable) {
                            assertThat(plan.notices()).as("%s as %s", p, role)
                                    .anySatisfy(n -> assertThat(n.kind() == ChannelKind.SMS && n.personIds().contains(p.id())).isTrue());
                        }
                    }
                    // a role with people of the household reaches somebody (now or when duty starts) whenever it has a way
                    boolean hasWay = route.contains("sms") || route.contains("property-group") || role.volunteer();
                    if (!people.with(role, household).isEmpty() && hasWay) {
                        assertThat(plan.notices()).anySatisfy(n -> assertThat(n.people()).anyMatch(x -> x.role() == role
                                || x.person().has(role)));
                    }
                }
            }
        }
    }

    sealed interface Op permits Raise, Ack, Advance {}

    record Raise(int alert, Stage stage) implements Op {}

    record Ack(int alert) implements Op {}

    record Advance(int minutes) implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> raise = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.of(Stage.WARNING, Stage.CALL_BACK, Stage.ALARM)).as(Raise::new);
        Arbitrary<Op> ack = Arbitraries.integers().between(0, 5).map(Ack::new);
        Arbitrary<Op> advance = Arbitraries.integers().between(1, 200).map(Advance::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, raise), net.jqwik.api.Tuple.of(1, ack),
                net.jqwik.api.Tuple.of(4, advance)).list().ofMaxSize(40);
    }

    /**
     * The schedule against a naive model: no quiet hours, no rosters, so an alert raised at T
     * gets round k at T + k·after while unacknowledged, with the role chain of {@code then}.
     * Each alert has its own household, so nothing supersedes.
     */
    @Property(tries = 300)
    void scheduleAgreesWithTheNaiveModel(@ForAll("ops") List<Op> ops, @ForAll("instants") Instant start) {
        Duration after = Duration.ofMinutes(15);
        int times = 2;
        Map<Role, Role> then = Map.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON, Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN);
        List<Person> everyone = new ArrayList<>();
        for (Role role : List.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN)) {
            everyone.add(new Person(role.id(), "某", EnumSet.of(role), List.of(new HouseholdGlob("*")), "13800000000", null));
        }
        NotifyPolicy policy = new NotifyPolicy(Site.ZONE, QuietHours.OFF, Map.of(), new Renotify(true, after, times, then));
        NotificationSchedule schedule = new NotificationSchedule(new Recipients(new People(everyone), policy, Site.kinds()));

        Map<String, Instant> raisedAt = new LinkedHashMap<>();
        Map<String, Instant> ackedAt = new HashMap<>();
        Map<String, List<String>> got = new HashMap<>();
        Instant now = start;
        for (Op op : ops) {
            if (op instanceof Raise r) {
                String id = "a" + r.alert();
                if (raisedAt.containsKey(id)) {
                    continue;
                }
                raisedAt.put(id, now);
                schedule.raise(new NotificationSchedule.Alerting(id, "elderly-inactivity", r.stage(), "h" + r.alert(),
                        "h" + r.alert(), List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER)), now);
            } else if (op instanceof Ack a) {
                String id = "a" + a.alert();
                if (raisedAt.containsKey(id) && !ackedAt.containsKey(id)) {
                    ackedAt.put(id, now);
                    schedule.acknowledge(id);
                }
            } else if (op instanceof Advance adv) {
                Instant until = now.plus(Duration.ofMinutes(adv.minutes()));
                Instant next;
                while ((next = schedule.nextDeadline()) != null && !next.isAfter(until)) {
                    assertThat(next).isAfterOrEqualTo(now);
                    now = next;
                    for (NotificationSchedule.Round round : schedule.advance(now, 1000)) {
                        got.computeIfAbsent(round.alert().id(), k -> new ArrayList<>())
                                .add(round.round() + "@" + Duration.between(raisedAt.get(round.alert().id()), now).toMinutes()
                                        + ":" + round.roles());
                    }
                }
                now = until;
            }
        }
        List<Role> chain = List.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN);
        for (Map.Entry<String, Instant> e : raisedAt.entrySet()) {
            Instant end = ackedAt.getOrDefault(e.getKey(), now);
            List<String> expected = new ArrayList<>();
            for (int k = 1; k <= chain.size() * (times + 1) - 1; k++) {
                if (e.getValue().plus(after.multipliedBy(k)).isAfter(end)) {
                    break;
                }
                expected.add(k + "@" + after.multipliedBy(k).toMinutes() + ":" + List.of(chain.get(k / (times + 1))));
            }
            assertThat(got.getOrDefault(e.getKey(), List.of())).as(e.getKey()).isEqualTo(expected);
        }
    }
}

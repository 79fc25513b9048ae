package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.Test;

class TimelineTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant START = LocalDate.of(2026, 11, 22).atStartOfDay(ZONE).toInstant();
    static final Community COMMUNITY = CommunityGenerator.generate("sim", ZONE, 300, 7, "mqtt");

    @Test
    void theSameSeedGivesTheSameTrafficAndAnotherSeedAnother() {
        List<DoorEvent> a = take(new Timeline(COMMUNITY, 42, TrafficProfile.defaults(), List.of(), START, START.plus(Duration.ofDays(2))));
        List<DoorEvent> b = take(new Timeline(COMMUNITY, 42, TrafficProfile.defaults(), List.of(), START, START.plus(Duration.ofDays(2))));
        List<DoorEvent> c = take(new Timeline(COMMUNITY, 43, TrafficProfile.defaults(), List.of(), START, START.plus(Duration.ofDays(2))));

        assertThat(a).hasSizeGreaterThan(1000).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void eventsComeInTimeOrderWithinTheWindow() {
        Instant from = START.plus(Duration.ofHours(30));
        Instant to = from.plus(Duration.ofDays(3));
        List<DoorEvent> events = take(new Timeline(COMMUNITY, 1, TrafficProfile.defaults(), List.of(), from, to));

        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).ts()).isAfterOrEqualTo(events.get(i - 1).ts());
        }
        assertThat(events.get(0).ts()).isAfterOrEqualTo(from);
        assertThat(events.get(events.size() - 1).ts()).isBefore(to);
    }

    @Test
    void everyDeviceHeartbeatsOnTheIntervalGiven() {
        List<DoorEvent> events = take(new Timeline(COMMUNITY, 1, new TrafficProfile(Duration.ofMinutes(5), false), List.of(),
                START, START.plus(Duration.ofHours(1))));
        Map<String, Integer> beats = new HashMap<>();
        events.stream().filter(e -> e.type() == EventType.HEARTBEAT).forEach(e -> beats.merge(e.device(), 1, Integer::sum));

        assertThat(beats).hasSize(COMMUNITY.devices().size());
        assertThat(beats.values()).containsOnly(12); // one an hour every 5 minutes
    }

    @Test
    void byDefaultBatteryDoorContactsReportAboutHourlyAndMainsDevicesEveryFiveMinutes() {
        List<DoorEvent> events = take(new Timeline(COMMUNITY, 1, TrafficProfile.defaults().calm(), List.of(),
                START, START.plus(Duration.ofHours(12))));
        Map<String, List<Instant>> beats = new HashMap<>();
        events.stream().filter(e -> e.type() == EventType.HEARTBEAT)
                .forEach(e -> beats.computeIfAbsent(e.device(), d -> new ArrayList<>()).add(e.ts()));

        assertThat(beats).hasSize(COMMUNITY.devices().size());
        List<Duration> contactGaps = new ArrayList<>();
        for (SimDevice d : COMMUNITY.devices()) {
            List<Instant> times = beats.get(d.id());
            if (d.kind().equals("door-contact")) {
                assertThat(times).as(d.id()).hasSizeBetween(11, 13);
                for (int i = 1; i < times.size(); i++) {
                    contactGaps.add(Duration.between(times.get(i - 1), times.get(i)));
                }
            } else {
                assertThat(times).as(d.id()).hasSize(144);
            }
        }
        // each contact's own clock: within 2 % of the hour, and not all the same
        assertThat(contactGaps).allSatisfy(g -> assertThat(g).isBetween(Duration.ofMillis(3_528_000), Duration.ofMillis(3_672_000)));
        assertThat(contactGaps.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void aCalmCommunityRaisesNoSecurityAlarmWithTheDefaultRulesThoughItHoldsDoorsForMinutes() {
        List<Alert> alerts = runThroughEngine(List.of(), Duration.ofDays(7));

        assertThat(alerts).filteredOn(a -> a.stage() == Stage.ALARM).isEmpty();
        // two days under SPEC section 7's defaults for every device (120 s, 15 min): flats' doors
        // held with shopping and rubbish alarm every day, hourly contacts go offline every hour
        List<Alert> spec = runThroughEngine(List.of(), Duration.ofDays(2), new org.doorwatch.domain.RuleSettings(
                java.util.Set.of(), Duration.ofSeconds(120), 5, Duration.ofMinutes(10), Duration.ofMinutes(15), 10,
                Duration.ofHours(24), java.time.LocalTime.of(23, 0), java.time.LocalTime.of(5, 0)));
        assertThat(spec).filteredOn(a -> a.rule().equals("door-held-open") && a.stage() == Stage.ALARM)
                .hasSizeGreaterThan(2 * 60);
        assertThat(spec).filteredOn(a -> a.rule().equals("device-offline") && a.stage() == Stage.ALARM)
                .hasSizeGreaterThan(2 * 24 * 100);
    }

    @Test
    void aCommunityThatFollowsItsRoutineNeverEarnsAnElderlyAlert() {
        List<Alert> alerts = runThroughEngine(List.of(), Duration.ofDays(14));

        assertThat(alerts).filteredOn(a -> a.rule().equals("elderly-inactivity")).isEmpty();
    }

    @Test
    void aSilentHouseholdEscalatesAndResolvesWhenActiveAgain() {
        SimHousehold elderly = COMMUNITY.households().stream()
                .filter(h -> h.kind() == SimHousehold.Kind.ELDERLY).findFirst().orElseThrow();
        IncidentParser parser = new IncidentParser(Timeline.day0(START, ZONE), ZONE);
        List<Incident> incidents = List.of(parser.parse("silent " + elderly.id() + " from day2 until day6T09:00"));

        List<Alert> alerts = runThroughEngine(incidents, Duration.ofDays(8));

        assertThat(alerts).filteredOn(a -> a.rule().equals("elderly-inactivity"))
                .extracting(Alert::household).containsOnly(elderly.id());
        assertThat(alerts).filteredOn(a -> a.rule().equals("elderly-inactivity")).extracting(Alert::stage)
                .containsExactly(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT, Stage.RESOLVED);
        // the silence ends with the door opening at its end, not with tomorrow's routine
        Instant resumes = START.plus(Duration.ofDays(6)).plus(Duration.ofHours(9));
        assertThat(alerts).filteredOn(a -> a.rule().equals("elderly-inactivity") && a.stage() == Stage.RESOLVED).singleElement()
                .satisfies(a -> assertThat(a.ts()).isEqualTo(resumes));
    }

    @Test
    void theScriptedIncidentsRaiseTheirAlarmsUnderTheDefaultRules() {
        SimHousehold elderly = COMMUNITY.households().stream()
                .filter(h -> h.kind() == SimHousehold.Kind.ELDERLY).findFirst().orElseThrow();
        SimHousehold family = COMMUNITY.households().stream()
                .filter(h -> h.kind() == SimHousehold.Kind.FAMILY).findFirst().orElseThrow();
        IncidentParser parser = new IncidentParser(Timeline.day0(START, ZONE), ZONE);
        List<Incident> incidents = List.of(
                parser.parse("forced " + family.door() + " at day1T14:00"),
                parser.parse("offline gate-2 at day1T10:00 for 3h"),                      // a mains device: 15 min
                parser.parse("offline " + family.door() + " at day2T08:00 for 8h"),       // a battery contact: 4 h
                parser.parse("held-open gate-3 at day2T20:00 for 10m"),                   // a shared door: 120 s
                parser.parse("held-open " + family.door() + " at day3T02:00 for 45m"),    // a flat's door: 30 min
                parser.parse("silent " + elderly.id() + " from day1 until day5T09:00"));

        List<Alert> alerts = runThroughEngine(incidents, Duration.ofDays(6));

        assertThat(alerts).filteredOn(a -> a.rule().equals("door-forced")).singleElement()
                .satisfies(a -> assertThat(a.device()).isEqualTo(family.door()));
        assertThat(alerts).filteredOn(a -> a.rule().equals("device-offline") && a.stage() == Stage.ALARM)
                .extracting(Alert::device).containsExactly("gate-2", family.door());
        assertThat(alerts).filteredOn(a -> a.rule().equals("device-offline") && a.stage() == Stage.RESOLVED)
                .extracting(Alert::device).containsExactly("gate-2", family.door());
        assertThat(alerts).filteredOn(a -> a.rule().equals("door-held-open") && a.stage() == Stage.ALARM)
                .extracting(Alert::device, a -> a.evidence().get("heldOpenAfter"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gate-3", Duration.ofSeconds(120)),
                        org.assertj.core.groups.Tuple.tuple(family.door(), Duration.ofMinutes(30)));
        assertThat(alerts).filteredOn(a -> a.rule().equals("elderly-inactivity")).extracting(Alert::household, Alert::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(elderly.id(), Stage.WARNING),
                        org.assertj.core.groups.Tuple.tuple(elderly.id(), Stage.CALL_BACK),
                        org.assertj.core.groups.Tuple.tuple(elderly.id(), Stage.VISIT),
                        org.assertj.core.groups.Tuple.tuple(elderly.id(), Stage.RESOLVED));
        assertThat(alerts).filteredOn(a -> a.stage() == Stage.ALARM).extracting(Alert::rule)
                .containsOnly("door-forced", "device-offline", "door-held-open");
    }

    @Test
    void anOfflineDeviceSendsNothingNotEvenHeartbeats() {
        SimDevice gate = COMMUNITY.device("gate-1");
        IncidentParser parser = new IncidentParser(Timeline.day0(START, ZONE), ZONE);
        Incident offline = parser.parse("offline gate-1 at day0T10:00 for 3h");
        List<DoorEvent> events = take(new Timeline(COMMUNITY, 1, TrafficProfile.defaults().calm(), List.of(offline),
                START, START.plus(Duration.ofDays(1))));

        Instant from = START.plus(Duration.ofHours(10));
        Instant to = from.plus(Duration.ofHours(3));
        List<DoorEvent> fromGate = events.stream().filter(e -> gate.id().equals(e.device())).toList();
        assertThat(fromGate).noneMatch(e -> !e.ts().isBefore(from) && e.ts().isBefore(to));
        assertThat(fromGate).anyMatch(e -> e.ts().isBefore(from)).anyMatch(e -> !e.ts().isBefore(to));
    }

    @Test
    void scriptedVisitorsAndAForcedDoorAppear() {
        SimHousehold rental = COMMUNITY.households().stream()
                .filter(h -> h.kind() == SimHousehold.Kind.RENTAL).findFirst().orElseThrow();
        IncidentParser parser = new IncidentParser(Timeline.day0(START, ZONE), ZONE);
        List<Incident> incidents = List.of(
                parser.parse("visitors " + rental.id() + " on day1 count 15"),
                parser.parse("forced " + rental.door() + " at day1T23:10"));
        List<DoorEvent> events = take(new Timeline(COMMUNITY, 1, TrafficProfile.defaults().calm(), incidents,
                START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(2))));

        assertThat(events).filteredOn(e -> e.type() == EventType.VISITOR_CALL && rental.id().equals(e.household()))
                .hasSizeGreaterThanOrEqualTo(15);
        assertThat(events).filteredOn(e -> e.type() == EventType.DOOR_FORCED)
                .singleElement().satisfies(e -> {
                    assertThat(e.device()).isEqualTo(rental.door());
                    assertThat(e.ts()).isEqualTo(START.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(23 * 60 + 10)));
                });
    }

    @Test
    void incidentsAreReadAsStaffWriteThem() {
        IncidentParser parser = new IncidentParser(LocalDate.of(2026, 11, 22), ZONE);

        assertThat(parser.parse("silent 3-2-501 from day2   # she stops going out"))
                .isEqualTo(new Incident.Silent("3-2-501", Instant.parse("2026-11-23T16:00:00Z"), null));
        assertThat(parser.parse("offline gate-3 at day1T10:00 for 3h"))
                .isEqualTo(new Incident.Offline("gate-3", Instant.parse("2026-11-23T02:00:00Z"), Duration.ofHours(3)));
        assertThat(parser.parse("  # a comment")).isNull();
        assertThatThrownBy(() -> parser.parse("explode gate-3")).hasMessageContaining("unknown incident 'explode'");
        assertThatThrownBy(() -> parser.parse("offline gate-3 at noon for 3h")).hasMessageContaining("bad time 'noon'");
        assertThatThrownBy(() -> parser.parse("offline gate-3 at day1 for ever")).hasMessageContaining("bad duration 'ever'");
        assertThatThrownBy(() -> parser.parse("visitors 3-2-601 on day1")).hasMessageContaining("expected: visitors HOUSEHOLD on DAY count N");
    }

    private static List<Alert> runThroughEngine(List<Incident> incidents, Duration span) {
        return runThroughEngine(incidents, span, org.doorwatch.domain.RuleSettings.defaults());
    }

    private static List<Alert> runThroughEngine(List<Incident> incidents, Duration span, org.doorwatch.domain.RuleSettings rules) {
        WatchEngine engine = new WatchEngine(engineConfig(COMMUNITY).withRules(rules));
        engine.start(START);
        List<Alert> alerts = new ArrayList<>();
        Timeline timeline = new Timeline(COMMUNITY, 5, TrafficProfile.defaults().calm(), incidents, START, START.plus(span));
        while (timeline.hasNext()) {
            DoorEvent e = timeline.next();
            alerts.addAll(engine.apply(e, e.ts()));
            engine.commit();
        }
        alerts.addAll(engine.advance(START.plus(span)));
        return alerts;
    }

    static EngineConfig engineConfig(Community c) {
        Policy elderly = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)));
        List<Household> households = new ArrayList<>();
        for (SimHousehold h : c.households()) {
            households.add(new Household(h.id(), h.id(), h.kind() == SimHousehold.Kind.ELDERLY ? elderly.name() : null,
                    h.kind() == SimHousehold.Kind.RENTAL ? List.of("rental") : List.of()));
        }
        List<Device> devices = c.devices().stream().map(d -> new Device(d.id(), d.kind(), d.household())).toList();
        return EngineConfig.of(c.siteId(), c.zone(), List.of(elderly), households, devices);
    }

    private static List<DoorEvent> take(Timeline t) {
        List<DoorEvent> out = new ArrayList<>();
        t.forEachRemaining(out::add);
        return out;
    }
}

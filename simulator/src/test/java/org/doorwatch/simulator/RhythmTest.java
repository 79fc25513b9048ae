package org.doorwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.EngineConfig;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.Test;

/** The elderly rhythms of {@link RoutineGenerator}: each keeps its hours, none nears a day of silence. */
class RhythmTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant START = LocalDate.of(2026, 9, 7).atStartOfDay(ZONE).toInstant(); // a Monday
    static final int DAYS = 84;
    static final int PER_RHYTHM = 12;

    /** PER_RHYTHM elderly households of each rhythm. */
    static Community community() {
        List<SimHousehold> households = new ArrayList<>();
        List<SimDevice> devices = new ArrayList<>();
        for (SimHousehold.Rhythm r : SimHousehold.Rhythm.values()) {
            for (int i = 0; i < PER_RHYTHM; i++) {
                String id = (r.ordinal() + 1) + "-1-" + (101 + i);
                devices.add(new SimDevice("door-" + id, "door-contact", id, "mqtt"));
                households.add(new SimHousehold(id, SimHousehold.Kind.ELDERLY, "door-" + id, null, null, List.of(), false, r));
            }
        }
        return new Community("sim", ZONE, households, devices);
    }

    static List<DoorEvent> traffic(Community c, List<Incident> incidents, int days) {
        List<DoorEvent> out = new ArrayList<>();
        new Timeline(c, 3, TrafficProfile.defaults().calm(), incidents, START, START.plus(Duration.ofDays(days)))
                .forEachRemaining(e -> {
                    if (e.type() == EventType.DOOR_OPENED) {
                        out.add(e);
                    }
                });
        return out;
    }

    /** Per rhythm, per weekday or weekend, the minutes of the day of each household-day's first opening. */
    static Map<String, List<Integer>> firstOpenings(Community c, List<DoorEvent> openings) {
        Map<String, SimHousehold.Rhythm> rhythm = new LinkedHashMap<>();
        c.households().forEach(h -> rhythm.put(h.door(), h.rhythm()));
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (DoorEvent e : openings) {
            ZonedDateTime t = e.ts().atZone(ZONE);
            String day = e.device() + "@" + t.toLocalDate();
            if (seen.putIfAbsent(day, 1) == null) {
                boolean weekend = t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
                String key = rhythm.get(e.device()) + (weekend ? "/weekend" : "/weekday");
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(t.getHour() * 60 + t.getMinute());
            }
        }
        return out;
    }

    static int percentile(List<Integer> minutes, int p) {
        int[] v = minutes.stream().mapToInt(Integer::intValue).sorted().toArray();
        return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * v.length) - 1))];
    }

    static int at(int hour, int minute) {
        return hour * 60 + minute;
    }

    @Test
    void eachRhythmKeepsItsHours() {
        Community c = community();
        Map<String, List<Integer>> first = firstOpenings(c, traffic(c, List.of(), DAYS));

        // early risers: out about 06:00 (a spread of 15 minutes), an off day now and then
        assertThat(percentile(first.get("EARLY_RISER/weekday"), 50)).isBetween(at(5, 50), at(6, 10));
        assertThat(percentile(first.get("EARLY_RISER/weekday"), 85)).isLessThan(at(6, 45));
        // late risers: about 09:30
        assertThat(percentile(first.get("LATE_RISER/weekday"), 50)).isBetween(at(9, 15), at(9, 45));
        assertThat(percentile(first.get("LATE_RISER/weekend"), 85)).isLessThan(at(10, 30));
        // school days at 07:15, weekends at about 09:45
        assertThat(percentile(first.get("WEEKDAY_WEEKEND/weekday"), 50)).isBetween(at(7, 5), at(7, 25));
        assertThat(percentile(first.get("WEEKDAY_WEEKEND/weekend"), 50)).isBetween(at(9, 20), at(10, 10));
        // irregular: the middle half of its mornings spans hours, not minutes
        List<Integer> irregular = new ArrayList<>(first.get("IRREGULAR/weekday"));
        irregular.addAll(first.get("IRREGULAR/weekend"));
        assertThat(percentile(irregular, 75) - percentile(irregular, 25)).isGreaterThan(120);
        assertThat(percentile(first.get("EARLY_RISER/weekday"), 75) - percentile(first.get("EARLY_RISER/weekday"), 25))
                .isLessThan(45);
        // the default rhythm is what it always was: out first between 07:00 and 10:00
        List<Integer> daytime = new ArrayList<>(first.get("DAYTIME/weekday"));
        daytime.addAll(first.get("DAYTIME/weekend"));
        assertThat(daytime).allSatisfy(m -> assertThat(m).isBetween(at(7, 0), at(10, 0)));
    }

    @Test
    void noRhythmLeavesASilenceNearADay() {
        Community c = community();
        Map<String, Long> last = new LinkedHashMap<>();
        long[] longest = new long[SimHousehold.Rhythm.values().length];
        Map<String, SimHousehold.Rhythm> rhythm = new LinkedHashMap<>();
        c.households().forEach(h -> rhythm.put(h.door(), h.rhythm()));
        for (DoorEvent e : traffic(c, List.of(), DAYS)) {
            Long before = last.put(e.device(), e.ts().toEpochMilli());
            if (before != null) {
                int r = rhythm.get(e.device()).ordinal();
                longest[r] = Math.max(longest[r], e.ts().toEpochMilli() - before);
            }
        }
        assertThat(Arrays.stream(longest).max().orElseThrow()).isLessThan(Duration.ofHours(22).toMillis());
    }

    /**
     * Every early riser falls after her evening door on day 43: the routine NOTICE comes before
     * the 24-hour WARNING; and where her learning window (the 28 days before) holds no late
     * morning, it comes the next morning, hours before. (A day spent indoors until the
     * afternoon makes the mornings of the next few weeks usual: the profile keeps the longest
     * silence, SPEC 11.) The simulator's traffic through the engine in process.
     */
    @Test
    void aRegularHouseholdsSilenceIsNoticedTheNextMorning() {
        Community c = community();
        Instant falls = START.plus(Duration.ofDays(43)).plus(Duration.ofHours(20));
        List<SimHousehold> early = c.households().stream().filter(h -> h.rhythm() == SimHousehold.Rhythm.EARLY_RISER).toList();
        List<Incident> incidents = early.stream()
                .map(h -> (Incident) new Incident.Silent(h.id(), falls, falls.plus(Duration.ofHours(36)))).toList();
        // which of them had a first opening after 08:00 in the window, the day of the fall
        // included (the same seed plays the same routine)
        Map<String, Boolean> lateMorning = new LinkedHashMap<>();
        Map<String, Integer> firstOfDay = new LinkedHashMap<>();
        for (DoorEvent e : traffic(c, List.of(), 44)) {
            ZonedDateTime t = e.ts().atZone(ZONE);
            if (!t.toInstant().isBefore(START.plus(Duration.ofDays(44 - 28))) && t.toInstant().isBefore(falls)
                    && firstOfDay.putIfAbsent(e.device() + "@" + t.toLocalDate(), 1) == null && t.getHour() >= 8) {
                lateMorning.put(e.device(), true);
            }
        }
        WatchEngine engine = new WatchEngine(config(c));
        engine.start(START);
        List<Alert> alerts = new ArrayList<>();
        Instant end = START.plus(Duration.ofDays(46));
        Timeline timeline = new Timeline(c, 3, TrafficProfile.defaults().calm(), incidents, START, end);
        while (timeline.hasNext()) {
            DoorEvent e = timeline.next();
            alerts.addAll(engine.apply(e, e.ts()));
            engine.commit();
        }
        alerts.addAll(engine.advance(end));

        int clean = 0;
        for (SimHousehold h : early) {
            List<Alert> hers = alerts.stream().filter(a -> h.id().equals(a.household()) && a.ts().isAfter(falls)).toList();
            Alert notice = hers.stream().filter(a -> a.rule().equals(RuleNames.ROUTINE_DEVIATION) && a.stage() == Stage.NOTICE)
                    .findFirst().orElseThrow();
            Alert warning = hers.stream().filter(a -> a.stage() == Stage.WARNING).findFirst().orElseThrow();
            assertThat(notice.ts()).as(h.id()).isBefore(warning.ts());
            assertThat(hers).filteredOn(a -> a.rule().equals(RuleNames.ROUTINE_DEVIATION) && a.stage() == Stage.RESOLVED)
                    .singleElement().satisfies(a -> assertThat(a.ts()).isEqualTo(falls.plus(Duration.ofHours(36))));
            if (!lateMorning.containsKey(h.door())) {
                clean++;
                ZonedDateTime at = notice.ts().atZone(ZONE);
                assertThat(at.toLocalDate()).as(h.id()).isEqualTo(falls.atZone(ZONE).toLocalDate().plusDays(1));
                // no later than her latest morning (before 08:00) plus the default 90 minutes, to the half hour
                assertThat(at.toLocalTime()).as(h.id()).isBetween(LocalTime.of(6, 0), LocalTime.of(10, 0));
                assertThat(Duration.between(notice.ts(), warning.ts())).as(h.id()).isGreaterThan(Duration.ofHours(8));
                assertThat(notice.message()).startsWith(h.id() + " 今天到现在还没有开门，平时 ");
            }
        }
        assertThat(clean).as("early risers without a late morning in their window").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aGeneratedCommunitysRhythmsSurviveItsConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Community generated = CommunityGenerator.generate("sim", ZONE, 400, 5, "mqtt");
        java.nio.file.Path file = dir.resolve("community.yml");
        CommunityConfigWriter.write(generated, file);
        var config = org.doorwatch.gateway.config.ConfigLoader.load(file);
        Community read = Community.fromConfig(config);

        assertThat(read.households()).extracting(SimHousehold::rhythm)
                .containsExactlyElementsOf(generated.households().stream().map(SimHousehold::rhythm).toList());
        assertThat(generated.households()).filteredOn(h -> h.kind() == SimHousehold.Kind.ELDERLY)
                .extracting(SimHousehold::rhythm).contains(SimHousehold.Rhythm.values());
        // the generated policy learns the rhythm too
        assertThat(config.engine().policies().get("elderly-living-alone").routine()).isEqualTo(Routine.defaults());
    }

    static EngineConfig config(Community c) {
        Policy policy = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)), Routine.defaults());
        List<Household> households = c.households().stream()
                .map(h -> new Household(h.id(), h.id(), policy.name(), List.of("elderly"))).toList();
        List<Device> devices = c.devices().stream().map(d -> new Device(d.id(), d.kind(), d.household())).toList();
        return EngineConfig.of(c.siteId(), c.zone(), List.of(policy), households, devices);
    }
}

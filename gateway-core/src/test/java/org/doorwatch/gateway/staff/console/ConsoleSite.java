package org.doorwatch.gateway.staff.console;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.staff.StaffSite;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.intake.Ingest;
import org.doorwatch.gateway.testing.ManualClock;

/**
 * A small community for the console's tests, lived through for 14 days of gateway time so that
 * every page has something true to show: buildings 3 and 5, elderly households with contacts and
 * a daily routine, one gone silent (电话回访), one whose door sensor went offline (预警 with
 * 门磁离线), one away; a rental flat with visitors, a tenant and an expired card; a watched flat with
 * night activity and a forced door; a tamper alarm. The accounts are those of the staff API tests:
 * property and community staff of building 3 only, police of 3 and 5, an installer, an admin.
 */
final class ConsoleSite {

    static final String PASSWORD = StaffSite.PASSWORD;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The end of the 14 days: a Sunday morning. */
    static final Instant END = ZonedDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZONE).toInstant();
    static final Instant START = END.minus(Duration.ofDays(14));
    static final String[] USERS = {"wang-property", "zhao-grid", "li-police", "installer-1", "admin", "sun-property"};
    /** Phones by household: building 5's must never reach building 3's staff. */
    static final String PHONE_3_1_101 = "13800000001";
    static final String PHONE_3_1_102 = "13800000002";
    static final String PHONE_5_1_302 = "13900000005";
    static final String LANDLORD_PHONE = "13800000020";
    static final List<String> ALL_PHONES = List.of(PHONE_3_1_101, PHONE_3_1_102, "13800000003", "13800000004",
            LANDLORD_PHONE, PHONE_5_1_302);

    private ConsoleSite() {}

    static Path write(Path dir) throws Exception {
        return StaffSite.writeConfig(dir, """
                households:
                  - { id: "3-1-101", address: "3栋1单元101", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "张小明", phone: "13800000001" }] }
                  - { id: "3-1-102", address: "3栋1单元102", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "刘阿姨", phone: "13800000002" }] }
                  - { id: "3-1-103", address: "3栋1单元103", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "李女士", phone: "13800000003" }] }
                  - { id: "3-1-104", address: "3栋1单元104", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "周先生", phone: "13800000004" }] }
                  - { id: "3-2-201", address: "3栋2单元201", tags: [rental], contacts: [{ name: "房东陈", phone: "13800000020" }] }
                  - { id: "3-2-202", address: "3栋2单元202", tags: [watch] }
                  - { id: "5-1-302", address: "5栋1单元302", policy: elderly-living-alone, tags: [elderly], contacts: [{ name: "赵先生", phone: "13900000005" }] }
                  - { id: "5-2-101", address: "5栋2单元101", tags: [rental] }
                tenancies:
                  - { credential: "card:3A0001", household: "3-2-201", tenant: "本区租客", from: 2026-01-01, until: 2027-12-31 }
                  - { credential: "card:3A0009", household: "3-2-201", tenant: "前租客", from: 2025-01-01, until: 2026-06-30 }
                devices:
                  - { id: door-3-1-101, kind: door-contact, household: "3-1-101" }
                  - { id: door-3-1-102, kind: door-contact, household: "3-1-102" }
                  - { id: door-3-1-103, kind: door-contact, household: "3-1-103" }
                  - { id: door-3-1-104, kind: door-contact, household: "3-1-104" }
                  - { id: intercom-3-2-201, kind: intercom, household: "3-2-201" }
                  - { id: door-3-2-202, kind: door-contact, household: "3-2-202" }
                  - { id: door-5-1-302, kind: door-contact, household: "5-1-302" }
                  - { id: door-5-2-101, kind: door-contact, household: "5-2-101" }
                rules:
                  door-held-open: { enabled: false }
                  device-offline: { offlineAfter: 6h }
                  visitor-frequency: { count: 3, window: 24h }
                """, """
                - { name: wang-property, roles: [property], households: ["3-*"] }
                - { name: zhao-grid, roles: [community], households: ["3-*"] }
                - { name: li-police, roles: [police], households: ["3-*", "5-*"] }
                - { name: installer-1, roles: [installer] }
                - { name: admin, roles: [admin] }
                - { name: sun-property, roles: [property], households: ["3-*"] }
                """, USERS);
    }

    /** Starts the gateway at {@link #START} and lives through 14 days up to {@link #END}. */
    static Gateway startAndLive(Path file, ManualClock clock) throws Exception {
        clock.set(START);
        Gateway g = Gateway.start(ConfigLoader.load(file), GatewayOptions.defaults().withClock(clock));
        try {
            live(g, clock);
        } catch (Exception | AssertionError e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** An event to hand in at {@code ts}, or (event null) a deadline to wake the writer at. */
    private record Planned(Instant ts, DoorEvent event) {}

    private static void live(Gateway g, ManualClock clock) throws Exception {
        List<Planned> plan = new ArrayList<>();
        LocalDate first = START.atZone(ZONE).toLocalDate();
        for (int d = 0; d <= 14; d++) {
            LocalDate day = first.plusDays(d);
            for (String h : List.of("3-1-101", "3-1-102", "3-1-103", "3-1-104", "5-1-302")) {
                int shift = Math.floorMod(h.hashCode() + d * 7, 25); // minutes: a routine, not a metronome
                List<LocalTime> times = new ArrayList<>(List.of(LocalTime.of(7, 20), LocalTime.of(9, 5),
                        LocalTime.of(11, 40), LocalTime.of(16, 30), LocalTime.of(19, 10)));
                if (d % 2 == 0) {
                    times.add(LocalTime.of(7, 32)); // back with the milk
                }
                if (day.getDayOfWeek().getValue() >= 6) { // weekends: family comes and goes
                    times.addAll(List.of(LocalTime.of(14, 5), LocalTime.of(14, 20), LocalTime.of(14, 45)));
                }
                for (LocalTime t : times) {
                    Instant at = at(day, t.plusMinutes(shift));
                    if (lastOutOf(h) != null && !at.isBefore(lastOutOf(h))) {
                        continue;
                    }
                    door(plan, at, "door-" + h);
                }
            }
            door(plan, at(day, LocalTime.of(8, 15)), "door-3-2-202");
            door(plan, at(day, LocalTime.of(18, 40)), "door-3-2-202");
            door(plan, at(day, LocalTime.of(12, 0)), "door-5-2-101");
            card(plan, at(day, LocalTime.of(8, 30)), "intercom-3-2-201", EventType.ACCESS_GRANTED, "card:3A0001");
            card(plan, at(day, LocalTime.of(20, 5)), "intercom-3-2-201", EventType.VISITOR_CALL, null);
            for (int hour = 0; hour < 24; hour += 2) { // heartbeats; door-3-1-102 falls silent
                for (String dev : List.of("door-3-1-101", "door-3-1-102", "door-3-1-103", "door-3-1-104",
                        "intercom-3-2-201", "door-3-2-202", "door-5-1-302", "door-5-2-101")) {
                    Instant at = at(day, LocalTime.of(hour, 1));
                    if (!(dev.equals("door-3-1-102") && !at.isBefore(lastOutOf("3-1-102")))) {
                        plan.add(new Planned(at, DoorEvent.device(at, dev, EventType.HEARTBEAT)));
                    }
                }
            }
        }
        LocalDate sat = END.atZone(ZONE).toLocalDate().minusDays(1);
        LocalDate sun = sat.plusDays(1);
        card(plan, at(sat, LocalTime.of(22, 10)), "intercom-3-2-201", EventType.ACCESS_GRANTED, "card:3A0009");
        door(plan, at(sat, LocalTime.of(23, 40)), "door-3-2-202"); // night activity of a watched flat
        for (int i = 0; i < 4; i++) {
            card(plan, at(sun, LocalTime.of(3 + i * 2, 15)), "intercom-3-2-201", EventType.VISITOR_CALL, null);
        }
        card(plan, at(sun, LocalTime.of(6, 0)), "door-5-2-101", EventType.DOOR_FORCED, null);
        card(plan, at(sun, LocalTime.of(8, 40)), "door-3-1-103", EventType.TAMPER, null);
        card(plan, at(sun, LocalTime.of(9, 30)), "door-3-2-202", EventType.DOOR_FORCED, null);
        plan.addAll(deadlines(plan));
        plan.removeIf(p -> p.ts().isAfter(END) || p.ts().isBefore(START));
        plan.sort(Comparator.comparing(Planned::ts));

        Instant awayAt = at(sat.minusDays(3), LocalTime.of(10, 0));
        boolean awaySent = false;
        int next = 0;
        for (Instant hour = START; !hour.isAfter(END); hour = hour.plus(Duration.ofHours(1))) {
            Instant stepEnd = hour.plus(Duration.ofHours(1));
            while (next < plan.size() && plan.get(next).ts().isBefore(stepEnd) && !plan.get(next).ts().isAfter(END)) {
                Planned p = plan.get(next++);
                clock.set(p.ts());
                if (p.event() == null) { // a deadline: raised at its own time, as the writer's own wait would
                    g.wake();
                } else {
                    g.ingest().accept(p.event(), "test", Ingest.NO_ACK);
                }
                settle(g); // applied, and its alerts delivered, at its own time, not at the end of the hour
            }
            if (!awaySent && !awayAt.isAfter(stepEnd)) {
                clock.set(awayAt);
                g.staffAction(EventType.AWAY, "3-1-104", "wang-property", at(sun.plusDays(3), LocalTime.MIDNIGHT))
                        .get(10, TimeUnit.SECONDS);
                awaySent = true;
            }
            clock.set(stepEnd.isAfter(END) ? END : stepEnd);
            g.wake();
            settle(g);
        }
        clock.set(END);
        g.wake();
        g.flush().get(10, TimeUnit.SECONDS);
        g.flush().get(10, TimeUnit.SECONDS);
    }

    /**
     * Stops of the clock at the deadlines of the households that fall silent and of the sensor that
     * goes quiet: the manual clock moves only when told, and an alert due between two events would
     * otherwise be raised (and delivered) at the next one. The silence is counted from the last
     * door event before it (whichever of open and close the rule counts: both are stops); the
     * thresholds are the config's (24 h, 48 h, 72 h; {@code offlineAfter: 6h}).
     */
    private static List<Planned> deadlines(List<Planned> plan) {
        List<Planned> out = new ArrayList<>();
        for (String h : List.of("3-1-101", "3-1-102", "5-1-302")) {
            String device = "door-" + h;
            List<Instant> last = plan.stream().filter(p -> p.event().device().equals(device)
                            && p.event().type() != EventType.HEARTBEAT && p.ts().isBefore(lastOutOf(h)))
                    .map(Planned::ts).sorted(Comparator.reverseOrder()).limit(2).toList();
            for (Instant t : last) {
                for (int hours : new int[] {24, 48, 72}) {
                    out.add(new Planned(t.plus(Duration.ofHours(hours)), null));
                }
            }
        }
        plan.stream().filter(p -> p.event().device().equals("door-3-1-102")).map(Planned::ts)
                .max(Comparator.naturalOrder()).ifPresent(t -> out.add(new Planned(t.plus(Duration.ofHours(6)), null)));
        return out;
    }

    /**
     * Waits for the writer's commit and for the broker's acknowledgement of the alerts it raised,
     * and has the writer record those deliveries, before the clock moves on: the history then says
     * an alert went out when it was raised, as it does on a gateway whose clock runs by itself.
     */
    private static void settle(Gateway g) throws Exception {
        g.flush().get(10, TimeUnit.SECONDS);
        if (g.outboxPending() > 0) {
            Awaitility.await("deliveries of the alerts just raised").pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> g.outboxPending() == 0);
            g.flush().get(10, TimeUnit.SECONDS);
        }
    }

    /** When a household stops going out (its silence starts), or null for those that never do. */
    private static Instant lastOutOf(String household) {
        return switch (household) {
            case "3-1-101" -> at(LocalDate.of(2026, 11, 20), LocalTime.of(9, 30)); // 48 h+ by Sunday 10:00
            case "3-1-102" -> at(LocalDate.of(2026, 11, 21), LocalTime.of(8, 0)); // and its sensor goes quiet
            case "5-1-302" -> at(LocalDate.of(2026, 11, 21), LocalTime.of(9, 0));
            default -> null;
        };
    }

    private static void door(List<Planned> plan, Instant at, String device) {
        plan.add(new Planned(at, DoorEvent.device(at, device, EventType.DOOR_OPENED)));
        Instant closed = at.plusSeconds(40);
        plan.add(new Planned(closed, DoorEvent.device(closed, device, EventType.DOOR_CLOSED)));
    }

    private static void card(List<Planned> plan, Instant at, String device, EventType type, String credential) {
        DoorEvent e = DoorEvent.device(at, device, type);
        plan.add(new Planned(at, credential == null ? e : e.withCredential(credential)));
    }

    static Instant at(LocalDate day, LocalTime t) {
        return day.atTime(t).atZone(ZONE).toInstant();
    }

    /** Hands one device event to the gateway now (clock time) and waits for its commit. */
    static void event(Gateway g, ManualClock clock, String device, EventType type) throws Exception {
        g.ingest().accept(DoorEvent.device(clock.instant(), device, type), "test", Ingest.NO_ACK);
        settle(g);
        g.flush().get(10, TimeUnit.SECONDS);
    }
}

package org.doorwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.notify.Site.FLAT;
import static org.doorwatch.notify.Site.at;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.List;
import org.doorwatch.domain.HouseholdGlob;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

class RecipientsTest {

    final Recipients recipients = Site.recipients(Renotify.DEFAULT);
    final List<String> route = List.of("property", "property-group", "sms");

    private static String show(Notice n) {
        return n.channel() + " " + n.at().atZone(Site.ZONE).toLocalDateTime() + " " + n.personIds();
    }

    @Test
    void warningReachesTheHouseholdsNeighbourWatcherOnlyOnEveryPersonChannel() {
        // 2026-11-23 is a Monday
        Plan plan = recipients.plan(FLAT, Stage.WARNING, route, List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        assertThat(plan.notices()).extracting(RecipientsTest::show).containsExactly(
                "property 2026-11-23T10:00 []",
                "property-group 2026-11-23T10:00 [wang-li]",
                "sms 2026-11-23T10:00 [wang-li]");
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void callBackAndVisitReachTheirRoles() {
        Plan callBack = recipients.plan(FLAT, Stage.CALL_BACK, route, List.of(Role.CORRIDOR_LIAISON), at("2026-11-23T10:00"));
        assertThat(callBack.notices()).flatExtracting(Notice::personIds).containsOnly("liu-qiang");
        Plan visit = recipients.plan(FLAT, Stage.VISIT, route, List.of(Role.SAFETY_GUARDIAN), at("2026-11-23T10:00"));
        assertThat(visit.notices()).flatExtracting(Notice::personIds).containsOnly("chen-jie");
    }

    @Test
    void aWarningAtNightWaitsForTheMorningButTheGroupMessageDoesNot() {
        Plan plan = recipients.plan(FLAT, Stage.WARNING, route, List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-23T02:00"));
        assertThat(plan.notices()).extracting(RecipientsTest::show).containsExactly(
                "property 2026-11-23T02:00 []",
                "property-group 2026-11-23T02:00 []",
                "property-group 2026-11-23T07:00 [wang-li]",
                "sms 2026-11-23T07:00 [wang-li]");
        // 23:30 waits for the next morning
        Plan late = recipients.plan(FLAT, Stage.WARNING, List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-23T23:30"));
        assertThat(late.notices()).extracting(RecipientsTest::show).containsExactly("sms 2026-11-24T07:00 [wang-li]");
    }

    @Test
    void aWarningHeldByTheNightGoesToWhoeverIsOnDutyWhenItEnds() {
        // wu-fang watches all Wednesday, xu-lei from Thursday 06:00: at 07:00 on Thursday only xu-lei is
        Person wu = Site.person("wu-fang", "吴芳", Role.NEIGHBOUR_WATCHER, "13800000007", Site.roster("Wed 00:00-00:00"), "3-2-*");
        Person xu = Site.person("xu-lei", "徐磊", Role.NEIGHBOUR_WATCHER, "13800000008", Site.roster("Thu 06:00-12:00"), "3-2-*");
        Recipients r = new Recipients(new People(List.of(wu, xu)), NotifyPolicy.defaults(Site.ZONE), Site.kinds());
        Plan plan = r.plan(FLAT, Stage.WARNING, List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-25T22:00"));
        assertThat(plan.notices()).extracting(RecipientsTest::show).containsExactly("sms 2026-11-26T07:00 [xu-lei]");
        assertThat(plan.skipped()).extracting(x -> x.person().id() + " " + x.reason()).containsExactly("wu-fang off duty");
        // alone, wu-fang gets it at the start of her next Wednesday, after its quiet hours
        Recipients alone = new Recipients(new People(List.of(wu)), NotifyPolicy.defaults(Site.ZONE), Site.kinds());
        assertThat(alone.plan(FLAT, Stage.WARNING, List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-25T22:00"))
                .notices()).extracting(RecipientsTest::show).containsExactly("sms 2026-12-02T07:00 [wu-fang]");
    }

    @Test
    void callBackVisitAndAlarmNeverWait() {
        for (Stage s : List.of(Stage.CALL_BACK, Stage.VISIT, Stage.ALARM)) {
            Plan plan = recipients.plan(FLAT, s, List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON),
                    at("2026-11-23T02:00"));
            assertThat(plan.notices()).extracting(RecipientsTest::show)
                    .containsExactly("sms 2026-11-23T02:00 [wang-li]", "sms 2026-11-23T02:00 [liu-qiang]");
        }
    }

    @Test
    void aRouteWithoutPersonChannelsStillTextsTheVolunteersButNotStaff() {
        Plan plan = recipients.plan(FLAT, Stage.WARNING, List.of("property"), List.of(Role.NEIGHBOUR_WATCHER, Role.PROPERTY),
                at("2026-11-23T10:00"));
        assertThat(plan.notices()).extracting(RecipientsTest::show)
                .containsExactly("property 2026-11-23T10:00 []", "sms 2026-11-23T10:00 [wang-li]");
        assertThat(plan.skipped()).extracting(Plan.Skipped::role, Plan.Skipped::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.PROPERTY,
                        "no channel of this route reaches people (add sms or a group robot to the route)"));
    }

    @Test
    void dutyRostersDecideWhoOfARoleIsReached() {
        // Saturday: li-na is on duty, zhang-wei is not
        Plan sat = recipients.plan(FLAT, Stage.ALARM, List.of("sms"), List.of(Role.PROPERTY), at("2026-11-28T10:00"));
        assertThat(sat.notices()).extracting(RecipientsTest::show).containsExactly("sms 2026-11-28T10:00 [li-na]");
        assertThat(sat.skipped()).extracting(s -> s.person().id() + " " + s.reason()).containsExactly("zhang-wei off duty");
        // Monday 03:00 nobody of property is on duty: the alarm is not lost, it waits for 08:00
        Plan night = recipients.plan(FLAT, Stage.ALARM, List.of("sms"), List.of(Role.PROPERTY), at("2026-11-23T03:00"));
        assertThat(night.notices()).extracting(RecipientsTest::show).containsExactly("sms 2026-11-23T08:00 [zhang-wei]");
    }

    @Test
    void aRoleWithNobodyForTheHouseholdIsReportedNotSilentlyDropped() {
        Plan plan = recipients.plan("9-1-101", Stage.WARNING, List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.skipped()).extracting(Plan.Skipped::reason)
                .containsExactly("no one with this role looks after household 9-1-101");
    }

    @Test
    void aPersonWithTwoRolesIsReachedOncePerChannel() {
        Person both = new Person("wu", "吴", java.util.EnumSet.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON),
                List.of(new HouseholdGlob("3-2-501")), "13700000009", null);
        Recipients r = new Recipients(new People(List.of(both)), NotifyPolicy.defaults(Site.ZONE), Site.kinds());
        Plan plan = r.plan(FLAT, Stage.WARNING, List.of("sms", "property-group"),
                List.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON), at("2026-11-23T10:00"));
        assertThat(plan.notices()).extracting(RecipientsTest::show)
                .containsExactly("sms 2026-11-23T10:00 [wu]", "property-group 2026-11-23T10:00 [wu]");
    }

    @Test
    void globsAndShifts() {
        assertThat(new HouseholdGlob("3-2-*").matches("3-2-501")).isTrue();
        assertThat(new HouseholdGlob("3-2-*").matches("3-20-501")).isFalse();
        assertThat(new HouseholdGlob("3-?-5*1").matches("3-2-5001")).isTrue();
        assertThat(new HouseholdGlob("*").matches("")).isTrue();
        assertThat(new HouseholdGlob("3-*-501").matches("3-2-502")).isFalse();

        Shift night = Shift.parse("Fri-Mon 20:00-08:00").shift();
        assertThat(night.days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(night.covers(LocalDateTime.parse("2026-11-24T07:59"))).isTrue();  // Tuesday morning, Monday's night
        assertThat(night.covers(LocalDateTime.parse("2026-11-24T20:00"))).isFalse(); // Tuesday evening
        assertThat(night.covers(LocalDateTime.parse("2026-11-27T20:00"))).isTrue();  // Friday evening
        assertThat(Shift.parse("08:00-18:00").shift().days()).hasSize(7);
        assertThat(Shift.parse("Mon-Frj 08:00-18:00").problem()).isEqualTo(
                "unknown day 'frj'; expected Mon, Tue, Wed, Thu, Fri, Sat, Sun or daily");
        assertThat(Shift.parse("Mon 8-18").problem()).startsWith("'8-18' is not HH:MM-HH:MM");
        assertThat(Shift.parse("Sat,Sun 9:00-12:00").shift().toString()).isEqualTo("Sat,Sun 09:00-12:00");
    }

    @Test
    void personalDataStaysOutOfToStringAndIsMaskedForOtherRoles() {
        assertThat(Site.WANG.toString()).doesNotContain("王").doesNotContain("13800000001").contains("wang-li");
        assertThat(Site.WANG.maskedName()).isEqualTo("王*");
        assertThat(Site.WANG.maskedPhone()).isEqualTo("138****0001");
        assertThat(new Notice.Reach(Site.WANG, Role.NEIGHBOUR_WATCHER).toString()).doesNotContain("13800000001");
    }
}

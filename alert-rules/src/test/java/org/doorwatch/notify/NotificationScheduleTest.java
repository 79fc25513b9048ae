package org.doorwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.notify.Site.FLAT;
import static org.doorwatch.notify.Site.at;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

class NotificationScheduleTest {

    final NotificationSchedule schedule = new NotificationSchedule(Site.recipients(Renotify.DEFAULT));
    final List<String> route = List.of("property", "property-group", "sms");

    NotificationSchedule.Alerting alert(String id, Stage stage, Role role) {
        return new NotificationSchedule.Alerting(id, RuleNames.ELDERLY_INACTIVITY, stage, FLAT, FLAT, route, List.of(role));
    }

    /** Every round until {@code until}, waking exactly at each deadline as the gateway does. */
    List<String> runUntil(Instant until) {
        List<String> out = new ArrayList<>();
        Instant next;
        while ((next = schedule.nextDeadline()) != null && !next.isAfter(until)) {
            for (NotificationSchedule.Round r : schedule.advance(next, 100)) {
                for (Notice n : r.plan().notices()) {
                    out.add(r.round() + (r.passedOn() ? " passed on " : " ") + n.channel() + " "
                            + n.at().atZone(Site.ZONE).toLocalTime() + " " + n.personIds());
                }
            }
        }
        return out;
    }

    @Test
    void anUnacknowledgedWarningIsSentAgainTimesThenPassedOnAlongTheThreeRoles() {
        NotificationSchedule.Round first = schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        assertThat(first.plan().notices()).hasSize(3);
        assertThat(runUntil(at("2026-11-23T12:00"))).containsExactly(
                "1 property-group 10:15 [wang-li]", "1 sms 10:15 [wang-li]",
                "2 property-group 10:30 [wang-li]", "2 sms 10:30 [wang-li]",
                "3 property-group 10:45 [wang-li]", "3 sms 10:45 [wang-li]",
                "4 passed on property-group 11:00 [liu-qiang]", "4 passed on sms 11:00 [liu-qiang]",
                "5 property-group 11:15 [liu-qiang]", "5 sms 11:15 [liu-qiang]",
                "6 property-group 11:30 [liu-qiang]", "6 sms 11:30 [liu-qiang]",
                "7 property-group 11:45 [liu-qiang]", "7 sms 11:45 [liu-qiang]",
                "8 passed on property-group 12:00 [chen-jie]", "8 passed on sms 12:00 [chen-jie]");
        // and on: the guardian's three re-sends, then property (on duty on a Monday), then the chain ends
        List<String> rest = runUntil(at("2026-11-24T00:00"));
        assertThat(rest).contains("12 passed on sms 13:00 [zhang-wei]", "15 sms 13:45 [zhang-wei]");
        assertThat(rest).last().isEqualTo("15 sms 13:45 [zhang-wei]");
        assertThat(schedule.isOpen("a1")).isFalse();
    }

    @Test
    void anAcknowledgementStopsItAndOnlyIt() {
        schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        schedule.raise(new NotificationSchedule.Alerting("b1", RuleNames.DOOR_FORCED, Stage.ALARM, "3-2-502", "3-2-502",
                List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER)), at("2026-11-23T10:00"));
        assertThat(runUntil(at("2026-11-23T10:15"))).hasSize(3);
        assertThat(schedule.acknowledge("a1")).isTrue();
        assertThat(schedule.acknowledge("a1")).isFalse();
        assertThat(runUntil(at("2026-11-23T10:30"))).containsExactly("2 sms 10:30 [wang-li]");
    }

    @Test
    void aLaterStageSupersedesTheEarlierOnesRounds() {
        schedule.raise(alert("w", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        schedule.raise(alert("c", Stage.CALL_BACK, Role.CORRIDOR_LIAISON), at("2026-11-23T10:05"));
        assertThat(schedule.isOpen("w")).isFalse();
        assertThat(runUntil(at("2026-11-23T10:20"))).containsExactly(
                "1 property-group 10:20 [liu-qiang]", "1 sms 10:20 [liu-qiang]");
        schedule.raise(alert("r", Stage.RESOLVED, Role.CORRIDOR_LIAISON), at("2026-11-23T10:25"));
        assertThat(schedule.nextDeadline()).isNull();
    }

    @Test
    void aReSendFallingInQuietHoursWaitsAndTheNextCountsFromTheMorning() {
        schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T21:50"));
        assertThat(runUntil(at("2026-11-24T07:31"))).containsExactly(
                "1 property-group 07:00 [wang-li]", "1 sms 07:00 [wang-li]",
                "2 property-group 07:15 [wang-li]", "2 sms 07:15 [wang-li]",
                "3 property-group 07:30 [wang-li]", "3 sms 07:30 [wang-li]");
    }

    @Test
    void noticesAndRoutesWithoutRolesAreNotReNotified() {
        schedule.raise(new NotificationSchedule.Alerting("n", RuleNames.WATCH_WINDOW, Stage.NOTICE, FLAT, FLAT,
                List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER)), at("2026-11-23T10:00"));
        schedule.raise(new NotificationSchedule.Alerting("p", RuleNames.TAMPER, Stage.ALARM, FLAT, FLAT,
                List.of("property"), List.of()), at("2026-11-23T10:00"));
        assertThat(schedule.size()).isZero();
    }

    @Test
    void aLateTickSendsOneRoundNotTheMissedBurst() {
        schedule.raise(alert("a1", Stage.CALL_BACK, Role.CORRIDOR_LIAISON), at("2026-11-23T10:00"));
        List<NotificationSchedule.Round> rounds = schedule.advance(at("2026-11-23T11:00"), 100);
        assertThat(rounds).hasSize(1);
        assertThat(schedule.nextDeadline()).isEqualTo(at("2026-11-23T11:15"));
    }
}

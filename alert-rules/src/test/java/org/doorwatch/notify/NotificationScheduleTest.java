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

    @Test
    void aRolledBackTransactionLeavesEveryAlertAsItWasAndTheSameWorkComesAgain() {
        schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        schedule.raise(alert2("b1"), at("2026-11-23T10:00"));
        assertThat(schedule.changes()).extracting(NotificationSchedule.Change::alertId).containsExactly("a1", "b1");
        schedule.commit();
        assertThat(schedule.changes()).isEmpty();

        // a tick that fails to commit: a round, an acknowledgement, a superseding stage
        List<NotificationSchedule.Round> rounds = schedule.advance(at("2026-11-23T10:15"), 100);
        assertThat(rounds).extracting(NotificationSchedule.Round::round).containsExactly(1, 1);
        schedule.acknowledge("b1");
        schedule.raise(alert("c1", Stage.CALL_BACK, Role.CORRIDOR_LIAISON), at("2026-11-23T10:15"));
        assertThat(schedule.ended()).extracting(NotificationSchedule.Ended::alertId, NotificationSchedule.Ended::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b1", NotificationSchedule.ACKNOWLEDGED),
                        org.assertj.core.groups.Tuple.tuple("a1", NotificationSchedule.SUPERSEDED));
        schedule.rollback();
        assertThat(schedule.ended()).isEmpty();
        assertThat(schedule.isOpen("a1")).isTrue();
        assertThat(schedule.isOpen("b1")).isTrue();
        assertThat(schedule.isOpen("c1")).isFalse();
        assertThat(schedule.nextDeadline()).isEqualTo(at("2026-11-23T10:15"));
        // the retry does it all again, and the same rounds come out
        assertThat(schedule.advance(at("2026-11-23T10:15"), 100)).extracting(NotificationSchedule.Round::round)
                .containsExactly(1, 1);
        List<NotificationSchedule.Change> changes = schedule.changes();
        assertThat(changes).extracting(c -> c.alertId() + " " + c.state().round() + " " + c.state().due()
                .atZone(Site.ZONE).toLocalTime()).containsExactly("a1 1 10:30", "b1 1 10:30");
    }

    @Test
    void aRestoredScheduleGoesOnWhereTheStoredOneStopped() {
        schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        runUntil(at("2026-11-23T11:00")); // three re-sends and the pass-on to the liaison
        NotificationSchedule.State stored = schedule.changes().get(0).state();
        assertThat(stored.roles()).containsExactly(Role.CORRIDOR_LIAISON);

        NotificationSchedule restarted = new NotificationSchedule(Site.recipients(Renotify.DEFAULT));
        restarted.restore(stored);
        assertThat(restarted.nextDeadline()).isEqualTo(at("2026-11-23T11:15"));
        List<String> next = new ArrayList<>();
        for (NotificationSchedule.Round r : restarted.advance(at("2026-11-23T11:15"), 10)) {
            next.add(r.round() + " " + r.plan().notices().get(0).personIds());
        }
        assertThat(next).containsExactly("5 [liu-qiang]");
    }

    @Test
    void reNotificationTurnedOffByAReloadEndsEveryOpenAlert() {
        schedule.raise(alert("a1", Stage.WARNING, Role.NEIGHBOUR_WATCHER), at("2026-11-23T10:00"));
        schedule.commit();
        schedule.reconfigure(Site.recipients(Renotify.OFF));
        assertThat(schedule.size()).isZero();
        assertThat(schedule.ended()).extracting(NotificationSchedule.Ended::reason).containsExactly(NotificationSchedule.TURNED_OFF);
        assertThat(schedule.changes()).extracting(NotificationSchedule.Change::state).containsOnlyNulls();
    }

    NotificationSchedule.Alerting alert2(String id) {
        return new NotificationSchedule.Alerting(id, RuleNames.DOOR_FORCED, Stage.ALARM, "3-2-502", "3-2-502",
                List.of("sms"), List.of(Role.NEIGHBOUR_WATCHER));
    }
}

package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.Scenario.at;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * routine-deviation (SPEC 11) rule by rule, on virtual time: a commuter (out 07:30 to 07:45,
 * back 17:50 to 18:10) on the 24h/48h/72h escalation with a 28-day window, NOTICE from 14 days,
 * margin 1h or 0.5, 90 minutes later still usual ({@link RoutineSite}).
 */
class RoutineDeviationTest {

    static final String RULE = RuleNames.ROUTINE_DEVIATION;

    /** Three weeks of the commuter's days (0 to 20), then home at 18:00 on day 21 and silent. */
    static Scenario fallsAfterComingHome(EngineConfig config) {
        Scenario s = new Scenario(config, at(0, 0, 0));
        RoutineSite.commuter(0, 21).forEach(s::event);
        return s.door(at(21, 7, 35)).door(at(21, 18, 0));
    }

    /** 3-2-501's alerts (1-1-101, on a policy without a routine, escalates on its own). */
    static List<String> mine(Scenario s) {
        return s.summary().stream().filter(l -> l.startsWith("3-2-501 ")).toList();
    }

    static List<Alert> hers(Scenario s) {
        return s.alerts.stream().filter(a -> "3-2-501".equals(a.household())).toList();
    }

    static List<String> routine(Scenario s) {
        return s.alerts.stream().filter(a -> a.rule().equals(RULE))
                .map(a -> a.household() + " " + a.stage() + " @" + Scenario.local(a.ts()) + " " + a.channels()).toList();
    }

    @Nested
    class TheNotice {

        @Test
        void aSilenceAfterTheEveningReturnIsNoticedNextMorningHoursBeforeTheWarning() {
            Scenario s = fallsAfterComingHome(RoutineSite.config()).advance(at(22, 20, 0)).door(at(22, 20, 0));

            assertThat(mine(s)).containsExactly(
                    // her latest morning was 07:45: bins up to 90 minutes later (to 09:30) are still usual
                    "3-2-501 NOTICE @d22 09:30 [property]",
                    "3-2-501 WARNING @d22 18:00 [property]",
                    "3-2-501 RESOLVED @d22 20:00 [property]",
                    "3-2-501 RESOLVED @d22 20:00 [property]");
            List<Alert> hers = hers(s);
            Alert notice = hers.get(0);
            assertThat(notice.rule()).isEqualTo(RULE);
            assertThat(notice.lastActivity()).isEqualTo(at(21, 18, 0));
            assertThat(notice.message()).isEqualTo("3栋2单元501 今天到现在还没有开门，平时 8 点前会出门");
            assertThat(notice.evidence()).containsEntry("usualBy", at(22, 8, 0)).containsEntry("daysLearned", 22);
            assertThat(notice.sensorOffline()).isFalse();
            assertThat(notice.id()).isEqualTo(AlertIds.of("test-site", RULE, "3-2-501", "NOTICE", Scenario.at(21, 18, 0).toEpochMilli()));
            Alert resolved = hers.get(2);
            assertThat(resolved.rule()).isEqualTo(RULE);
            assertThat(resolved.message()).isEqualTo("3栋2单元501 提醒解除：门已打开");
            assertThat(resolved.lastActivity()).isEqualTo(at(22, 20, 0));
            assertThat(resolved.evidence()).containsEntry("resolvedBy", "DOOR_OPENED");
            assertThat(resolved.id()).isEqualTo(AlertIds.of("test-site", RULE, "3-2-501", "RESOLVED", at(21, 18, 0).toEpochMilli()));
            assertThat(hers.get(3).rule()).isEqualTo(RuleNames.ELDERLY_INACTIVITY);
        }

        @Test
        void aSilenceWithinTheDayIsWordedFromItsStart() {
            // back from the morning outing at 09:00 on day 21, then nothing; she usually comes home
            // by 18:10 (the door opens), so from 18:30 the silence is longer than any seen; 90
            // minutes later than her latest is still usual: the NOTICE comes at 20:00
            Scenario s = new Scenario(RoutineSite.config(), at(0, 0, 0));
            RoutineSite.commuter(0, 21).forEach(s::event);
            s.door(at(21, 7, 40)).door(at(21, 9, 0)).advance(at(22, 0, 0));

            assertThat(routine(s)).containsExactly("3-2-501 NOTICE @d21 20:00 [property]");
            assertThat(hers(s).get(0).message()).isEqualTo("3栋2单元501 09:00以后还没有开门，平时 18 点半前会出门");
        }

        @Test
        void beforeMinDaysOfHistoryNothingIsNoticed() {
            Scenario s = new Scenario(RoutineSite.config(), at(0, 0, 0));
            RoutineSite.commuter(0, 12).forEach(s::event); // twelve days: two too few
            s.advance(at(14, 0, 0));

            assertThat(routine(s)).isEmpty();
            assertThat(mine(s)).contains("3-2-501 WARNING @d12 18:06 [property]");
        }

        @Test
        void aHouseholdWhosePolicyHasNoRoutineIsNeverNoticed() {
            Scenario s = new Scenario(RoutineSite.config(), at(0, 0, 0));
            for (DoorEvent e : RoutineSite.commuter(0, 21)) {
                s.event(DoorEvent.device(e.ts(), "door-1-1-101", EventType.DOOR_OPENED));
            }
            s.advance(at(23, 0, 0));

            assertThat(routine(s)).isEmpty();
            assertThat(s.engine.state("1-1-101").routine()).isNull();
            assertThat(s.engine.state("3-2-501").routine()).isNotNull();
        }

        @Test
        void theRuleSwitchedOffSaysNothing() {
            EngineConfig config = RoutineSite.config();
            RuleSettings r = config.rules();
            java.util.Set<String> off = new java.util.HashSet<>(r.disabled());
            off.add(RULE);
            Scenario s = fallsAfterComingHome(config.withRules(new RuleSettings(off, r.heldOpenAfter(), r.deniedBurstCount(),
                    r.deniedBurstWindow(), r.offlineAfter(), r.visitorCount(), r.visitorWindow(), r.watchFrom(), r.watchTo())))
                    .advance(at(22, 20, 0));

            assertThat(mine(s)).containsExactly("3-2-501 WARNING @d22 18:00 [property]");
        }

        @Test
        void textsAndRoutesComeFromTheConfig() {
            EngineConfig config = RoutineSite.config()
                    .withTemplates(MessageTemplates.withOverrides(Map.of(
                            RULE + ".NOTICE", "{address}：{silence}（{lastActivity}起，已{elapsed}；平时{usualBy}前）",
                            RULE + ".silence.today", "今天还没出门")))
                    .withRoutes(org.doorwatch.domain.Routes.withOverrides(Map.of(RULE, Map.of(Stage.NOTICE, List.of("property", "community")))));
            Scenario s = fallsAfterComingHome(config).advance(at(22, 12, 0));

            assertThat(routine(s)).containsExactly("3-2-501 NOTICE @d22 09:30 [property, community]");
            assertThat(hers(s).get(0).message()).isEqualTo("3栋2单元501：今天还没出门（12月13日 18:00起，已15小时30分钟；平时8 点前）");
        }
    }

    /** Away, confirmed well, sensor offline: as for the escalation (SPEC 6.5, 6.1, 7). */
    @Nested
    class Interplay {

        @Test
        void awayResolvesAnOpenNoticeAndNothingIsNoticedWhileAwayOrOnTheWayHome() {
            Scenario s = fallsAfterComingHome(RoutineSite.config()).advance(at(22, 10, 0))
                    .staff(at(22, 10, 0), EventType.AWAY, at(25, 0, 0)) // her daughter took her in
                    .advance(at(25, 14, 0))
                    .door(at(25, 14, 0)); // home in the afternoon: the morning after the away end is not judged

            assertThat(routine(s)).containsExactly(
                    "3-2-501 NOTICE @d22 09:30 [property]",
                    "3-2-501 RESOLVED @d22 10:00 [property]");
            Alert resolved = s.alerts.stream().filter(a -> a.rule().equals(RULE) && a.stage() == Stage.RESOLVED).findFirst().orElseThrow();
            assertThat(resolved.message()).isEqualTo("3栋2单元501 提醒解除：已登记外出");
            assertThat(resolved.evidence()).containsEntry("resolvedBy", "AWAY").containsEntry("awayUntil", at(25, 0, 0));
            assertThat(resolved.lastActivity()).isEqualTo(at(21, 18, 0));
            assertThat(s.engine.state("3-2-501").routine().ownSilence()).isTrue(); // judged again from her return
        }

        @Test
        void awayBeforeTheNoticeMeansNoNoticeAndTheAwaySpanIsNotLearned() {
            Scenario s = fallsAfterComingHome(RoutineSite.config())
                    .staff(at(21, 21, 0), EventType.AWAY, at(23, 0, 0))
                    .advance(at(23, 12, 0))
                    .door(at(23, 12, 0));
            byte[] before = s.engine.state("3-2-501").routine().profile();
            s.door(at(23, 18, 0));
            RoutineSite.commuter(24, 25).forEach(s::event);
            s.advance(at(25, 0, 0));

            assertThat(routine(s)).isEmpty();
            assertThat(mine(s)).isEmpty();
            // neither the away span nor the morning of her return taught the profile anything:
            // the next silence learned is day 24's
            assertThat(before).isEqualTo(beforeAway().engine.state("3-2-501").routine().profile());
        }

        private Scenario beforeAway() {
            return fallsAfterComingHome(RoutineSite.config());
        }

        @Test
        void aWellCheckResolvesTheNoticeAndTeachesTheProfileThatSuchMorningsHappen() {
            Scenario s = fallsAfterComingHome(RoutineSite.config()).advance(at(22, 10, 0))
                    .staff(at(22, 10, 0), EventType.CONFIRMED_WELL, null) // she was fine, just tired
                    .door(at(22, 10, 30)).door(at(22, 18, 0))
                    .door(at(23, 10, 15)).door(at(23, 18, 0)) // and again the next morning: now usual
                    .advance(at(24, 0, 0));

            assertThat(routine(s)).containsExactly(
                    "3-2-501 NOTICE @d22 09:30 [property]",
                    "3-2-501 RESOLVED @d22 10:00 [property]");
            Alert resolved = hers(s).get(1);
            assertThat(resolved.message()).isEqualTo("3栋2单元501 提醒解除：工作人员确认平安");
            assertThat(resolved.evidence()).containsEntry("resolvedBy", "CONFIRMED_WELL").containsEntry("by", "staff-7");
        }

        @Test
        void theNoticeCarriesSensorOfflineWhileTheDoorContactIsDown() {
            Scenario s = fallsAfterComingHome(RoutineSite.config())
                    .event(DoorEvent.device(at(21, 22, 0), RoutineSite.DOOR, EventType.DEVICE_FAULT))
                    .advance(at(22, 12, 0))
                    .door(at(22, 12, 0)); // the contact is heard again before the opening counts

            List<Alert> routine = s.alerts.stream().filter(a -> a.rule().equals(RULE)).toList();
            assertThat(routine).extracting(Alert::stage).containsExactly(Stage.NOTICE, Stage.RESOLVED);
            assertThat(routine.get(0).sensorOffline()).isTrue();
            assertThat(routine.get(1).sensorOffline()).isFalse();
        }

        @Test
        void aSilenceThatReachedTheWarningIsNotLearned() {
            Scenario s = fallsAfterComingHome(RoutineSite.config())
                    .advance(at(23, 10, 0)).door(at(23, 10, 0)).door(at(23, 18, 0)); // found after 40 hours
            RoutineSite.commuter(24, 28).forEach(s::event);
            s.door(at(28, 7, 40)).door(at(28, 18, 0)).advance(at(29, 12, 0));

            // the 40-hour silence did not make her mornings usual: the next one is noticed as early
            assertThat(routine(s)).containsExactly(
                    "3-2-501 NOTICE @d22 09:30 [property]",
                    "3-2-501 RESOLVED @d23 10:00 [property]",
                    "3-2-501 NOTICE @d29 09:30 [property]");
        }
    }

    /** Transactions, restart, reload. */
    @Nested
    class State {

        @Test
        void aRolledBackActivityUnlearnsItsSilence() {
            Scenario s = fallsAfterComingHome(RoutineSite.config());
            HouseholdState before = s.engine.state("3-2-501");
            s.engine.apply(RoutineSite.door(at(22, 11, 0)), at(22, 11, 0));
            assertThat(s.engine.state("3-2-501").routine()).isNotEqualTo(before.routine());
            s.engine.rollback();

            assertThat(s.engine.state("3-2-501")).isEqualTo(before);
            // the undone batch had raised and resolved the 09:30 NOTICE; the clock does not go
            // back, so it is raised again at once, with its id
            assertThat(routine(s.advance(at(22, 12, 0)))).containsExactly("3-2-501 NOTICE @d22 11:00 [property]");
        }

        @Test
        void aRepeatedReportTeachesNothing() {
            Scenario s = fallsAfterComingHome(RoutineSite.config());
            HouseholdState before = s.engine.state("3-2-501");
            s.door(at(21, 18, 0)).door(at(21, 12, 0));

            assertThat(s.engine.state("3-2-501")).isEqualTo(before);
        }

        @Test
        void aRestartRestoresTheProfileAndItsNotice() {
            Scenario s = fallsAfterComingHome(RoutineSite.config()).advance(at(22, 10, 0));
            WatchEngine restarted = new WatchEngine(RoutineSite.config());
            restarted.restore(s.engine.state("3-2-501"));
            restarted.restore(s.engine.state("1-1-101"));
            restarted.start(at(22, 10, 0));

            assertThat(restarted.state("3-2-501")).isEqualTo(s.engine.state("3-2-501"));
            // the NOTICE is not raised again; the RESOLVED goes where it went
            List<Alert> after = restarted.apply(RoutineSite.door(at(22, 11, 0)), at(22, 11, 0));
            assertThat(after).extracting(Alert::rule, Alert::stage, Alert::channels)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(RULE, Stage.RESOLVED, List.of("property")));
        }

        @Test
        void aNoticeThatFellDueWhileTheGatewayWasDownIsRaisedAtStartUpOnce() {
            Scenario s = fallsAfterComingHome(RoutineSite.config());
            WatchEngine restarted = new WatchEngine(RoutineSite.config());
            restarted.restore(s.engine.state("3-2-501"));
            restarted.start(at(22, 11, 0));

            List<Alert> first = restarted.advance(at(22, 11, 0));
            restarted.commit();
            assertThat(first).filteredOn(a -> a.rule().equals(RULE)).singleElement().satisfies(a -> {
                assertThat(a.ts()).isEqualTo(at(22, 11, 0));
                assertThat(a.id()).isEqualTo(AlertIds.of("test-site", RULE, "3-2-501", "NOTICE", at(21, 18, 0).toEpochMilli()));
            });
            assertThat(restarted.advance(at(22, 12, 0))).filteredOn(a -> a.rule().equals(RULE)).isEmpty();
        }

        @Test
        void aProfileOfAnotherShapeIsNotMisread() {
            Scenario s = fallsAfterComingHome(RoutineSite.config());
            WatchEngine restarted = new WatchEngine(RoutineSite.config(RoutineSite.ROUTINE.withDays(56, 14)));
            restarted.restore(s.engine.state("3-2-501"));
            restarted.start(at(22, 0, 0));

            assertThat(restarted.state("3-2-501").routine().profile()).isNotEqualTo(s.engine.state("3-2-501").routine().profile());
            assertThat(restarted.advance(at(22, 17, 0))).isEmpty(); // a fresh profile: fewer than minDays observed
        }

        @Test
        void aReloadStartsForgetsOrRestartsTheLearning() {
            EngineConfig plain = RoutineSite.config().withPolicies(List.of(
                    new Policy("elderly-routine", RoutineSite.ESCALATION), new Policy("elderly-living-alone", RoutineSite.ESCALATION)));
            Scenario s = fallsAfterComingHome(RoutineSite.config()).advance(at(22, 10, 0));
            // the policy loses its routine: the open NOTICE is forgotten, without a RESOLVED
            s.alerts.addAll(s.engine.reconfigure(plain, at(22, 10, 0)));
            s.engine.commit();
            assertThat(s.engine.state("3-2-501").routine()).isNull();
            s.door(at(22, 11, 0));
            assertThat(routine(s)).containsExactly("3-2-501 NOTICE @d22 09:30 [property]");

            // it gains one again: learning starts from nothing, so nothing for minDays
            s.alerts.addAll(s.engine.reconfigure(RoutineSite.config(), at(23, 0, 0)));
            s.engine.commit();
            RoutineSite.commuter(23, 30).forEach(s::event);
            s.advance(at(32, 0, 0));
            assertThat(routine(s)).containsExactly("3-2-501 NOTICE @d22 09:30 [property]");
            assertThat(s.engine.state("3-2-501").routine()).isNotNull();

            // the same span of days keeps what was learned; another span starts afresh
            byte[] learned = s.engine.state("3-2-501").routine().profile();
            s.engine.reconfigure(RoutineSite.config(RoutineSite.ROUTINE.withDays(27, 14)), at(32, 0, 0));
            assertThat(s.engine.state("3-2-501").routine().profile()).isEqualTo(learned);
            s.engine.reconfigure(RoutineSite.config(RoutineSite.ROUTINE.withDays(12, 9)), at(32, 0, 0));
            assertThat(s.engine.state("3-2-501").routine().profile()).isNotEqualTo(learned);
        }

        @Test
        void settingsAreCheckedWhereTheyAreMade() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Routine(28, 22, Duration.ZERO, 0, Duration.ZERO))
                    .hasMessageContaining("minDays must be 1 to 21 for learnDays 28");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Routine(3, 1, Duration.ZERO, 0, Duration.ZERO))
                    .hasMessageContaining("learnDays must be 4 to 1020");
            assertThat(Routine.maxMinDays(28)).isEqualTo(21);
        }
    }
}

package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.Scenario.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC section 6, rule by rule, on virtual time. */
class ElderlyInactivityTest {

    @Nested
    class AcceptanceExamples {

        @Test
        void doorOpenedOnceThenSilenceEscalatesDayByDay() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).door(at(0, 8, 0)).drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 CALL_BACK @d2 08:00 [property, community]",
                    "3-2-501 VISIT @d3 08:00 [property, community, police]");
            Alert warning = s.alerts.get(0);
            assertThat(warning.rule()).isEqualTo("elderly-inactivity");
            assertThat(warning.lastActivity()).isEqualTo(at(0, 8, 0));
            assertThat(warning.message()).isEqualTo("3栋2单元501 已24小时未开门");
            assertThat(s.alerts.get(1).message()).isEqualTo("3栋2单元501 已48小时未开门，请电话回访");
            assertThat(s.alerts.get(2).message()).isEqualTo("3栋2单元501 已72小时未开门，请上门询问");
        }

        @Test
        void doorOpeningOnDayTwoResolvesAndStartsAFreshEpisode() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).door(at(0, 8, 0)).door(at(2, 9, 0)).drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 CALL_BACK @d2 08:00 [property, community]",
                    "3-2-501 RESOLVED @d2 09:00 [property, community]",
                    "3-2-501 WARNING @d3 09:00 [property]",
                    "3-2-501 CALL_BACK @d4 09:00 [property, community]",
                    "3-2-501 VISIT @d5 09:00 [property, community, police]");
            Alert resolved = s.alerts.get(2);
            assertThat(resolved.lastActivity()).isEqualTo(at(2, 9, 0));
            assertThat(resolved.evidence()).containsEntry("resolvedBy", "DOOR_OPENED");
            assertThat(resolved.message()).isEqualTo("3栋2单元501 警报解除：门已打开");
        }
    }

    /**
     * 6.7 and the gateway's start-up hold: the engine resumes at the previous run's last instant,
     * a queued opening is applied at its own time, then {@code skipTo} the start-up instant and what
     * is still overdue is raised once, at start-up.
     */
    @Nested
    class StartUp {

        @Test
        void aQueuedOpeningBeforeItsDeadlineRaisesNothingAndWhatIsStillOverdueIsRaisedAtStartUp() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            s.door(at(0, 23, 50)); // read from the broker's queue after the restart, before anything fires
            s.engine.skipTo(at(2, 10, 0)); // the start-up: the WARNING (d1 23:50) is overdue, the CALL_BACK (d2 23:50) not yet
            s.advance(at(2, 10, 0));
            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d2 10:00 [property]");
        }

        @Test
        void skipToFiresNothingItself() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            s.engine.skipTo(at(3, 9, 0));
            assertThat(s.alerts).isEmpty();
            s.advance(at(3, 9, 0));
            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d3 09:00 [property]",
                    "3-2-501 CALL_BACK @d3 09:00 [property, community]",
                    "3-2-501 VISIT @d3 09:00 [property, community, police]");
        }
    }

    /** 6.1: what counts as activity, and L before any activity. */
    @Nested
    class Activity {

        @Test
        void beforeAnyActivityTheWatchStartIsL() {
            Scenario s = Scenario.oneHousehold(at(0, 6, 30)).advance(at(1, 6, 30));

            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d1 06:30 [property]");
            assertThat(s.alerts.get(0).lastActivity()).isEqualTo(at(0, 6, 30));
        }

        @Test
        void accessGrantedAttributedByTheEventCountsAsActivity() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0))
                    .event(new DoorEvent(at(0, 10, 0), "gate-1", EventType.ACCESS_GRANTED, "3-2-501",
                            "card:5A3C91", null, null, null))
                    .advance(at(1, 9, 59));

            assertThat(s.alerts).isEmpty();
            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(0, 10, 0));
        }

        @Test
        void confirmedWellCountsAsActivity() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0)).staff(at(0, 12, 0), EventType.CONFIRMED_WELL, null);

            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(0, 12, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(1, 12, 0));
        }

        @Test
        void otherEventsAreNotActivity() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0));
            for (EventType t : EventType.values()) {
                if (t.isActivity() || t.isStaffAction()) {
                    continue;
                }
                s.event(DoorEvent.device(at(0, 12, 0), "door-3-2-501", t));
            }
            s.advance(at(1, 0, 0));

            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d1 00:00 [property]");
        }

        @Test
        void aSharedDoorWithNoHouseholdIsNobodysActivity() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0))
                    .event(DoorEvent.device(at(0, 12, 0), "gate-1", EventType.DOOR_OPENED))
                    .advance(at(1, 0, 0));

            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d1 00:00 [property]");
        }

        @Test
        void aHouseholdWithoutAnInactivityPolicyIsNeverEscalated() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0)).drain();

            assertThat(s.alerts).extracting(Alert::household).containsOnly("3-2-501");
        }
    }

    /** 6.2: the three stages, once per episode, routed. */
    @Nested
    class Stages {

        @Test
        void eachStageFiresExactlyAtItsDeadlineAndNotBefore() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            s.advance(at(1, 8, 0).minusMillis(1));
            assertThat(s.alerts).isEmpty();
            s.advance(at(1, 8, 0));
            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d1 08:00 [property]");
        }

        @Test
        void eachStageIsRaisedOncePerEpisode() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            for (int hour = 0; hour < 24 * 10; hour++) {
                s.advance(at(0, 8, 0).plus(Duration.ofHours(hour)));
            }
            assertThat(s.alerts).extracting(Alert::stage)
                    .containsExactly(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT);
            assertThat(s.engine.nextDeadline("3-2-501")).isNull();
        }

        @Test
        void configuredRoutesOverrideTheDefaultsStageByStage() {
            EngineConfig config = Scenario.config().withRoutes(Routes.withOverrides(
                    Map.of("elderly-inactivity", Map.of(Stage.WARNING, List.of("property", "community")))));
            Scenario s = new Scenario(config, at(0, 0, 0)).drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 00:00 [property, community]",
                    "3-2-501 CALL_BACK @d2 00:00 [property, community]",
                    "3-2-501 VISIT @d3 00:00 [property, community, police]");
        }

        @Test
        void aPolicyMayUseFewerStages() {
            Policy visitOnly = new Policy("visit-only", new Inactivity(null, null, Duration.ofHours(36)));
            EngineConfig config = Scenario.config().withPolicies(List.of(visitOnly))
                    .withHouseholds(List.of(new Household("3-2-501", "3栋2单元501", "visit-only", List.of())));
            Scenario s = new Scenario(config, at(0, 0, 0)).drain();

            assertThat(s.summary()).containsExactly("3-2-501 VISIT @d1 12:00 [property, community, police]");
        }
    }

    /** 6.3: RESOLVED and the new episode. */
    @Nested
    class Resolved {

        @Test
        void activityBeforeAnyStageRaisesNothingAndRestartsTheClock() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).door(at(0, 20, 0)).advance(at(1, 19, 59));

            assertThat(s.alerts).isEmpty();
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(1, 20, 0));
        }

        @Test
        void resolvedGoesToEveryChannelThatGotAStageOfTheEpisode() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(3, 8, 0)).door(at(3, 9, 0));

            assertThat(s.summary()).last().isEqualTo("3-2-501 RESOLVED @d3 09:00 [property, community, police]");
        }

        @Test
        void afterResolvedTheNextEpisodeStartsAtTheActivityTimestamp() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0)).door(at(1, 8, 30)).drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 RESOLVED @d1 08:30 [property]",
                    "3-2-501 WARNING @d2 08:30 [property]",
                    "3-2-501 CALL_BACK @d3 08:30 [property, community]",
                    "3-2-501 VISIT @d4 08:30 [property, community, police]");
        }

        @Test
        void eachEpisodeHasItsOwnIdsAndTheyAreStable() {
            Scenario a = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0)).door(at(1, 8, 30)).drain();
            Scenario b = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0)).door(at(1, 8, 30)).drain();

            assertThat(a.alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(a.alerts).extracting(Alert::id).containsExactlyElementsOf(
                    b.alerts.stream().map(Alert::id).toList());
        }
    }

    /** 6.4: stale timestamps, the forward-only clock, same-instant ordering. */
    @Nested
    class Ordering {

        @Test
        void anActivityNotLaterThanLChangesNothing() {
            Scenario s = Scenario.oneHousehold(at(0, 0, 0)).door(at(0, 8, 0)).advance(at(1, 8, 0));
            s.door(at(0, 8, 0)); // repeated report
            s.door(at(0, 7, 0)); // stale report
            s.drain();

            assertThat(s.alerts).extracting(Alert::stage)
                    .containsExactly(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT);
            assertThat(s.alerts).allSatisfy(a -> assertThat(a.lastActivity()).isEqualTo(at(0, 8, 0)));
        }

        @Test
        void anEventExactlyAtADeadlineIsAppliedFirst() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).door(at(1, 8, 0)).advance(at(1, 8, 0));

            assertThat(s.alerts).isEmpty();
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(2, 8, 0));
        }

        @Test
        void aLateEventIsAppliedAtTheClockButCountsFromItsOwnTimestamp() {
            // WARNING fired at d1 08:00; at d1 10:00 a report arrives of an opening at d1 07:59.
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 10, 0)).door(at(1, 7, 59));

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 RESOLVED @d1 10:00 [property]");
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(2, 7, 59));
        }

        @Test
        void aLateEventWhoseDeadlinesAlreadyPassedRaisesThemAtOnce() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(3, 10, 0)).door(at(0, 9, 0)).advance(at(3, 10, 0));

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 CALL_BACK @d2 08:00 [property, community]",
                    "3-2-501 VISIT @d3 08:00 [property, community, police]",
                    "3-2-501 RESOLVED @d3 10:00 [property, community, police]",
                    "3-2-501 WARNING @d3 10:00 [property]",
                    "3-2-501 CALL_BACK @d3 10:00 [property, community]",
                    "3-2-501 VISIT @d3 10:00 [property, community, police]");
        }

        @Test
        void theClockNeverMovesBack() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(2, 0, 0));
            s.advance(at(0, 0, 0));

            assertThat(s.engine.clock()).isEqualTo(at(2, 0, 0));
        }

        @Test
        void aDeviceClockAheadOfTheGatewayCannotPushLIntoTheFuture() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            List<Alert> raised = s.engine.apply(
                    DoorEvent.device(at(300, 0, 0), "door-3-2-501", EventType.DOOR_OPENED), at(0, 9, 0));

            assertThat(raised).isEmpty();
            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(0, 9, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(1, 9, 0));
        }
    }

    /** 6.5: away periods. */
    @Nested
    class Away {

        @Test
        void awayMidEpisodeResolvesAndHoldsTheStages() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 9, 0))
                    .staff(at(1, 9, 0), EventType.AWAY, null).advance(at(30, 0, 0));

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 RESOLVED @d1 09:00 [property]");
            assertThat(s.alerts.get(1).evidence()).containsEntry("resolvedBy", "AWAY");
            assertThat(s.alerts.get(1).lastActivity()).isEqualTo(at(0, 8, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isNull();
        }

        @Test
        void awayBeforeAnyStageRaisesNothing() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).staff(at(0, 20, 0), EventType.AWAY, null).advance(at(9, 0, 0));

            assertThat(s.alerts).isEmpty();
        }

        @Test
        void awayEndingByUntilStartsANewEpisodeAtTheEnd() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, at(5, 0, 0)).drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d6 00:00 [property]",
                    "3-2-501 CALL_BACK @d7 00:00 [property, community]",
                    "3-2-501 VISIT @d8 00:00 [property, community, police]");
            assertThat(s.alerts.get(0).lastActivity()).isEqualTo(at(5, 0, 0));
        }

        @Test
        void activityDuringAwayDoesNotEndIt() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, at(5, 0, 0))
                    .door(at(2, 0, 0))
                    .advance(at(5, 23, 59));

            assertThat(s.alerts).isEmpty();
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(6, 0, 0));
        }

        @Test
        void activityAfterTheAwayEndCountsFromItself() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, at(5, 0, 0))
                    .door(at(5, 6, 0))
                    .advance(at(6, 5, 59));

            assertThat(s.alerts).isEmpty();
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(6, 6, 0));
        }

        @Test
        void awayClearedEndsAwayAtThatInstant() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, null)
                    .staff(at(3, 12, 0), EventType.AWAY_CLEARED, null);

            assertThat(s.engine.state("3-2-501").away()).isFalse();
            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(3, 12, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(4, 12, 0));
        }

        @Test
        void awayClearedWhileNotAwayDoesNothing() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).staff(at(0, 10, 0), EventType.AWAY_CLEARED, null).drain();

            assertThat(s.alerts).first().satisfies(a -> {
                assertThat(a.ts()).isEqualTo(at(1, 8, 0));
                assertThat(a.lastActivity()).isEqualTo(at(0, 8, 0));
            });
        }

        @Test
        void aNewAwayReplacesTheCurrentOne() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, at(5, 0, 0))
                    .staff(at(1, 10, 0), EventType.AWAY, at(2, 0, 0))
                    .advance(at(3, 0, 0));

            assertThat(s.summary()).containsExactly("3-2-501 WARNING @d3 00:00 [property]");
            assertThat(s.alerts.get(0).lastActivity()).isEqualTo(at(2, 0, 0));
        }

        @Test
        void anOpenEndedAwayReplacedByOneWithAnEndEndsThen() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, null)
                    .staff(at(1, 10, 0), EventType.AWAY, at(4, 0, 0));

            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(4, 0, 0));
        }

        @Test
        void anAwayWhoseEndAlreadyPassedEndsAtOnceWithLAtThatEnd() {
            // Staff record late that the resident was away until d1 00:00; it is now d3 10:00.
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(3, 10, 0))
                    .staff(at(3, 10, 0), EventType.AWAY, at(1, 0, 0)).advance(at(3, 10, 0));

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 CALL_BACK @d2 08:00 [property, community]",
                    "3-2-501 VISIT @d3 08:00 [property, community, police]",
                    "3-2-501 RESOLVED @d3 10:00 [property, community, police]",
                    "3-2-501 WARNING @d3 10:00 [property]",
                    "3-2-501 CALL_BACK @d3 10:00 [property, community]");
            assertThat(s.alerts.get(4).lastActivity()).isEqualTo(at(1, 0, 0));
        }

        @Test
        void anAwayEndingAtOrBeforeLStartsAnEpisodeWhoseAlertsHaveFreshIds() {
            // WARNING at d1 08:00; at d1 09:00 staff record an away that ended at d0 08:00 (= L).
            // The episode resolves and a new one starts at the same L: its WARNING is due at once
            // and must not carry the first WARNING's id, or receivers would drop it.
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 9, 0))
                    .staff(at(1, 9, 0), EventType.AWAY, at(0, 8, 0)).advance(at(1, 9, 0));

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 RESOLVED @d1 09:00 [property]",
                    "3-2-501 WARNING @d1 09:00 [property]");
            assertThat(s.alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(s.engine.state("3-2-501").episodeRepeat()).isEqualTo(1);

            // The repeat survives a restart, so a re-raise after one has the same id.
            WatchEngine restarted = new WatchEngine(Scenario.config());
            restarted.restore(s.engine.state("3-2-501"));
            restarted.start(at(2, 9, 0));
            Scenario again = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 9, 0))
                    .staff(at(1, 9, 0), EventType.AWAY, at(0, 8, 0)).advance(at(2, 9, 0));
            assertThat(restarted.advance(at(2, 9, 0))).extracting(Alert::id)
                    .containsExactly(again.alerts.get(3).id());

            // Activity moves L and ends the repeat.
            s.door(at(2, 10, 0));
            assertThat(s.engine.state("3-2-501").episodeRepeat()).isZero();
        }

        @Test
        void awayEndingAtTheSameInstantAsAnEventLetsTheEventGoFirst() {
            // The door opens exactly when the away ends: the event is applied while still away.
            Scenario s = Scenario.oneHousehold(at(0, 8, 0))
                    .staff(at(0, 10, 0), EventType.AWAY, at(2, 0, 0))
                    .door(at(2, 0, 0))
                    .advance(at(2, 0, 0));

            assertThat(s.engine.state("3-2-501").away()).isFalse();
            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(2, 0, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(3, 0, 0));
        }
    }

    /** 6.6: only activity, CONFIRMED_WELL or AWAY stop the escalation. */
    @Nested
    class OnlyActivityStopsIt {

        @Test
        void visitorsDeniedCardsAndClosingsDoNotStopTheEscalation() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0));
            for (EventType t : List.of(EventType.DOOR_CLOSED, EventType.VISITOR_CALL, EventType.ACCESS_DENIED,
                    EventType.HEARTBEAT, EventType.VISITOR_ADMITTED)) {
                s.event(new DoorEvent(at(1, 12, 0), "door-3-2-501", t, "3-2-501", null, null, null, null));
            }
            s.drain();

            assertThat(s.alerts).extracting(Alert::stage)
                    .containsExactly(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT);
        }
    }

    /** 6.7: a restart raises what fell due while down, once, with the same ids. */
    @Nested
    class Restart {

        @Test
        void stagesThatFellDueWhileDownAreRaisedOnceAtStartUpWithTheSameIds() {
            Scenario uninterrupted = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0)).advance(at(3, 8, 0));

            Scenario before = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0));
            HouseholdState saved = before.engine.state("3-2-501");

            WatchEngine restarted = new WatchEngine(Scenario.config());
            restarted.restore(saved);
            restarted.start(at(3, 12, 0));
            List<Alert> atStart = restarted.advance(at(3, 12, 0));

            assertThat(atStart).extracting(Alert::stage).containsExactly(Stage.CALL_BACK, Stage.VISIT);
            assertThat(atStart).allSatisfy(a -> assertThat(a.ts()).isEqualTo(at(3, 12, 0)));
            assertThat(atStart).extracting(Alert::id).containsExactlyElementsOf(
                    uninterrupted.alerts.subList(1, 3).stream().map(Alert::id).toList());
            assertThat(restarted.advance(at(9, 0, 0))).isEmpty();
        }

        @Test
        void anAwayPeriodSurvivesARestart() {
            Scenario before = Scenario.oneHousehold(at(0, 8, 0)).staff(at(0, 9, 0), EventType.AWAY, at(4, 0, 0));
            WatchEngine restarted = new WatchEngine(Scenario.config());
            restarted.restore(before.engine.state("3-2-501"));
            restarted.start(at(2, 0, 0));

            assertThat(restarted.advance(at(4, 23, 59))).isEmpty();
            assertThat(restarted.advance(at(5, 0, 0))).extracting(Alert::stage).containsExactly(Stage.WARNING);
        }
    }

    @Nested
    class Transactions {

        @Test
        void rollingBackAFiredStageRaisesItAgainOnTheNextTick() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            List<Alert> first = s.engine.advance(at(1, 8, 0));
            assertThat(s.engine.changes()).hasSize(1);
            s.engine.rollback();

            // The retry raises the very same alert: same id, and the ts of its deadline.
            List<Alert> retried = s.engine.advance(at(1, 8, 5));
            assertThat(retried).containsExactlyElementsOf(first);
        }

        @Test
        void rollingBackAnActivityPutsLBack() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            s.engine.apply(DoorEvent.device(at(0, 9, 0), "door-3-2-501", EventType.DOOR_OPENED), at(0, 9, 0));
            s.engine.rollback();

            assertThat(s.engine.state("3-2-501").lastActivity()).isEqualTo(at(0, 8, 0));
            assertThat(s.engine.nextDeadline("3-2-501")).isEqualTo(at(1, 8, 0));
            assertThat(s.engine.changes()).isEmpty();
        }

        @Test
        void changesListEachTouchedHouseholdOnce() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            s.engine.commit();
            s.engine.apply(DoorEvent.device(at(0, 9, 0), "door-3-2-501", EventType.DOOR_OPENED), at(0, 9, 0));
            s.engine.apply(DoorEvent.device(at(0, 10, 0), "door-3-2-501", EventType.DOOR_OPENED), at(0, 10, 0));

            assertThat(s.engine.changes()).singleElement()
                    .satisfies(st -> assertThat(st.lastActivity()).isEqualTo(at(0, 10, 0)));
        }
    }

    @Nested
    class Reconfigure {

        @Test
        void aChangedThresholdKeepsLAndMovesTheNextStage() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0)).advance(at(1, 8, 0));
            Policy faster = new Policy("elderly-living-alone",
                    new Inactivity(Duration.ofHours(24), Duration.ofHours(30), Duration.ofHours(40)));
            s.alerts.addAll(s.engine.reconfigure(Scenario.config().withPolicies(List.of(faster)), at(1, 9, 0)));
            s.drain();

            assertThat(s.summary()).containsExactly(
                    "3-2-501 WARNING @d1 08:00 [property]",
                    "3-2-501 CALL_BACK @d1 14:00 [property, community]",
                    "3-2-501 VISIT @d2 00:00 [property, community, police]");
        }

        @Test
        void anAddedHouseholdIsWatchedFromTheReload() {
            Scenario s = Scenario.oneHousehold(at(0, 8, 0));
            List<Household> more = new java.util.ArrayList<>(Scenario.config().households());
            more.add(new Household("5-1-302", "5栋1单元302", "elderly-living-alone", List.of()));
            s.engine.reconfigure(Scenario.config().withHouseholds(more), at(0, 12, 0));

            assertThat(s.engine.nextDeadline("5-1-302")).isEqualTo(at(1, 12, 0));
            assertThat(s.engine.changes()).extracting(HouseholdState::household).contains("5-1-302");
        }
    }

    @Nested
    class HostileClocks {

        @Test
        void theEpochIsAnOrdinaryInstant() {
            Scenario s = Scenario.oneHousehold(Instant.EPOCH).drain();
            assertThat(s.alerts.get(0).ts()).isEqualTo(Instant.EPOCH.plus(Duration.ofHours(24)));
        }

        @Test
        void deadlinesNearTheEndOfTimeSaturateInsteadOfWrapping() {
            Instant farFuture = Instant.ofEpochMilli(Long.MAX_VALUE - Duration.ofHours(30).toMillis());
            Scenario s = Scenario.oneHousehold(farFuture);
            s.advance(farFuture.plus(Duration.ofHours(29)));

            assertThat(s.summary()).hasSize(1); // WARNING at +24h; CALL_BACK saturates, never fires early
            assertThat(s.engine.nextDeadline().orElseThrow()).isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
        }
    }
}

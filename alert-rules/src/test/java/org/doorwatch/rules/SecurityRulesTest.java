package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.SecuritySite.at;
import static org.doorwatch.rules.SecuritySite.card;
import static org.doorwatch.rules.SecuritySite.event;
import static org.doorwatch.rules.SecuritySite.lines;
import static org.doorwatch.rules.SecuritySite.of;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.SecuritySite.Settings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 7, rule by rule, on virtual time: each threshold and window edge (count - 1,
 * count, the window sliding past the first event), the default channels, the evidence fields
 * and the Chinese message that repeats them, same-instant cases.
 */
class SecurityRulesTest {

    static final Instant T0 = Scenario.at(0, 0, 0);

    @Nested
    class DoorForced {

        @Test
        void raisesAnAlarmAtOnceToPropertyAndPoliceWithTheEventTime() {
            Scenario s = SecuritySite.start(T0).event(event(at(0, 10, 0, 5), "door-3-2-501", EventType.DOOR_FORCED));

            assertThat(lines(s, RuleNames.DOOR_FORCED)).containsExactly("ALARM @d0 10:00:05 door-3-2-501 [property, police]");
            Alert a = of(s, RuleNames.DOOR_FORCED).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.ELDERLY);
            assertThat(a.evidence()).containsExactly(Map.entry("eventTime", at(0, 10, 0, 5)));
            assertThat(a.message()).isEqualTo("3栋2单元501 门被强行打开（设备 door-3-2-501，11月22日 10:00:05）");
            assertThat(a.sensorOffline()).isFalse();
            assertThat(a.lastActivity()).isNull();
        }

        @Test
        void aSharedGateHasNoHouseholdUnlessTheEventNamesOne() {
            Scenario s = SecuritySite.start(T0)
                    .event(event(at(0, 10, 0, 0), "gate-3", EventType.DOOR_FORCED))
                    .event(event(at(0, 10, 1, 0), "gate-3", EventType.DOOR_FORCED, SecuritySite.RENTAL));

            List<Alert> alarms = of(s, RuleNames.DOOR_FORCED);
            assertThat(alarms.get(0).household()).isNull();
            assertThat(alarms.get(0).message()).startsWith("公共区域 门被强行打开（设备 gate-3");
            assertThat(alarms.get(1).household()).isEqualTo(SecuritySite.RENTAL);
            assertThat(alarms.get(1).message()).startsWith("3栋2单元601 门被强行打开");
        }

        @Test
        void aSharedGatesReportsForTwoFlatsInOneMillisecondAreTwoAlarmsWithTheirOwnIds() {
            Instant t = at(0, 10, 0, 0);
            Scenario s = SecuritySite.start(T0)
                    .event(event(t, "gate-3", EventType.DOOR_FORCED, SecuritySite.RENTAL))
                    .event(event(t, "gate-3", EventType.DOOR_FORCED, SecuritySite.ELDERLY))
                    .event(event(t, "gate-3", EventType.TAMPER, SecuritySite.RENTAL))
                    .event(event(t, "gate-3", EventType.TAMPER, SecuritySite.ELDERLY))
                    .event(event(t, "gate-3", EventType.DOOR_FORCED, SecuritySite.RENTAL)); // redelivered

            List<Alert> forced = of(s, RuleNames.DOOR_FORCED);
            assertThat(forced).extracting(Alert::household)
                    .containsExactly(SecuritySite.RENTAL, SecuritySite.ELDERLY, SecuritySite.RENTAL);
            assertThat(forced.get(1).id()).isNotEqualTo(forced.get(0).id());
            assertThat(forced.get(2).id()).isEqualTo(forced.get(0).id());
            List<Alert> tamper = of(s, RuleNames.TAMPER);
            assertThat(tamper).hasSize(2);
            assertThat(tamper.get(1).id()).isNotEqualTo(tamper.get(0).id());
        }

        @Test
        void aRedeliveredReportHasTheSameIdAndAnotherForcingAnother() {
            DoorEvent forced = event(at(0, 10, 0, 0), "door-3-2-501", EventType.DOOR_FORCED);
            Scenario s = SecuritySite.start(T0).event(forced).event(forced)
                    .event(event(at(0, 10, 0, 1), "door-3-2-501", EventType.DOOR_FORCED));

            List<Alert> alarms = of(s, RuleNames.DOOR_FORCED);
            assertThat(alarms).hasSize(3);
            assertThat(alarms.get(1).id()).isEqualTo(alarms.get(0).id());
            assertThat(alarms.get(2).id()).isNotEqualTo(alarms.get(0).id());
        }

        @Test
        void configuredRoutesAndDisablingApply() {
            EngineConfig routed = SecuritySite.config().withRoutes(Routes.withOverrides(
                    Map.of(RuleNames.DOOR_FORCED, Map.of(Stage.ALARM, List.of("police")))));
            Scenario s = new Scenario(routed, T0).event(event(at(0, 1, 0, 0), "gate-3", EventType.DOOR_FORCED));
            assertThat(of(s, RuleNames.DOOR_FORCED).get(0).channels()).containsExactly("police");

            Scenario off = SecuritySite.start(Settings.defaults().disable(RuleNames.DOOR_FORCED), T0)
                    .event(event(at(0, 1, 0, 0), "gate-3", EventType.DOOR_FORCED));
            assertThat(of(off, RuleNames.DOOR_FORCED)).isEmpty();
        }
    }

    @Nested
    class DoorHeldOpen {

        final Instant opened = at(0, 9, 0, 0);

        Scenario opened() {
            return SecuritySite.start(T0).event(event(opened, "door-3-2-601", EventType.DOOR_OPENED));
        }

        @Test
        void aCloseAtExactlyHeldOpenAfterIsInTime() {
            Scenario s = opened().event(event(opened.plusSeconds(120), "door-3-2-601", EventType.DOOR_CLOSED))
                    .advance(at(0, 9, 10, 0));

            assertThat(of(s, RuleNames.DOOR_HELD_OPEN)).isEmpty();
        }

        @Test
        void noCloseWithinHeldOpenAfterAlarmsAtThatInstantNotBefore() {
            Scenario s = opened().advance(opened.plusSeconds(120).minusMillis(1));
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN)).isEmpty();

            s.advance(opened.plusSeconds(120));
            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 09:02:00 door-3-2-601 [property]");
            Alert a = of(s, RuleNames.DOOR_HELD_OPEN).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.RENTAL);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("trigger", "DOOR_OPENED"),
                    Map.entry("openSince", opened),
                    Map.entry("heldOpenAfter", Duration.ofSeconds(120)));
            assertThat(a.message()).isEqualTo("3栋2单元601 门开启未关（设备 door-3-2-601，11月22日 09:00起）：超过2分钟未关闭");
        }

        @Test
        void aCloseAfterTheAlarmResolvesToTheSameChannelsAndANewOpeningAlarmsAnew() {
            Scenario s = opened()
                    .event(event(opened.plusSeconds(121), "door-3-2-601", EventType.DOOR_CLOSED))
                    .event(event(at(0, 12, 0, 0), "door-3-2-601", EventType.DOOR_OPENED))
                    .advance(at(0, 12, 5, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly(
                    "ALARM @d0 09:02:00 door-3-2-601 [property]",
                    "RESOLVED @d0 09:02:01 door-3-2-601 [property]",
                    "ALARM @d0 12:02:00 door-3-2-601 [property]");
            List<Alert> a = of(s, RuleNames.DOOR_HELD_OPEN);
            assertThat(a.get(1).evidence()).containsExactly(
                    Map.entry("openSince", opened), Map.entry("closedAt", opened.plusSeconds(121)));
            assertThat(a.get(1).message()).isEqualTo("3栋2单元601 门已关闭，未关门报警解除（设备 door-3-2-601，11月22日 09:02:01关闭）");
            assertThat(a.get(2).id()).isNotEqualTo(a.get(0).id());
        }

        @Test
        void aRepeatedOpenedReportDoesNotRestartTheTimer() {
            Scenario s = opened().event(event(opened.plusSeconds(60), "door-3-2-601", EventType.DOOR_OPENED))
                    .advance(opened.plusSeconds(120));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 09:02:00 door-3-2-601 [property]");
        }

        @Test
        void anOpeningNotLaterThanThePreviousOneIsAStaleReport() {
            // Opened and closed in time; then the opening is reported again with its old ts.
            Scenario s = opened().event(event(opened.plusSeconds(30), "door-3-2-601", EventType.DOOR_CLOSED))
                    .event(event(opened, "door-3-2-601", EventType.DOOR_OPENED))
                    .advance(at(0, 10, 0, 0));

            assertThat(of(s, RuleNames.DOOR_HELD_OPEN)).isEmpty();
            assertThat(s.engine.deviceState("door-3-2-601").open()).isFalse();
        }

        @Test
        void aLateCloseOfAnEarlierOpeningDoesNotCloseThisOne() {
            Scenario s = opened().event(event(opened.minusSeconds(5), "door-3-2-601", EventType.DOOR_CLOSED))
                    .advance(opened.plusSeconds(120));

            assertThat(of(s, RuleNames.DOOR_HELD_OPEN)).hasSize(1);
        }

        @Test
        void aDeviceReportAlarmsAtOnceAndTheTimerOfTheSameOpeningStaysQuiet() {
            Scenario s = opened().event(event(opened.plusSeconds(90), "door-3-2-601", EventType.DOOR_HELD_OPEN))
                    .advance(at(0, 10, 0, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 09:01:30 door-3-2-601 [property]");
            Alert a = of(s, RuleNames.DOOR_HELD_OPEN).get(0);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("trigger", "DOOR_HELD_OPEN"),
                    Map.entry("openSince", opened),
                    Map.entry("reportedAt", opened.plusSeconds(90)));
            assertThat(a.message()).endsWith("：设备报告门长时间未关");
        }

        @Test
        void aReportAfterTheTimerAlarmIsSuppressedAndBothPathsShareTheId() {
            Scenario timerFirst = opened().advance(opened.plusSeconds(120))
                    .event(event(opened.plusSeconds(150), "door-3-2-601", EventType.DOOR_HELD_OPEN));
            Scenario reportFirst = opened().event(event(opened.plusSeconds(90), "door-3-2-601", EventType.DOOR_HELD_OPEN));

            assertThat(of(timerFirst, RuleNames.DOOR_HELD_OPEN)).hasSize(1);
            assertThat(of(timerFirst, RuleNames.DOOR_HELD_OPEN).get(0).id())
                    .isEqualTo(of(reportFirst, RuleNames.DOOR_HELD_OPEN).get(0).id());
        }

        @Test
        void aReportOnADoorNotKnownOpenStartsAnOpeningThatTheCloseResolves() {
            Scenario s = SecuritySite.start(T0)
                    .event(event(at(0, 3, 0, 0), "gate-3", EventType.DOOR_HELD_OPEN))
                    .event(event(at(0, 3, 0, 30), "gate-3", EventType.DOOR_HELD_OPEN))
                    .event(event(at(0, 3, 1, 0), "gate-3", EventType.DOOR_CLOSED));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly(
                    "ALARM @d0 03:00:00 gate-3 [property]", "RESOLVED @d0 03:01:00 gate-3 [property]");
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN).get(0).household()).isNull();
        }

        @Test
        void aConfiguredHeldOpenAfterIsUsed() {
            Scenario s = SecuritySite.start(Settings.defaults().heldOpenAfter(Duration.ofSeconds(30)), T0)
                    .event(event(opened, "door-3-2-601", EventType.DOOR_OPENED))
                    .advance(opened.plusSeconds(30));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 09:00:30 door-3-2-601 [property]");
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN).get(0).message()).endsWith("超过30秒未关闭");
        }

        @Test
        void disabledItNeitherArmsNorAlarms() {
            Scenario s = SecuritySite.start(Settings.defaults().disable(RuleNames.DOOR_HELD_OPEN), T0)
                    .event(event(opened, "door-3-2-601", EventType.DOOR_OPENED))
                    .event(event(opened.plusSeconds(1), "gate-3", EventType.DOOR_HELD_OPEN))
                    .advance(at(0, 10, 0, 0));

            assertThat(of(s, RuleNames.DOOR_HELD_OPEN)).isEmpty();
        }
    }

    @Nested
    class Tamper {

        @Test
        void tamperAlarmsToPropertyWithTheTriggerAndTime() {
            Scenario s = SecuritySite.start(T0).event(event(at(0, 2, 0, 0), "reader-3", EventType.TAMPER));

            assertThat(lines(s, RuleNames.TAMPER)).containsExactly("ALARM @d0 02:00:00 reader-3 [property]");
            Alert a = of(s, RuleNames.TAMPER).get(0);
            assertThat(a.evidence()).containsExactly(Map.entry("trigger", "TAMPER"), Map.entry("eventTime", at(0, 2, 0, 0)));
            assertThat(a.message()).isEqualTo("公共区域 设备 reader-3 被拆或被破坏（11月22日 02:00）");
        }

        @Test
        void aDeviceFaultAlarmsAndATamperInTheSameMillisecondIsAnotherAlarm() {
            Instant t = at(0, 2, 0, 0);
            Scenario s = SecuritySite.start(T0)
                    .event(event(t, "door-3-2-501", EventType.DEVICE_FAULT))
                    .event(event(t, "door-3-2-501", EventType.TAMPER));

            List<Alert> a = of(s, RuleNames.TAMPER);
            assertThat(a).extracting(x -> x.evidence().get("trigger")).containsExactly("DEVICE_FAULT", "TAMPER");
            assertThat(a.get(0).message()).isEqualTo("3栋2单元501 设备 door-3-2-501 报告故障（11月22日 02:00）");
            assertThat(a.get(0).id()).isNotEqualTo(a.get(1).id());
        }

        @Test
        void aFaultMarksTheHouseholdsStagesSensorOfflineUntilTheDeviceIsHeardAgain() {
            // device-offline is off, so only the fault can mark the WARNING.
            Settings faultOnly = Settings.defaults().disable(RuleNames.DEVICE_OFFLINE);
            Scenario s = SecuritySite.start(faultOnly, T0);
            for (int m = 10; m < 24 * 60; m += 10) {
                s.event(event(T0.plus(Duration.ofMinutes(m)), "door-3-2-501", EventType.HEARTBEAT));
                if (m == 600) {
                    s.event(event(T0.plus(Duration.ofMinutes(m)).plusSeconds(1), "door-3-2-501", EventType.DEVICE_FAULT));
                }
            }
            s.advance(at(1, 0, 0, 0));
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isFalse());

            Scenario faulty = SecuritySite.start(faultOnly, T0);
            for (int m = 10; m < 24 * 60; m += 10) {
                if (m <= 600) {
                    faulty.event(event(T0.plus(Duration.ofMinutes(m)), "door-3-2-501", EventType.HEARTBEAT));
                } else {
                    faulty.event(event(T0.plus(Duration.ofMinutes(m)), "door-3-2-501", EventType.DEVICE_FAULT));
                }
            }
            faulty.advance(at(1, 0, 0, 0));
            assertThat(of(faulty, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isTrue());
            assertThat(faulty.engine.deviceState("door-3-2-501").faulty()).isTrue();
        }
    }

    @Nested
    class AccessDeniedBurst {

        Scenario denials(Scenario s, String device, Instant... times) {
            for (Instant t : times) {
                s.event(event(t, device, EventType.ACCESS_DENIED));
            }
            return s;
        }

        Instant m(int minute, int second) {
            return at(0, 8, minute, second);
        }

        @Test
        void fourDenialsAreNothingAndTheFifthWithinTheWindowAlarms() {
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(1, 0), m(2, 0), m(3, 0));
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).isEmpty();

            denials(s, "reader-3", m(9, 59));
            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly("ALARM @d0 08:09:59 reader-3 [property, police]");
            Alert a = of(s, RuleNames.ACCESS_DENIED_BURST).get(0);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("count", 5), Map.entry("window", Duration.ofMinutes(10)),
                    Map.entry("firstDenial", m(0, 0)), Map.entry("lastDenial", m(9, 59)));
            assertThat(a.message()).isEqualTo("公共区域 设备 reader-3 10分钟内拒绝开门5次（11月22日 08:00至11月22日 08:09:59）");
        }

        @Test
        void fiveDenialsSpanningExactlyTheWindowAreNotABurst() {
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(1, 0), m(2, 0), m(3, 0), m(10, 0));
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).isEmpty();

            Scenario justInside = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(1, 0), m(2, 0), m(3, 0),
                    m(10, 0).minusMillis(1));
            assertThat(of(justInside, RuleNames.ACCESS_DENIED_BURST)).hasSize(1);
        }

        @Test
        void theWindowSlidesPastTheFirstDenial() {
            // 08:00 falls out of the window at 08:10; the five from 08:01 to 08:10:30 fit in it.
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(1, 0), m(2, 0), m(3, 0), m(10, 0), m(10, 30));

            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly("ALARM @d0 08:10:30 reader-3 [property, police]");
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST).get(0).evidence())
                    .containsEntry("firstDenial", m(1, 0)).containsEntry("lastDenial", m(10, 30));
        }

        @Test
        void oncePerWindowASustainedAttackAlarmsOncePerWindowLength() {
            // One denial every 2 seconds for 25 minutes: alarm at 08:00:08 (first 08:00:00), then
            // quiet until 08:10:00, when the last five (08:09:52..08:10:00) alarm again; quiet
            // until 08:19:52 (that alarm's first denial + 10 minutes), and so on.
            Scenario s = SecuritySite.start(T0);
            for (int sec = 0; sec <= 25 * 60; sec += 2) {
                denials(s, "reader-3", m(0, 0).plusSeconds(sec));
            }
            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly(
                    "ALARM @d0 08:00:08 reader-3 [property, police]",
                    "ALARM @d0 08:10:00 reader-3 [property, police]",
                    "ALARM @d0 08:19:52 reader-3 [property, police]");
            List<Alert> a = of(s, RuleNames.ACCESS_DENIED_BURST);
            assertThat(a.get(1).evidence()).containsEntry("firstDenial", m(9, 52)).containsEntry("lastDenial", m(10, 0));
            assertThat(a).extracting(Alert::id).doesNotHaveDuplicates();
        }

        @Test
        void theQuietEndsExactlyOneWindowAfterTheAlarmsFirstDenial() {
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(0, 1), m(0, 2), m(0, 3), m(0, 4));
            denials(s, "reader-3", m(9, 50), m(9, 51), m(9, 52), m(9, 53), m(10, 0).minusMillis(1));
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).hasSize(1);

            denials(s, "reader-3", m(10, 0));
            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly(
                    "ALARM @d0 08:00:04 reader-3 [property, police]",
                    "ALARM @d0 08:10:00 reader-3 [property, police]");
        }

        @Test
        void denialsAreCountedPerDevice() {
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(0, 0), m(0, 1), m(0, 2));
            denials(s, "gate-3", m(0, 3), m(0, 4));

            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).isEmpty();
        }

        @Test
        void aConfiguredCountAndWindowAreUsed() {
            Scenario s = denials(SecuritySite.start(Settings.defaults().denied(3, Duration.ofMinutes(1)), T0),
                    "gate-3", m(0, 0), m(0, 30), m(1, 0), m(1, 10));

            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly("ALARM @d0 08:01:10 gate-3 [property, police]");
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST).get(0).message()).contains("1分钟内拒绝开门3次");
        }

        @Test
        void aLateDenialCountsAtTheNewestTimeSoTheRingStaysInOrder() {
            Scenario s = denials(SecuritySite.start(T0), "reader-3", m(5, 0), m(6, 0), m(7, 0), m(8, 0), m(0, 0));

            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).singleElement()
                    .satisfies(a -> assertThat(a.evidence()).containsEntry("firstDenial", m(5, 0)).containsEntry("lastDenial", m(8, 0)));
        }
    }

    @Nested
    class DeviceOffline {

        @Test
        void aDeviceNeverHeardAlarmsOffleAfterAfterTheStartOnceToProperty() {
            Scenario s = SecuritySite.start(Settings.defaults().disable(RuleNames.DOOR_HELD_OPEN), T0).advance(at(2, 0, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).containsExactly(
                    "ALARM @d0 00:15:00 door-3-2-501 [property]",
                    "ALARM @d0 00:15:00 door-3-2-601 [property]",
                    "ALARM @d0 00:15:00 door-6-1-101 [property]",
                    "ALARM @d0 00:15:00 gate-3 [property]",
                    "ALARM @d0 00:15:00 reader-3 [property]",
                    "ALARM @d0 00:15:00 intercom-3 [property]");
            Alert a = of(s, RuleNames.DEVICE_OFFLINE).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.ELDERLY);
            assertThat(a.evidence()).containsExactly(Map.entry("lastHeard", T0), Map.entry("offlineAfter", Duration.ofMinutes(15)));
            assertThat(a.message()).isEqualTo("3栋2单元501 设备 door-3-2-501 离线：自11月22日 00:00起15分钟无任何消息");
        }

        @Test
        void aHeartbeatAtExactlyOfflineAfterIsInTimeAndOneMillisecondLaterIsNot() {
            Instant due = T0.plus(Duration.ofMinutes(15));
            Scenario inTime = SecuritySite.start(T0).event(event(due, "gate-3", EventType.HEARTBEAT)).advance(due);
            assertThat(lines(inTime, RuleNames.DEVICE_OFFLINE)).doesNotContain("ALARM @d0 00:15:00 gate-3 [property]");
            assertThat(inTime.engine.nextDeviceDeadline("gate-3")).isEqualTo(due.plus(Duration.ofMinutes(15)));

            Scenario late = SecuritySite.start(T0).event(event(due.plusMillis(1), "gate-3", EventType.HEARTBEAT));
            assertThat(lines(late, RuleNames.DEVICE_OFFLINE)).contains("ALARM @d0 00:15:00 gate-3 [property]");
        }

        @Test
        void heardAgainResolvesToTheAlarmsChannelsThenANewSilenceAlarmsAnew() {
            Scenario s = SecuritySite.start(T0)
                    .event(event(at(0, 1, 0, 0), "gate-3", EventType.VISITOR_CALL))
                    .advance(at(0, 1, 30, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).filteredOn(l -> l.contains("gate-3")).containsExactly(
                    "ALARM @d0 00:15:00 gate-3 [property]",
                    "RESOLVED @d0 01:00:00 gate-3 [property]",
                    "ALARM @d0 01:15:00 gate-3 [property]");
            List<Alert> gate = of(s, RuleNames.DEVICE_OFFLINE).stream().filter(a -> "gate-3".equals(a.device())).toList();
            assertThat(gate.get(1).evidence()).containsExactly(
                    Map.entry("lastHeard", T0), Map.entry("heardAt", at(0, 1, 0, 0)), Map.entry("heardBy", "VISITOR_CALL"));
            assertThat(gate.get(1).message()).isEqualTo("公共区域 设备 gate-3 恢复在线（11月22日 01:00收到消息），离线报警解除");
            assertThat(gate.get(2).evidence()).containsEntry("lastHeard", at(0, 1, 0, 0));
            assertThat(gate).extracting(Alert::id).doesNotHaveDuplicates();
        }

        @Test
        void heardIsWhenTheGatewayReceivedItNotTheDevicesClock() {
            // A controller flushes an event stamped 00:05 at 00:30: it is alive at 00:30.
            Scenario s = SecuritySite.start(T0);
            s.alerts.addAll(s.engine.apply(event(at(0, 0, 5, 0), "gate-3", EventType.HEARTBEAT), at(0, 0, 30, 0)));

            assertThat(s.engine.deviceState("gate-3").lastHeard()).isEqualTo(at(0, 0, 30, 0));
            assertThat(s.engine.nextDeviceDeadline("gate-3")).isEqualTo(at(0, 0, 45, 0));
        }

        @Test
        void aDeviceFaultIsNoSignOfLife() {
            Scenario s = SecuritySite.start(T0).event(event(at(0, 0, 10, 0), "gate-3", EventType.DEVICE_FAULT))
                    .advance(at(0, 0, 15, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).contains("ALARM @d0 00:15:00 gate-3 [property]");
        }

        @Test
        void aSilentDoorContactMarksItsHouseholdsStagesSensorOffline() {
            Scenario silent = SecuritySite.start(T0).advance(at(1, 0, 0, 0));
            assertThat(of(silent, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isTrue());

            Scenario alive = SecuritySite.start(T0);
            for (int m = 10; m <= 24 * 60; m += 10) {
                alive.event(event(T0.plus(Duration.ofMinutes(m)), "door-3-2-501", EventType.HEARTBEAT));
            }
            alive.advance(at(1, 0, 0, 0));
            assertThat(of(alive, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isFalse());
        }

        @Test
        void anotherHouseholdsSilentDeviceDoesNotMarkIt() {
            Scenario s = SecuritySite.start(T0);
            for (int m = 10; m <= 24 * 60; m += 10) {
                s.event(event(T0.plus(Duration.ofMinutes(m)), "door-3-2-501", EventType.HEARTBEAT));
            }
            s.advance(at(1, 0, 0, 0));
            assertThat(s.engine.deviceState("door-3-2-601").offline()).isTrue();
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY).get(0).sensorOffline()).isFalse();
        }

        @Test
        void aDeviceGoingOfflineAtTheInstantOfAStageMarksThatStage() {
            // L = d0 08:00; heartbeats until d1 07:45, so the contact goes offline at d1 08:00,
            // the WARNING's instant. Device deadlines fire first.
            Scenario s = SecuritySite.start(at(0, 8, 0, 0)).event(event(at(0, 8, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .event(event(at(0, 8, 0, 30), "door-3-2-501", EventType.DOOR_CLOSED));
            for (Instant t = at(0, 8, 15, 0); !t.isAfter(at(1, 7, 45, 0)); t = t.plus(Duration.ofMinutes(15))) {
                s.event(event(t, "door-3-2-501", EventType.HEARTBEAT));
            }
            s.advance(at(1, 8, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).filteredOn(l -> l.contains("door-3-2-501"))
                    .containsExactly("ALARM @d1 08:00:00 door-3-2-501 [property]");
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY)).singleElement().satisfies(a -> {
                assertThat(a.ts()).isEqualTo(at(1, 8, 0, 0));
                assertThat(a.sensorOffline()).isTrue();
            });
        }

        @Test
        void aHeartbeatAtTheInstantOfAStageGoesFirstAndKeepsTheStageUnmarked() {
            Scenario s = SecuritySite.start(at(0, 8, 0, 0)).event(event(at(0, 8, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .event(event(at(0, 8, 0, 30), "door-3-2-501", EventType.DOOR_CLOSED));
            for (Instant t = at(0, 8, 15, 0); !t.isAfter(at(1, 8, 0, 0)); t = t.plus(Duration.ofMinutes(15))) {
                s.event(event(t, "door-3-2-501", EventType.HEARTBEAT));
            }
            s.advance(at(1, 8, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).noneMatch(l -> l.contains("door-3-2-501"));
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isFalse());
        }

        @Test
        void aClockAheadOfADevicesSlotFiresOnlyTheCheckDueAtTheSlot() {
            // offlineAfter 2h, heldOpenAfter 1h: the door opened at 00:00 is due at 01:00, its
            // silence at 02:00. A rolled-back batch moved the clock to 02:00; the DOOR_OPENED at
            // 02:00 that follows goes before the 02:00 silence check, so nothing goes offline.
            Scenario s = SecuritySite.start(Settings.defaults().offlineAfter(Duration.ofHours(2))
                    .heldOpenAfter(Duration.ofHours(1)), T0);
            s.event(event(T0, "door-3-2-601", EventType.DOOR_OPENED));
            s.engine.apply(event(at(0, 2, 0, 0), "gate-3", EventType.HEARTBEAT), at(0, 2, 0, 0));
            s.engine.rollback();
            s.event(event(at(0, 2, 0, 0), "door-3-2-601", EventType.DOOR_OPENED));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 02:00:00 door-3-2-601 [property]");
            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).noneMatch(l -> l.contains("door-3-2-601"));
        }

        @Test
        void disabledSilenceMarksNothing() {
            Scenario s = SecuritySite.start(Settings.defaults().disable(RuleNames.DEVICE_OFFLINE), T0).advance(at(1, 0, 0, 0));

            assertThat(of(s, RuleNames.DEVICE_OFFLINE)).isEmpty();
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY).get(0).sensorOffline()).isFalse();
        }

        @Test
        void aConfiguredOfflineAfterIsUsed() {
            Scenario s = SecuritySite.start(Settings.defaults().offlineAfter(Duration.ofHours(1)), T0).advance(at(0, 1, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).contains("ALARM @d0 01:00:00 gate-3 [property]");
            assertThat(of(s, RuleNames.DEVICE_OFFLINE).get(0).message()).endsWith("起1小时无任何消息");
        }
    }

    @Nested
    class VisitorFrequency {

        Scenario visits(Scenario s, int n, Instant first, Duration step) {
            for (int i = 0; i < n; i++) {
                EventType type = i % 2 == 0 ? EventType.VISITOR_CALL : EventType.VISITOR_ADMITTED;
                s.event(event(first.plus(step.multipliedBy(i)), "intercom-3", type, SecuritySite.RENTAL));
            }
            return s;
        }

        @Test
        void nineVisitsAreNothingAndTheTenthWithin24HoursNotifiesPolice() {
            Scenario s = visits(SecuritySite.start(T0), 9, at(0, 8, 0, 0), Duration.ofHours(2));
            assertThat(of(s, RuleNames.VISITOR_FREQUENCY)).isEmpty();

            s.event(event(at(0, 8, 0, 0).plus(Duration.ofHours(24)).minusMillis(1), "door-3-2-601", EventType.VISITOR_ADMITTED));
            assertThat(lines(s, RuleNames.VISITOR_FREQUENCY)).containsExactly("NOTICE @d1 07:59:59 3-2-601 [police]");
            Alert a = of(s, RuleNames.VISITOR_FREQUENCY).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.RENTAL);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("count", 10), Map.entry("window", Duration.ofHours(24)),
                    Map.entry("firstVisit", at(0, 8, 0, 0)),
                    Map.entry("lastVisit", at(0, 8, 0, 0).plus(Duration.ofHours(24)).minusMillis(1)));
            assertThat(a.message()).isEqualTo("3栋2单元601（出租房屋）24小时内访客10次（11月22日 08:00至11月23日 07:59:59）");
        }

        @Test
        void tenVisitsSpanningExactly24HoursAreNotFrequentButTheWindowSlides() {
            Scenario s = visits(SecuritySite.start(T0), 9, at(0, 8, 0, 0), Duration.ofHours(2));
            s.event(event(at(1, 8, 0, 0), "intercom-3", EventType.VISITOR_CALL, SecuritySite.RENTAL));
            assertThat(of(s, RuleNames.VISITOR_FREQUENCY)).isEmpty();

            // The 08:00 visit slid out; the ten from 10:00 to the next day 10:00 - 1 min fit.
            s.event(event(at(1, 9, 59, 0), "intercom-3", EventType.VISITOR_CALL, SecuritySite.RENTAL));
            assertThat(of(s, RuleNames.VISITOR_FREQUENCY)).singleElement()
                    .satisfies(a -> assertThat(a.evidence()).containsEntry("firstVisit", at(0, 10, 0, 0)));
        }

        @Test
        void oncePerWindow() {
            Scenario s = visits(SecuritySite.start(T0), 30, at(0, 8, 0, 0), Duration.ofMinutes(30));

            // 08:00..12:30 notifies; quiet until d1 08:00; visits continue every 30 min to d0 22:30 only.
            assertThat(lines(s, RuleNames.VISITOR_FREQUENCY)).containsExactly("NOTICE @d0 12:30:00 3-2-601 [police]");
            visits(s, 10, at(1, 8, 0, 0), Duration.ofMinutes(1));
            assertThat(lines(s, RuleNames.VISITOR_FREQUENCY)).containsExactly(
                    "NOTICE @d0 12:30:00 3-2-601 [police]", "NOTICE @d1 08:00:00 3-2-601 [police]");
        }

        @Test
        void onlyRentalHouseholdsAreWatchedAndVisitsAreAttributedByDeviceToo() {
            Scenario s = SecuritySite.start(T0);
            for (int i = 0; i < 10; i++) {
                s.event(event(at(0, 9, i, 0), "intercom-3", EventType.VISITOR_CALL, SecuritySite.PLAIN));
                s.event(event(at(0, 9, i, 0), "door-3-2-601", EventType.VISITOR_CALL));
            }
            assertThat(lines(s, RuleNames.VISITOR_FREQUENCY)).containsExactly("NOTICE @d0 09:09:00 3-2-601 [police]");
        }
    }

    @Nested
    class TenantExpired {

        @Test
        void aCardWhoseTenancyEndedNotifiesPropertyAndPoliceWithTheCredentialMasked() {
            Scenario s = SecuritySite.start(T0).event(card(at(1, 21, 30, 0), "gate-3", SecuritySite.EXPIRED_CARD));

            assertThat(lines(s, RuleNames.TENANT_EXPIRED)).containsExactly("NOTICE @d1 21:30:00 gate-3 [property, police]");
            Alert a = of(s, RuleNames.TENANT_EXPIRED).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.RENTAL);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("credential", "card:••3C91"),
                    Map.entry("tenancyEnded", at(0, 0, 0, 0)),
                    Map.entry("eventTime", at(1, 21, 30, 0)));
            assertThat(a.message()).isEqualTo(
                    "3栋2单元601 租约已于11月22日 00:00到期，凭证 card:••3C91 仍在刷卡进出（设备 gate-3，11月23日 21:30）");
            assertThat(a.message() + a.evidence()).doesNotContain("5A3C91");
        }

        @Test
        void theTenancyEndIsExclusive() {
            Instant end = at(0, 0, 0, 0);
            Scenario lastMoment = SecuritySite.start(end.minusSeconds(1)).event(card(end.minusMillis(1), "gate-3", SecuritySite.EXPIRED_CARD));
            assertThat(of(lastMoment, RuleNames.TENANT_EXPIRED)).isEmpty();

            Scenario atEnd = SecuritySite.start(end.minusSeconds(1)).event(card(end, "gate-3", SecuritySite.EXPIRED_CARD));
            assertThat(of(atEnd, RuleNames.TENANT_EXPIRED)).hasSize(1);
        }

        @Test
        void renewedUnknownAndNotYetStartedCardsAreNotExpired() {
            Scenario s = SecuritySite.start(T0)
                    .event(card(at(2, 9, 0, 0), "gate-3", SecuritySite.RENEWED_CARD))
                    .event(card(at(2, 9, 1, 0), "gate-3", "card:000001"))
                    .event(card(at(2, 9, 2, 0), "gate-3", SecuritySite.FUTURE_CARD))
                    .event(DoorEvent.device(at(2, 9, 3, 0), "gate-3", EventType.ACCESS_GRANTED));

            assertThat(of(s, RuleNames.TENANT_EXPIRED)).isEmpty();
        }

        @Test
        void everyUseIsANoticeWithItsOwnId() {
            Scenario s = SecuritySite.start(T0)
                    .event(card(at(1, 9, 0, 0), "gate-3", SecuritySite.EXPIRED_CARD))
                    .event(card(at(2, 9, 0, 0), "gate-3", SecuritySite.EXPIRED_CARD));

            assertThat(of(s, RuleNames.TENANT_EXPIRED)).extracting(Alert::id).hasSize(2).doesNotHaveDuplicates();
        }

        @Test
        void masking() {
            assertThat(Credentials.mask("card:5A3C91")).isEqualTo("card:••3C91");
            assertThat(Credentials.mask("qr:0123456789ABCDEF")).isEqualTo("qr:••CDEF");
            assertThat(Credentials.mask("pin:1234")).isEqualTo("pin:••34");
            assertThat(Credentials.mask("5A3C91")).isEqualTo("••3C91");
        }
    }

    @Nested
    class WatchWindow {

        Scenario opened(Scenario s, Instant t) {
            return s.event(event(t, "door-6-1-101", EventType.DOOR_OPENED));
        }

        @Test
        void theWindowStartsAt2300InclusiveAndEndsAt0500Exclusive() {
            Scenario s = SecuritySite.start(T0);
            opened(s, at(0, 23, 0, 0).minusMillis(1));
            assertThat(of(s, RuleNames.WATCH_WINDOW)).isEmpty();
            opened(s, at(0, 23, 0, 0));
            assertThat(lines(s, RuleNames.WATCH_WINDOW)).containsExactly("NOTICE @d0 23:00:00 door-6-1-101 [police]");
            Alert a = of(s, RuleNames.WATCH_WINDOW).get(0);
            assertThat(a.household()).isEqualTo(SecuritySite.WATCHED);
            assertThat(a.evidence()).containsExactly(
                    Map.entry("trigger", "DOOR_OPENED"), Map.entry("windowFrom", "23:00"), Map.entry("windowTo", "05:00"),
                    Map.entry("eventTime", at(0, 23, 0, 0)));
            assertThat(a.message()).isEqualTo("6栋1单元101（重点关注）在23:00至05:00时段开门（设备 door-6-1-101，11月22日 23:00）");

            Scenario dawn = SecuritySite.start(T0);
            opened(dawn, at(1, 5, 0, 0));
            assertThat(of(dawn, RuleNames.WATCH_WINDOW)).isEmpty();
            opened(dawn, at(1, 5, 0, 0).minusMillis(1));
            assertThat(of(dawn, RuleNames.WATCH_WINDOW)).hasSize(1);
        }

        @Test
        void oneNoticePerNightAcrossMidnightAndANewOneTheNextNight() {
            Scenario s = SecuritySite.start(T0);
            opened(s, at(0, 23, 30, 0));
            opened(s, at(1, 2, 0, 0));
            s.event(card(at(1, 4, 59, 0), "gate-3", "card:000001").withHousehold(SecuritySite.WATCHED));
            opened(s, at(1, 23, 10, 0));

            assertThat(lines(s, RuleNames.WATCH_WINDOW)).containsExactly(
                    "NOTICE @d0 23:30:00 door-6-1-101 [police]",
                    "NOTICE @d1 23:10:00 door-6-1-101 [police]");
            assertThat(of(s, RuleNames.WATCH_WINDOW)).extracting(Alert::id).doesNotHaveDuplicates();
        }

        @Test
        void aLateReportOfAnEarlierNightRaisesNothingAndDoesNotReopenTheLaterOne() {
            Scenario s = SecuritySite.start(T0);
            opened(s, at(1, 23, 30, 0));                     // night d1 noticed
            opened(s, at(0, 23, 30, 0));                     // late report of night d0: nothing
            opened(s, at(1, 23, 45, 0));                     // night d1 again: nothing

            assertThat(lines(s, RuleNames.WATCH_WINDOW)).containsExactly("NOTICE @d1 23:30:00 door-6-1-101 [police]");
        }

        @Test
        void anEarlyMorningActivityBelongsToTheNightThatBeganTheEveningBefore() {
            Scenario a = SecuritySite.start(T0);
            opened(a, at(1, 4, 0, 0));
            Scenario b = SecuritySite.start(T0);
            opened(b, at(0, 23, 59, 0));

            // Both are the night that began d0 23:00: the same condition, the same id.
            assertThat(of(a, RuleNames.WATCH_WINDOW).get(0).id()).isEqualTo(of(b, RuleNames.WATCH_WINDOW).get(0).id());
        }

        @Test
        void cardUseCountsButClosingsVisitorsAndOtherHouseholdsDoNot() {
            Scenario s = SecuritySite.start(T0)
                    .event(event(at(0, 23, 10, 0), "door-6-1-101", EventType.DOOR_CLOSED))
                    .event(event(at(0, 23, 11, 0), "gate-3", EventType.VISITOR_CALL, SecuritySite.WATCHED))
                    .event(event(at(0, 23, 12, 0), "door-3-2-501", EventType.DOOR_OPENED));
            assertThat(of(s, RuleNames.WATCH_WINDOW)).isEmpty();

            s.event(card(at(0, 23, 13, 0), "gate-3", "card:000001").withHousehold(SecuritySite.WATCHED));
            assertThat(of(s, RuleNames.WATCH_WINDOW)).singleElement().satisfies(a -> {
                assertThat(a.evidence()).containsEntry("trigger", "ACCESS_GRANTED");
                assertThat(a.message()).contains("时段刷卡进出（设备 gate-3");
            });
        }

        @Test
        void aWindowWithinOneDayAndTheSitesOwnZone() {
            // 09:00-17:00 UTC: at 16:59 UTC (Shanghai 00:59) inside, at 17:00 UTC outside.
            EngineConfig utc = new EngineConfig("test-site", ZoneOffset.UTC, SecuritySite.config().channels(),
                    SecuritySite.config().policies(), SecuritySite.households(), SecuritySite.devices(), List.of(),
                    Routes.defaultRoutes(), MessageTemplates.defaults(),
                    Settings.defaults().window(LocalTime.of(9, 0), LocalTime.of(17, 0)).build());
            Scenario s = new Scenario(utc, T0);
            opened(s, Instant.parse("2026-11-22T17:00:00Z"));
            assertThat(of(s, RuleNames.WATCH_WINDOW)).isEmpty();
            opened(s, Instant.parse("2026-11-23T16:59:00Z"));
            assertThat(of(s, RuleNames.WATCH_WINDOW)).singleElement()
                    .satisfies(a -> assertThat(a.message()).contains("在09:00至17:00时段开门").contains("11月23日 16:59"));
        }

        @Test
        void equalFromAndToIsTheWholeDay() {
            Scenario s = SecuritySite.start(Settings.defaults().window(LocalTime.of(6, 0), LocalTime.of(6, 0)), T0);
            opened(s, at(0, 5, 59, 0));
            opened(s, at(0, 6, 0, 0));
            opened(s, at(1, 5, 0, 0));

            assertThat(lines(s, RuleNames.WATCH_WINDOW)).containsExactly(
                    "NOTICE @d0 05:59:00 door-6-1-101 [police]", "NOTICE @d0 06:00:00 door-6-1-101 [police]");
        }
    }

    @Nested
    class Reconfigure {

        @Test
        void anAddedDeviceIsWatchedFromTheReloadAndAChangedOfflineAfterCountsFromTheSameLastHeard() {
            Scenario s = SecuritySite.start(T0).event(event(at(0, 0, 10, 0), "gate-3", EventType.HEARTBEAT));
            List<org.doorwatch.domain.Device> more = new ArrayList<>(SecuritySite.devices());
            more.add(new org.doorwatch.domain.Device("gate-5", "gate", null));
            EngineConfig next = SecuritySite.config(Settings.defaults().offlineAfter(Duration.ofHours(1))).withDevices(more);
            s.alerts.addAll(s.engine.reconfigure(next, at(0, 0, 12, 0)));

            assertThat(s.engine.nextDeviceDeadline("gate-5")).isEqualTo(at(0, 1, 12, 0));
            assertThat(s.engine.nextDeviceDeadline("gate-3")).isEqualTo(at(0, 1, 10, 0));
            assertThat(s.engine.deviceChanges()).extracting(DeviceState::device).contains("gate-5");
        }

        @Test
        void switchingDeviceOfflineOffForgetsItsAlarmsAndUnmarksTheStages() {
            Scenario s = SecuritySite.start(T0).advance(at(0, 1, 0, 0));
            assertThat(s.engine.deviceState("door-3-2-501").offline()).isTrue();

            s.alerts.addAll(s.engine.reconfigure(SecuritySite.config(Settings.defaults().disable(RuleNames.DEVICE_OFFLINE)),
                    at(0, 2, 0, 0)));
            s.advance(at(1, 0, 0, 0));

            assertThat(s.engine.deviceState("door-3-2-501").offline()).isFalse();
            assertThat(s.engine.nextDeviceDeadline("door-3-2-501")).isNull();
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY)).singleElement()
                    .satisfies(a -> assertThat(a.sensorOffline()).isFalse());
        }

        @Test
        void aSmallerDenialCountKeepsTheNewestDenials() {
            Scenario s = SecuritySite.start(T0);
            for (int i = 0; i < 4; i++) {
                s.event(event(at(0, 8, 0, i), "reader-3", EventType.ACCESS_DENIED));
            }
            s.engine.reconfigure(SecuritySite.config(Settings.defaults().denied(3, Duration.ofMinutes(10))), at(0, 8, 0, 10));
            s.event(event(at(0, 8, 0, 20), "reader-3", EventType.ACCESS_DENIED));

            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST)).singleElement()
                    .satisfies(a -> assertThat(a.evidence()).containsEntry("count", 3).containsEntry("firstDenial", at(0, 8, 0, 2)));
        }
    }

    @Nested
    class HostileClocks {

        @Test
        void deviceChecksNearTheEndOfTimeSaturateInsteadOfWrapping() {
            Instant farFuture = Instant.ofEpochMilli(Long.MAX_VALUE - Duration.ofMinutes(10).toMillis());
            Scenario s = SecuritySite.start(farFuture).event(event(farFuture, "door-3-2-601", EventType.DOOR_OPENED));
            s.advance(farFuture.plus(Duration.ofMinutes(5)));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).hasSize(1);              // +2 minutes: due and raised
            assertThat(of(s, RuleNames.DEVICE_OFFLINE)).isEmpty();                   // +15 minutes saturates: never early
            assertThat(s.engine.nextDeviceDeadline("gate-3")).isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
        }

        @Test
        void theEpochIsAnOrdinaryInstant() {
            Scenario s = SecuritySite.start(Instant.EPOCH).advance(Instant.EPOCH.plus(Duration.ofMinutes(15)));

            assertThat(of(s, RuleNames.DEVICE_OFFLINE)).hasSize(SecuritySite.devices().size())
                    .allSatisfy(a -> assertThat(a.evidence()).containsEntry("lastHeard", Instant.EPOCH));
        }
    }

    @Nested
    class Together {

        /** A batch touching every rule. */
        List<DoorEvent> batch() {
            List<DoorEvent> b = new ArrayList<>();
            b.add(event(at(0, 23, 30, 0), "door-6-1-101", EventType.DOOR_OPENED));
            b.add(event(at(0, 23, 30, 1), "door-3-2-501", EventType.DOOR_FORCED));
            b.add(event(at(0, 23, 30, 2), "reader-3", EventType.TAMPER));
            b.add(card(at(0, 23, 30, 3), "gate-3", SecuritySite.EXPIRED_CARD));
            for (int i = 0; i < 10; i++) {
                b.add(event(at(0, 23, 31, i), "intercom-3", EventType.VISITOR_CALL, SecuritySite.RENTAL));
                b.add(event(at(0, 23, 32, i), "reader-3", EventType.ACCESS_DENIED));
            }
            b.add(event(at(0, 23, 33, 0), "gate-3", EventType.DOOR_HELD_OPEN));
            b.add(event(at(0, 23, 34, 0), "door-3-2-501", EventType.DEVICE_FAULT));
            return b;
        }

        @Test
        void aRolledBackBatchLeavesNoTraceAndItsRetryRaisesTheSameAlerts() {
            // The live writer applies a batch at one instant, then advances to it.
            Instant now = at(0, 23, 40, 0);
            Scenario s = SecuritySite.start(T0).advance(at(0, 23, 0, 0));
            List<DeviceState> devicesBefore = SecuritySite.devices().stream().map(d -> s.engine.deviceState(d.id())).toList();
            List<HouseholdState> householdsBefore = SecuritySite.households().stream().map(h -> s.engine.state(h.id())).toList();

            List<Alert> first = new ArrayList<>();
            for (DoorEvent e : batch()) {
                first.addAll(s.engine.apply(e, now));
            }
            first.addAll(s.engine.advance(now));
            assertThat(s.engine.deviceChanges()).isNotEmpty();
            s.engine.rollback();

            assertThat(SecuritySite.devices().stream().map(d -> s.engine.deviceState(d.id())).toList()).isEqualTo(devicesBefore);
            assertThat(SecuritySite.households().stream().map(h -> s.engine.state(h.id())).toList()).isEqualTo(householdsBefore);
            assertThat(s.engine.deviceChanges()).isEmpty();
            assertThat(s.engine.changes()).isEmpty();

            List<Alert> retry = new ArrayList<>();
            for (DoorEvent e : batch()) {
                retry.addAll(s.engine.apply(e, now));
            }
            retry.addAll(s.engine.advance(now));
            assertThat(retry).containsExactlyElementsOf(first);
            assertThat(first).extracting(Alert::rule).contains(
                    RuleNames.WATCH_WINDOW, RuleNames.DOOR_FORCED, RuleNames.TAMPER, RuleNames.TENANT_EXPIRED,
                    RuleNames.VISITOR_FREQUENCY, RuleNames.ACCESS_DENIED_BURST, RuleNames.DOOR_HELD_OPEN,
                    RuleNames.DEVICE_OFFLINE);
        }

        @Test
        void aRestartRestoresDeviceAndHouseholdStateAndRepeatsNothing() {
            Scenario before = SecuritySite.start(T0);
            for (DoorEvent e : batch()) {
                before.event(e);
            }
            before.advance(at(0, 23, 40, 0));
            // What the gateway persisted: every state (as changes()/deviceChanges() fed it).
            WatchEngine restarted = new WatchEngine(SecuritySite.config());
            SecuritySite.devices().forEach(d -> restarted.restore(before.engine.deviceState(d.id())));
            SecuritySite.households().forEach(h -> restarted.restore(before.engine.state(h.id())));
            restarted.start(at(0, 23, 40, 0));
            Scenario uninterrupted = SecuritySite.start(T0);
            for (DoorEvent e : batch()) {
                uninterrupted.event(e);
            }
            uninterrupted.advance(at(0, 23, 40, 0));
            int seen = uninterrupted.alerts.size();

            List<Alert> after = new ArrayList<>(restarted.advance(at(0, 23, 40, 0)));
            List<DoorEvent> more = List.of(
                    event(at(0, 23, 41, 0), "door-6-1-101", EventType.DOOR_OPENED),            // same night: no NOTICE
                    event(at(0, 23, 41, 1), "reader-3", EventType.ACCESS_DENIED),             // quiet: no ALARM
                    event(at(0, 23, 41, 2), "intercom-3", EventType.VISITOR_CALL, SecuritySite.RENTAL),
                    event(at(0, 23, 42, 0), "gate-3", EventType.DOOR_CLOSED),                 // resolves held-open
                    event(at(0, 23, 43, 0), "door-3-2-501", EventType.HEARTBEAT));            // resolves offline, clears fault
            for (DoorEvent e : more) {
                after.addAll(restarted.apply(e, e.ts()));
                uninterrupted.event(e);
            }
            after.addAll(restarted.advance(at(1, 12, 0, 0)));
            uninterrupted.advance(at(1, 12, 0, 0));

            assertThat(after).containsExactlyElementsOf(uninterrupted.alerts.subList(seen, uninterrupted.alerts.size()));
            assertThat(after).extracting(Alert::rule).contains(RuleNames.DOOR_HELD_OPEN);
        }

        @Test
        void everyRoutedRuleAndStageHasADefaultChineseTemplate() {
            MessageTemplates t = MessageTemplates.defaults();
            Routes.defaultRoutes().table().forEach((rule, stages) -> stages.keySet().forEach(stage ->
                    assertThat(t.template(rule + "." + stage)).as(rule + "." + stage).isNotBlank()));
            for (String key : List.of("door-held-open.RESOLVED", "device-offline.RESOLVED")) {
                assertThat(t.template(key)).as(key).isNotBlank();
            }
        }
    }
}

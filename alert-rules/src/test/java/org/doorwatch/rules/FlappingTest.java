package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.OfflineSite.beat;
import static org.doorwatch.rules.OfflineSite.lines;
import static org.doorwatch.rules.OfflineSite.min;
import static org.doorwatch.rules.OfflineSite.offline;

import java.time.Duration;
import java.util.List;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DeviceRuleOverrides;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, flapping, on virtual time: a device that goes offline and back repeatedly raises one
 * ALARM that stays open and counts the silences, and resolves once it has been stable.
 */
class FlappingTest {

    /**
     * gate-5 (offline after 15 min): silent from 00:00 (ALARM 00:15), back at 00:20
     * (RESOLVED), silent again at 00:30 and back at 01:00, 01:30 ... Every other device beats.
     */
    static Scenario flappingGate(int returns) {
        Scenario s = OfflineSite.start(OfflineSite.rules());
        List<String> others = OfflineSite.devices().stream().map(d -> d.id()).filter(id -> !id.equals("gate-5")).toList();
        double t = 0;
        for (int r = 0; r < returns; r++) {
            double back = 20 + 30 * r; // 00:20, 00:50, 01:20 ...
            for (; t < back; t += 5) {
                beat(s, min(t + 1), others);
            }
            s.event(org.doorwatch.domain.DoorEvent.device(min(back), "gate-5", EventType.HEARTBEAT));
        }
        return s;
    }

    @Test
    void theFirstSilenceAlarmsAndResolvesAsSpecSectionSevenSays() {
        Scenario s = flappingGate(1).advance(min(21));

        assertThat(lines(s)).containsExactly(
                "ALARM @d0 00:15:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:20:00 gate-5 [property] (plain)");
    }

    @Test
    void aSilenceSoonAfterTheReturnRaisesOneFlappingAlarmThatCountsTheRestAndStaysOpen() {
        Scenario s = flappingGate(6); // back at 00:20, 00:50, ... 02:50
        for (double t = 171; t < 180; t += 5) {
            beat(s, min(t), OfflineSite.devices().stream().map(d -> d.id()).filter(id -> !id.equals("gate-5")).toList());
        }
        s.advance(min(180));

        // back at 00:20, silent from 00:20 again (lastHeard 00:20, within 1 h): flapping at 00:35
        assertThat(lines(s)).containsExactly(
                "ALARM @d0 00:15:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:20:00 gate-5 [property] (plain)",
                "ALARM @d0 00:35:00 gate-5 [property] (flapping)");
        Alert flap = offline(s).get(2);
        assertThat(flap.evidence()).containsEntry("lastHeard", min(20)).containsEntry("backAt", min(20))
                .containsEntry("flapWindow", Duration.ofHours(1)).containsEntry("offlineAfter", Duration.ofMinutes(15));
        assertThat(flap.message()).isEqualTo("公共区域 设备 gate-5 反复离线：11月22日 00:20恢复后不到1小时又无消息（自11月22日 00:20起），稳定在线后解除");
        DeviceState state = s.engine.deviceState("gate-5");
        assertThat(state.flaps()).as("silences at 00:15, 00:35, 01:05, 01:35, 02:05, 02:35").isEqualTo(6);
        assertThat(state.offline()).as("heard at 02:50, not silent now").isFalse();
        assertThat(state.offlineChannels()).containsExactly("property");
    }

    @Test
    void itResolvesOnceStableForAnHourWithTheCountAndItsOwnIds() {
        Scenario s = flappingGate(3); // back for good at 01:20
        List<String> everyone = OfflineSite.devices().stream().map(d -> d.id()).toList();
        for (double t = 81; t < 200; t += 5) {
            beat(s, min(t), everyone);
        }
        s.advance(min(200));

        assertThat(lines(s)).containsExactly(
                "ALARM @d0 00:15:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:20:00 gate-5 [property] (plain)",
                "ALARM @d0 00:35:00 gate-5 [property] (flapping)",
                "RESOLVED @d0 02:20:00 gate-5 [property] (flapping)");
        Alert resolved = offline(s).get(3);
        assertThat(resolved.evidence()).containsEntry("since", min(20)).containsEntry("outages", 3)
                .containsEntry("stableSince", min(80)).containsEntry("stableFor", Duration.ofHours(1));
        assertThat(resolved.message()).isEqualTo("公共区域 设备 gate-5 已稳定在线1小时（自11月22日 01:20起），反复离线报警解除，期间离线3次");
        assertThat(offline(s)).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(s.engine.deviceState("gate-5").flaps()).isZero();
    }

    @Test
    void afterItResolvedTheNextSilenceIsJudgedAfreshAsAPlainAlarm() {
        Scenario s = flappingGate(3);
        List<String> everyone = OfflineSite.devices().stream().map(d -> d.id()).toList();
        List<String> others = everyone.stream().filter(id -> !id.equals("gate-5")).toList();
        for (double t = 81; t < 150; t += 5) {
            beat(s, min(t), everyone);
        }
        for (double t = 151; t < 200; t += 5) {
            beat(s, min(t), others);
        }
        s.advance(min(200));

        assertThat(lines(s)).endsWith(
                "RESOLVED @d0 02:20:00 gate-5 [property] (flapping)",
                "ALARM @d0 02:41:00 gate-5 [property] (plain)");
    }

    @Test
    void aDeviceUpLongerThanTheFlapWindowBetweenSilencesAlarmsPlainEachTime() {
        Scenario s = OfflineSite.start(OfflineSite.rules().withGrouping(0, Duration.ofHours(1)));
        s.advance(min(16)); // everyone silent since 00:00: eleven plain alarms at 00:15
        s.event(org.doorwatch.domain.DoorEvent.device(min(20), "gate-5", EventType.HEARTBEAT));
        for (double t = 25; t <= 85; t += 5) {
            s.event(org.doorwatch.domain.DoorEvent.device(min(t), "gate-5", EventType.HEARTBEAT));
        }
        s.advance(min(120)); // last heard 01:25, 65 min after coming back: silent at 01:40, not flapping

        assertThat(lines(s)).filteredOn(l -> l.contains("gate-5")).containsExactly(
                "ALARM @d0 00:15:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:20:00 gate-5 [property] (plain)",
                "ALARM @d0 01:40:00 gate-5 [property] (plain)");
    }

    @Test
    void stabilityWaitsAtLeastTheDevicesOfflineAfterSoASilenceRightAfterTheReturnCountsFirst() {
        // bus1-a: offline after 4 h (its own setting), stableFor 1 h. It flaps from 08:10; heard
        // once at 08:20 and silent again, it is not "stable" at 09:20: at 12:20 the silence and
        // the stability check are due together, and the silence goes first.
        Scenario s = OfflineSite.start(OfflineSite.rules().withGrouping(0, Duration.ofHours(1)).withScopes(java.util.Map.of(),
                java.util.Map.of("bus1-a", DeviceRuleOverrides.NONE.withOfflineAfter(Duration.ofHours(4)))));
        s.advance(min(4 * 60 + 5));
        s.event(org.doorwatch.domain.DoorEvent.device(min(4 * 60 + 10), "bus1-a", EventType.HEARTBEAT));
        s.advance(min(8 * 60 + 15));
        s.event(org.doorwatch.domain.DoorEvent.device(min(8 * 60 + 20), "bus1-a", EventType.HEARTBEAT));
        s.advance(min(12 * 60 + 25));
        assertThat(s.engine.deviceState("bus1-a").flaps()).isEqualTo(3);
        for (double t = 12 * 60 + 30; t <= 18 * 60; t += 30) {
            s.event(org.doorwatch.domain.DoorEvent.device(min(t), "bus1-a", EventType.HEARTBEAT));
        }
        s.advance(min(18 * 60));

        assertThat(lines(s)).filteredOn(l -> l.contains("bus1-a")).containsExactly(
                "ALARM @d0 04:00:00 bus1-a [property] (plain)",
                "RESOLVED @d0 04:10:00 bus1-a [property] (plain)",
                "ALARM @d0 08:10:00 bus1-a [property] (flapping)",
                "RESOLVED @d0 16:30:00 bus1-a [property] (flapping)");
        assertThat(offline(s).get(offline(s).size() - 1).evidence()).containsEntry("outages", 3)
                .containsEntry("stableFor", Duration.ofHours(4));
    }

    @Test
    void whileItFlapsItsHouseholdsStagesAreMarkedOnlyWhenItIsActuallySilent() {
        Scenario s = OfflineSite.start(OfflineSite.rules().withGrouping(0, Duration.ofHours(1)));
        s.advance(min(16));
        s.event(org.doorwatch.domain.DoorEvent.device(min(20), "bus1-a", EventType.HEARTBEAT)); // back; flapping at 00:35
        s.advance(min(40));
        assertThat(s.engine.deviceState("bus1-a").flaps()).isEqualTo(2);
        assertThat(s.engine.deviceState("bus1-a").offline()).isTrue();

        // heartbeats from 23:30 on: when the WARNING falls due at d1 00:00 it is heard, though flapping
        for (double t = 23.5 * 60; t <= 24 * 60; t += 5) {
            s.event(org.doorwatch.domain.DoorEvent.device(min(t), "bus1-a", EventType.HEARTBEAT));
        }
        s.advance(min(24 * 60));

        Alert warning = SecuritySite.of(s, RuleNames.ELDERLY_INACTIVITY).stream()
                .filter(a -> a.household().equals("3-1-101")).findFirst().orElseThrow();
        assertThat(warning.stage()).isEqualTo(Stage.WARNING);
        assertThat(warning.sensorOffline()).isFalse();
        assertThat(s.engine.deviceState("bus1-a").flaps()).as("still open: not yet stable for an hour").isEqualTo(2);
        Alert other = SecuritySite.of(s, RuleNames.ELDERLY_INACTIVITY).stream()
                .filter(a -> a.household().equals("3-1-102")).findFirst().orElseThrow();
        assertThat(other.sensorOffline()).as("bus1-b stayed silent").isTrue();
    }

    @Test
    void aRestartKeepsTheOpenFlappingAlarmSoItResolvesWithTheSameIdAndNoSecondAlarm() {
        Scenario s = flappingGate(2); // flapping ALARM at 00:35, back at 00:50
        DeviceState saved = s.engine.deviceState("gate-5");
        assertThat(saved.flaps()).isEqualTo(2);
        String flapId = offline(s).get(2).id();

        WatchEngine restarted = new WatchEngine(OfflineSite.config(OfflineSite.rules()));
        restarted.restore(saved);
        restarted.start(min(55));
        List<Alert> after = new java.util.ArrayList<>(restarted.advance(min(55)));
        after.addAll(restarted.apply(org.doorwatch.domain.DoorEvent.device(min(60), "gate-5", EventType.HEARTBEAT), min(60)));
        after.addAll(restarted.apply(org.doorwatch.domain.DoorEvent.device(min(80), "gate-5", EventType.HEARTBEAT), min(80)));
        for (double t = 85; t <= 170; t += 5) {
            after.addAll(restarted.apply(org.doorwatch.domain.DoorEvent.device(min(t), "gate-5", EventType.HEARTBEAT), min(t)));
        }

        List<Alert> gate = after.stream().filter(a -> "gate-5".equals(a.device())).toList();
        assertThat(gate).singleElement().satisfies(a -> {
            assertThat(a.stage()).isEqualTo(Stage.RESOLVED);
            assertThat(a.ts()).isEqualTo(min(140)); // silent 01:15 (a flap), back 01:20, stable 02:20
            assertThat(a.evidence()).containsEntry("outages", 3);
        });
        assertThat(gate.get(0).id()).isNotEqualTo(flapId);
        assertThat(restarted.deviceState("gate-5").flaps()).isZero();
    }

    @Test
    void aRolledBackFlappingAlarmIsRaisedAgainWithTheSameId() {
        Scenario s = flappingGate(1); // plain ALARM and RESOLVED; back at 00:20
        List<Alert> first = s.engine.advance(min(36));
        s.engine.rollback();
        List<Alert> again = s.engine.advance(min(36));

        assertThat(first).filteredOn(a -> "gate-5".equals(a.device())).singleElement()
                .satisfies(a -> assertThat(a.evidence()).containsKey("flapWindow"));
        assertThat(again).extracting(Alert::id).isEqualTo(first.stream().map(Alert::id).toList());
    }

    @Test
    void withFlappingOffEverySilenceIsAPlainAlarmAsSpecSectionSevenStatesIt() {
        Scenario s = OfflineSite.start(OfflineSite.rules().withFlapping(Duration.ZERO, Duration.ofHours(1))
                .withGrouping(0, Duration.ofHours(1)));
        for (int r = 0; r < 3; r++) {
            s.advance(min(16 + 30 * r));
            s.event(org.doorwatch.domain.DoorEvent.device(min(20 + 30 * r), "gate-5", EventType.HEARTBEAT));
        }
        assertThat(lines(s)).filteredOn(l -> l.contains("gate-5")).containsExactly(
                "ALARM @d0 00:15:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:20:00 gate-5 [property] (plain)",
                "ALARM @d0 00:35:00 gate-5 [property] (plain)",
                "RESOLVED @d0 00:50:00 gate-5 [property] (plain)",
                "ALARM @d0 01:05:00 gate-5 [property] (plain)",
                "RESOLVED @d0 01:20:00 gate-5 [property] (plain)");
    }
}

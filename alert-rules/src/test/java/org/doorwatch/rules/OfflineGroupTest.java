package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.OfflineSite.BUS;
import static org.doorwatch.rules.OfflineSite.MAINS;
import static org.doorwatch.rules.OfflineSite.beats;
import static org.doorwatch.rules.OfflineSite.lines;
import static org.doorwatch.rules.OfflineSite.min;
import static org.doorwatch.rules.OfflineSite.offline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, grouping, on virtual time: when many devices of one port, building or the site go
 * silent together, one ALARM for the group, with the list, instead of one per device.
 */
class OfflineGroupTest {

    static List<String> all() {
        List<String> out = new ArrayList<>(BUS);
        out.addAll(MAINS);
        return out;
    }

    static List<String> except(List<String> ids, List<String> gone) {
        return ids.stream().filter(id -> !gone.contains(id)).toList();
    }

    @Test
    void aBusThatDiesRaisesTwoAlarmsOfItsOwnDevicesThenOneForThePortAndNothingMore() {
        // every device beats until 01:00; the bus's five go silent after their 01:00 beat
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(120), MAINS);
        s.advance(min(120));

        // the bus's devices were last heard 00:56:00 to 00:56:28 (their phases): silent from 01:11
        assertThat(lines(s)).containsExactly(
                "ALARM @d0 01:11:00 bus1-a [property] (plain)",
                "ALARM @d0 01:11:07 bus1-b [property] (plain)",
                "ALARM @d0 01:11:14 port:bus-1 [property] (group)");
        Alert group = offline(s).get(2);
        assertThat(group.device()).isNull();
        assertThat(group.household()).isNull();
        assertThat(group.evidence()).containsEntry("group", "port:bus-1").containsEntry("count", 3)
                .containsEntry("since", min(56)).containsEntry("devices", List.of("bus1-a", "bus1-b", "bus1-c"))
                .containsEntry("window", Duration.ofHours(1));
        assertThat(group.message()).isEqualTo("端口 bus-1 3台设备同时离线（最早自11月22日 00:56起无消息）：bus1-a、bus1-b、bus1-c");
        for (String d : BUS) {
            assertThat(s.engine.deviceState(d).offline()).as(d).isTrue();
            assertThat(s.engine.deviceState(d).group()).as(d).isEqualTo("port:bus-1");
        }
        assertThat(s.engine.deviceState("bus1-d").offlineAlarmed()).isFalse();
    }

    @Test
    void theGroupResolvesWhenTheLastDeviceItCoversIsHeardAndTheFirstTwoResolveAsTheirOwn() {
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(120), MAINS);
        // the bus comes back one device at a time
        for (int i = 0; i < BUS.size(); i++) {
            s.event(DoorEvent.device(min(120 + i), BUS.get(i), EventType.HEARTBEAT));
        }

        assertThat(lines(s)).containsExactly(
                "ALARM @d0 01:11:00 bus1-a [property] (plain)",
                "ALARM @d0 01:11:07 bus1-b [property] (plain)",
                "ALARM @d0 01:11:14 port:bus-1 [property] (group)",
                "RESOLVED @d0 02:00:00 bus1-a [property] (plain)",
                "RESOLVED @d0 02:01:00 bus1-b [property] (plain)",
                "RESOLVED @d0 02:04:00 port:bus-1 [property] (group)");
        Alert resolved = offline(s).get(5);
        assertThat(resolved.evidence()).containsEntry("group", "port:bus-1").containsEntry("since", min(56))
                .containsEntry("heardAt", min(124));
        assertThat(resolved.message()).isEqualTo("端口 bus-1 离线设备已全部恢复在线（11月22日 02:04），离线报警解除");
        assertThat(offline(s)).extracting(Alert::id).doesNotHaveDuplicates();
    }

    @Test
    void aPowerCutAcrossBuildingsRaisesOneSiteAlarmAfterTheFirstTwo() {
        // the power goes at 01:00: nothing is heard from anyone after the beats before it
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(60), List.of("gate-5", "gate-7", "intercom-3", "bus1-a", "bus1-b", "bus1-c", "bus1-d",
                "bus1-e", "gate-3", "intercom-5", "intercom-7"));
        s.advance(min(120));

        assertThat(lines(s)).containsExactly(
                "ALARM @d0 01:11:00 gate-5 [property] (plain)",
                "ALARM @d0 01:11:07 gate-7 [property] (plain)",
                "ALARM @d0 01:11:14 site [property] (group)");
        Alert site = offline(s).get(2);
        assertThat(site.evidence()).containsEntry("devices", List.of("intercom-3", "gate-5", "gate-7"))
                .containsEntry("count", 3);
        assertThat(site.message()).startsWith("全小区 3台设备同时离线");
        assertThat(all()).allSatisfy(d -> assertThat(s.engine.deviceState(d).offline()).as(d).isTrue());
    }

    @Test
    void whileTheGroupIsOpenADeviceWithALongerOfflineAfterJoinsItHoursLaterSilently() {
        // bus1-a reports hourly (offline after 4 h): the port alarm opened by the others covers it too
        Scenario s = OfflineSite.start(OfflineSite.rules().withScopes(java.util.Map.of(),
                java.util.Map.of("bus1-a", org.doorwatch.domain.DeviceRuleOverrides.NONE.withOfflineAfter(Duration.ofHours(4)))));
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(6 * 60), MAINS);
        s.advance(min(6 * 60));

        assertThat(lines(s)).containsExactly(
                "ALARM @d0 01:11:07 bus1-b [property] (plain)",
                "ALARM @d0 01:11:14 bus1-c [property] (plain)",
                "ALARM @d0 01:11:21 port:bus-1 [property] (group)");
        assertThat(s.engine.deviceState("bus1-a").offline()).isTrue();
        assertThat(s.engine.deviceState("bus1-a").group()).isEqualTo("port:bus-1");
    }

    @Test
    void silencesThatBeganFurtherApartThanTheWindowAreNotTogether() {
        // three mains devices die an hour and a half apart: three alarms of their own
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(60), all());
        List<String> alive = except(all(), List.of("gate-5"));
        beats(s, min(60), min(150), alive);
        alive = except(alive, List.of("gate-7"));
        beats(s, min(150), min(240), alive);
        alive = except(alive, List.of("intercom-3"));
        beats(s, min(240), min(300), alive);
        s.advance(min(300));

        assertThat(lines(s)).extracting(l -> l.substring(l.lastIndexOf('(')))
                .containsExactly("(plain)", "(plain)", "(plain)");
    }

    @Test
    void aCoveredDoorContactStillMarksItsHouseholdsStagesSensorOffline() {
        // the bus's flats' contacts (bus1-a, bus1-b) are last heard last: the group covers them
        List<String> flatsLast = new ArrayList<>(List.of("bus1-e", "bus1-d", "bus1-c", "bus1-b", "bus1-a"));
        flatsLast.addAll(MAINS);
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), flatsLast);
        beats(s, min(61), min(24 * 60 + 5), MAINS);
        s.advance(min(24 * 60 + 5));

        assertThat(lines(s)).extracting(l -> l.substring(0, l.indexOf(" [")))
                .containsExactly("ALARM @d0 01:11:00 bus1-e", "ALARM @d0 01:11:07 bus1-d", "ALARM @d0 01:11:14 port:bus-1");
        assertThat(s.engine.deviceState("bus1-a").offlineAlarmed()).isFalse();
        assertThat(SecuritySite.of(s, RuleNames.ELDERLY_INACTIVITY)).hasSize(2)
                .allSatisfy(a -> assertThat(a.sensorOffline()).isTrue());
    }

    @Test
    void aRestartKeepsTheOpenGroupSoItsCoveredDevicesRaiseNothingAndItResolvesWithItsId() {
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(90), MAINS);
        s.advance(min(90));
        String groupAlarmId = offline(s).get(2).id();
        List<DeviceState> saved = new ArrayList<>();
        all().forEach(d -> saved.add(s.engine.deviceState(d)));

        WatchEngine restarted = new WatchEngine(OfflineSite.config(OfflineSite.rules()));
        saved.forEach(restarted::restore);
        restarted.start(min(95));
        List<Alert> after = new ArrayList<>(restarted.advance(min(95)));
        for (String m : MAINS) {
            after.addAll(restarted.apply(DoorEvent.device(min(95), m, EventType.HEARTBEAT), min(95)));
        }
        for (int i = 0; i < BUS.size(); i++) {
            after.addAll(restarted.apply(DoorEvent.device(min(100 + i), BUS.get(i), EventType.HEARTBEAT), min(100 + i)));
        }

        List<Alert> offlineAfter = after.stream().filter(a -> a.rule().equals(RuleNames.DEVICE_OFFLINE)).toList();
        assertThat(offlineAfter).extracting(a -> a.stage() + " " + (a.device() != null ? a.device() : a.evidence().get("group")))
                .containsExactly("RESOLVED bus1-a", "RESOLVED bus1-b", "RESOLVED port:bus-1");
        Alert resolved = offlineAfter.get(2);
        assertThat(resolved.channels()).containsExactly("property");
        assertThat(resolved.evidence()).containsEntry("since", min(56));
        assertThat(resolved.id()).isNotEqualTo(groupAlarmId);
        // the RESOLVED's id is the ALARM's with the stage: the same ALARM raised again after a crash would collide with it
        assertThat(resolved.id()).isEqualTo(AlertIds.of("test-site", RuleNames.DEVICE_OFFLINE, "port:bus-1", "RESOLVED",
                min(56).toEpochMilli(), "group"));
    }

    @Test
    void aRolledBackGroupAlarmIsRaisedAgainWithTheSameIdAndCoversTheSameDevices() {
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(70), MAINS);
        List<Alert> first = s.engine.advance(min(80));
        s.engine.rollback();
        assertThat(s.engine.deviceState("bus1-c").group()).isNull();
        List<Alert> again = s.engine.advance(min(80));
        s.engine.commit();

        assertThat(first).hasSize(3);
        assertThat(again).extracting(Alert::id).isEqualTo(first.stream().map(Alert::id).toList());
        assertThat(s.engine.deviceState("bus1-e").group()).isEqualTo("port:bus-1");
    }

    @Test
    void aReloadThatRemovesThePortKeepsTheSilencesButNoLongerCoversThem() {
        Scenario s = OfflineSite.start(OfflineSite.rules());
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(90), MAINS);
        s.advance(min(90));

        List<org.doorwatch.domain.Device> noPorts = OfflineSite.devices().stream()
                .map(d -> new org.doorwatch.domain.Device(d.id(), d.kind(), d.household(), null, null)).toList();
        s.alerts.addAll(s.engine.reconfigure(OfflineSite.config(OfflineSite.rules()).withDevices(noPorts), min(90)));
        s.engine.commit();

        assertThat(s.engine.deviceState("bus1-d").offline()).isTrue();
        assertThat(s.engine.deviceState("bus1-d").group()).isNull();
        assertThat(lines(s)).hasSize(3);
    }

    @Test
    void withGroupingOffEveryDeviceAlarmsOnItsOwnAsSpecSectionSevenStatesIt() {
        Scenario s = OfflineSite.start(OfflineSite.rules().withGrouping(0, Duration.ofHours(1)));
        beats(s, min(1), min(61), all());
        beats(s, min(61), min(120), MAINS);
        s.advance(min(120));

        assertThat(lines(s)).hasSize(5).allSatisfy(l -> assertThat(l).endsWith("(plain)"));
        assertThat(offline(s)).extracting(Alert::stage).containsOnly(Stage.ALARM);
    }
}

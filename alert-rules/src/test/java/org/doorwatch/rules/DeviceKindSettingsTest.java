package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.rules.SecuritySite.at;
import static org.doorwatch.rules.SecuritySite.event;
import static org.doorwatch.rules.SecuritySite.lines;
import static org.doorwatch.rules.SecuritySite.of;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleOverrides;
import org.doorwatch.domain.DeviceRuleSettings;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the device rules' settings by device kind and by device, on virtual time. The
 * built-in kind values (a flat's door contact held open after 30 minutes, a door contact offline
 * after 4 hours) refine SPEC section 7's defaults; anything the config writes wins over them,
 * the device's own over its kind's over the site's.
 */
class DeviceKindSettingsTest {

    static final Instant T0 = Scenario.at(0, 0, 0);

    /** The SPEC 7 site with {@code rules} (elderly escalation included). */
    static Scenario start(RuleSettings rules) {
        return new Scenario(SecuritySite.config().withRules(rules), T0);
    }

    /** Every device beats every {@code every} from T0 until {@code until} (inclusive). */
    static Scenario beat(Scenario s, Duration every, Instant until, String... devices) {
        for (Instant t = T0.plus(every); !t.isAfter(until); t = t.plus(every)) {
            for (String d : devices) {
                s.event(event(t, d, EventType.HEARTBEAT));
            }
        }
        return s;
    }

    @Nested
    class BuiltInKindDefaults {

        @Test
        void aFlatsDoorContactHeldOpenTwentyMinutesIsNoAlarmAndThirtyIs() {
            Scenario s = start(RuleSettings.defaults().withGrouping(0, Duration.ofHours(1)))
                    .event(event(at(0, 17, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .event(event(at(0, 17, 20, 0), "door-3-2-501", EventType.DOOR_CLOSED))
                    .event(event(at(0, 18, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .advance(at(0, 18, 45, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 18:30:00 door-3-2-501 [property]");
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN).get(0).evidence()).containsEntry("heldOpenAfter", Duration.ofMinutes(30));
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN).get(0).message()).contains("超过30分钟未关闭");
        }

        @Test
        void aSharedGateKeepsTheSpecsHundredAndTwentySeconds() {
            Scenario s = start(RuleSettings.defaults())
                    .event(event(at(0, 8, 0, 0), "gate-3", EventType.DOOR_OPENED))
                    .advance(at(0, 8, 5, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 08:02:00 gate-3 [property]");
            assertThat(of(s, RuleNames.DOOR_HELD_OPEN).get(0).evidence()).containsEntry("heldOpenAfter", Duration.ofSeconds(120));
        }

        @Test
        void aSharedDoorContactIsABuildingDoorAndKeepsTheHundredAndTwentySeconds() {
            RuleSettings d = RuleSettings.defaults();
            assertThat(d.forDevice(new Device("stair-3", "door-contact", null)).heldOpenAfter()).isEqualTo(Duration.ofSeconds(120));
            assertThat(d.forDevice(new Device("door-3-2-501", "door-contact", "3-2-501")).heldOpenAfter()).isEqualTo(Duration.ofMinutes(30));
            assertThat(d.forDevice(new Device("stair-3", "door-contact", null)).offlineAfter()).isEqualTo(Duration.ofHours(4));
            assertThat(d.forDevice(new Device("gadget", "lock", "3-2-501")))
                    .as("an unknown kind has the rules' own defaults")
                    .isEqualTo(new DeviceRuleSettings(true, true, Duration.ofSeconds(120), true, true, 5, Duration.ofMinutes(10),
                            true, Duration.ofMinutes(15)));
        }

        @Test
        void aDoorContactReportingHourlyIsNeverOfflineWhileGatesStillAlarmAtFifteenMinutes() {
            Scenario s = start(RuleSettings.defaults().withGrouping(0, Duration.ofHours(1)));
            for (Instant t = T0.plusSeconds(300); !t.isAfter(at(3, 0, 0, 0)); t = t.plusSeconds(300)) {
                for (String gate : List.of("gate-3", "reader-3")) {
                    s.event(event(t, gate, EventType.HEARTBEAT));
                }
                if (t.getEpochSecond() % 3600 == 0) {
                    for (String contact : List.of("door-3-2-501", "door-3-2-601", "door-6-1-101")) {
                        s.event(event(t.plusSeconds(7), contact, EventType.HEARTBEAT));
                    }
                }
            }
            s.advance(at(3, 0, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).containsExactly("ALARM @d0 00:15:00 intercom-3 [property]");
        }

        @Test
        void aSilentDoorContactIsOfflineFourHoursAfterItWasLastHeardAndMarksTheWarning() {
            Scenario s = start(RuleSettings.defaults().withGrouping(0, Duration.ofHours(1)));
            beat(s, Duration.ofHours(1), at(0, 10, 0, 0), "door-3-2-501");
            s.advance(at(1, 0, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).filteredOn(l -> l.contains("door-3-2-501"))
                    .containsExactly("ALARM @d0 14:00:00 door-3-2-501 [property]");
            assertThat(of(s, RuleNames.DEVICE_OFFLINE)).filteredOn(a -> "door-3-2-501".equals(a.device())).singleElement()
                    .satisfies(a -> assertThat(a.evidence()).containsEntry("offlineAfter", Duration.ofHours(4)));
            assertThat(of(s, RuleNames.ELDERLY_INACTIVITY)).singleElement().satisfies(a -> assertThat(a.sensorOffline()).isTrue());
        }
    }

    @Nested
    class WhatTheConfigWritesWins {

        @Test
        void aRuleLevelValueTheConfigWroteAppliesToEveryKind() {
            RuleSettings written = RuleSettings.of(Set.of(), DeviceRuleOverrides.NONE.withHeldOpenAfter(Duration.ofSeconds(120)),
                    10, Duration.ofHours(24), LocalTime.of(23, 0), LocalTime.of(5, 0), Map.of(), Map.of(),
                    Duration.ofHours(1), Duration.ofHours(1), 3, Duration.ofHours(1));
            Scenario s = start(written)
                    .event(event(at(0, 17, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .advance(at(0, 17, 5, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 17:02:00 door-3-2-501 [property]");
            assertThat(written.forDevice(new Device("d", "door-contact", "h")).offlineAfter())
                    .as("what it did not write keeps the kind's built-in value").isEqualTo(Duration.ofHours(4));
        }

        @Test
        void aKindsSettingBeatsTheSitesAndADevicesBeatsItsKinds() {
            RuleSettings r = RuleSettings.defaults().withScopes(
                    Map.of("door-contact", DeviceRuleOverrides.NONE.withHeldOpenAfter(Duration.ofMinutes(10))
                                    .withOfflineAfter(Duration.ofHours(2)),
                            "gate", DeviceRuleOverrides.NONE.withHeldOpenAfter(Duration.ofSeconds(60))),
                    Map.of("door-3-2-601", DeviceRuleOverrides.NONE.withHeldOpenAfter(Duration.ofMinutes(3))));
            Scenario s = start(r.withGrouping(0, Duration.ofHours(1)))
                    .event(event(at(0, 9, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .event(event(at(0, 9, 0, 0), "door-3-2-601", EventType.DOOR_OPENED))
                    .event(event(at(0, 9, 0, 0), "gate-3", EventType.DOOR_OPENED))
                    .advance(at(0, 9, 30, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly(
                    "ALARM @d0 09:01:00 gate-3 [property]",
                    "ALARM @d0 09:03:00 door-3-2-601 [property]",
                    "ALARM @d0 09:10:00 door-3-2-501 [property]");
            assertThat(r.forDevice(new Device("door-3-2-601", "door-contact", "3-2-601")).offlineAfter())
                    .as("the device's own layer gives heldOpenAfter only; offlineAfter comes from its kind")
                    .isEqualTo(Duration.ofHours(2));
        }

        @Test
        void aKindOrADeviceCanSwitchADeviceRuleOffButNotBackOnForTheSite() {
            RuleSettings r = RuleSettings.defaults().withScopes(
                    Map.of("intercom", DeviceRuleOverrides.NONE.withEnabled(RuleNames.DEVICE_OFFLINE, false)),
                    Map.of("gate-3", DeviceRuleOverrides.NONE.withEnabled(RuleNames.DOOR_FORCED, false),
                            "reader-3", DeviceRuleOverrides.NONE.withEnabled(RuleNames.TAMPER, true)));
            RuleSettings tamperOff = new RuleSettings(Set.of(RuleNames.TAMPER), r.heldOpenAfter(), r.deniedBurstCount(),
                    r.deniedBurstWindow(), r.offlineAfter(), r.visitorCount(), r.visitorWindow(), r.watchFrom(), r.watchTo())
                    .withScopes(r.kinds(), r.devices());
            Scenario s = start(tamperOff.withGrouping(0, Duration.ofHours(1)))
                    .event(event(at(0, 0, 5, 0), "gate-3", EventType.DOOR_FORCED))
                    .event(event(at(0, 0, 5, 0), "reader-3", EventType.DOOR_FORCED))
                    .event(event(at(0, 0, 6, 0), "reader-3", EventType.TAMPER))
                    .advance(at(0, 1, 0, 0));

            assertThat(lines(s, RuleNames.DOOR_FORCED)).containsExactly("ALARM @d0 00:05:00 reader-3 [property, police]");
            assertThat(of(s, RuleNames.TAMPER)).as("tamper is off for the site; reader-3's enabled: true cannot undo that").isEmpty();
            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).noneMatch(l -> l.contains("intercom-3"))
                    .anyMatch(l -> l.contains("door-3-2-501"));
        }

        @Test
        void accessDeniedBurstCountsPerKind() {
            RuleSettings r = RuleSettings.defaults().withScopes(
                    Map.of("card-reader", DeviceRuleOverrides.NONE.withDeniedBurst(3, Duration.ofMinutes(5))), Map.of());
            Scenario s = start(r);
            for (int i = 0; i < 3; i++) {
                s.event(event(at(0, 1, i, 0), "reader-3", EventType.ACCESS_DENIED).withCredential("card:00000" + i));
                s.event(event(at(0, 1, i, 0), "gate-3", EventType.ACCESS_DENIED).withCredential("card:00000" + i));
            }

            assertThat(lines(s, RuleNames.ACCESS_DENIED_BURST)).containsExactly("ALARM @d0 01:02:00 reader-3 [property, police]");
            assertThat(of(s, RuleNames.ACCESS_DENIED_BURST).get(0).evidence())
                    .containsEntry("count", 3).containsEntry("window", Duration.ofMinutes(5));
        }
    }

    @Nested
    class Reload {

        @Test
        void aNewKindSettingMovesAnOpenDoorsPendingCheck() {
            Scenario s = start(RuleSettings.defaults())
                    .event(event(at(0, 9, 0, 0), "door-3-2-501", EventType.DOOR_OPENED))
                    .advance(at(0, 9, 10, 0));
            assertThat(s.engine.nextDeviceDeadline("door-3-2-501")).isEqualTo(at(0, 9, 30, 0));

            RuleSettings shorter = RuleSettings.defaults().withScopes(
                    Map.of("door-contact", DeviceRuleOverrides.NONE.withHeldOpenAfter(Duration.ofMinutes(15))), Map.of());
            s.alerts.addAll(s.engine.reconfigure(SecuritySite.config().withRules(shorter), at(0, 9, 10, 0)));
            s.engine.commit();
            s.advance(at(0, 9, 40, 0));

            assertThat(lines(s, RuleNames.DOOR_HELD_OPEN)).containsExactly("ALARM @d0 09:15:00 door-3-2-501 [property]");
        }

        @Test
        void switchingTheRuleOffForAKindForgetsItsOpenAlarmsWithoutResolved() {
            Scenario s = start(RuleSettings.defaults().withGrouping(0, Duration.ofHours(1))).advance(at(0, 0, 20, 0));
            assertThat(s.engine.deviceState("intercom-3").offline()).isTrue();

            RuleSettings off = RuleSettings.defaults().withGrouping(0, Duration.ofHours(1)).withScopes(
                    Map.of("intercom", DeviceRuleOverrides.NONE.withEnabled(RuleNames.DEVICE_OFFLINE, false)), Map.of());
            s.alerts.addAll(s.engine.reconfigure(SecuritySite.config().withRules(off), at(0, 0, 20, 0)));
            s.engine.commit();
            s.event(event(at(0, 0, 30, 0), "intercom-3", EventType.HEARTBEAT)).advance(at(0, 5, 0, 0));

            assertThat(lines(s, RuleNames.DEVICE_OFFLINE)).filteredOn(l -> l.contains("intercom-3"))
                    .containsExactly("ALARM @d0 00:15:00 intercom-3 [property]");
            assertThat(s.engine.deviceState("intercom-3").offline()).isFalse();
            assertThat(s.engine.nextDeviceDeadline("intercom-3")).isNull();
        }
    }

    /**
     * The resolution order as a model: for every field, the first layer (device, kind, site,
     * built-in for the kind, the rule's default) that gives it; enabled also needs the site.
     */
    @Property(tries = 300)
    void aDevicesSettingsAreTheFirstLayerThatGivesEachField(@ForAll("layer") DeviceRuleOverrides device,
                                                             @ForAll("layer") DeviceRuleOverrides kind,
                                                             @ForAll("siteLayer") DeviceRuleOverrides site,
                                                             @ForAll("kinds") String deviceKind,
                                                             @ForAll boolean flat,
                                                             @ForAll boolean offlineOffForTheSite) {
        Device d = new Device("dev-1", deviceKind, flat ? "h1" : null);
        RuleSettings written = RuleSettings.of(offlineOffForTheSite ? Set.of(RuleNames.DEVICE_OFFLINE) : Set.of(),
                site, 10, Duration.ofHours(24), LocalTime.of(23, 0), LocalTime.of(5, 0),
                Map.of(deviceKind, kind), Map.of("dev-1", device), Duration.ofHours(1), Duration.ofHours(1), 3,
                Duration.ofHours(1));
        DeviceRuleSettings r = written.forDevice(d);

        boolean contact = deviceKind.equals("door-contact");
        Duration builtInHeld = contact && flat ? Duration.ofMinutes(30) : null;
        Duration builtInOffline = contact ? Duration.ofHours(4) : null;
        assertThat(r.heldOpenAfter()).isEqualTo(first(device.heldOpenAfter(), kind.heldOpenAfter(), site.heldOpenAfter(),
                builtInHeld, Duration.ofSeconds(120)));
        assertThat(r.offlineAfter()).isEqualTo(first(device.offlineAfter(), kind.offlineAfter(), site.offlineAfter(),
                builtInOffline, Duration.ofMinutes(15)));
        assertThat(r.deniedBurstCount()).isEqualTo(first(device.deniedBurstCount(), kind.deniedBurstCount(),
                site.deniedBurstCount(), null, 5));
        assertThat(r.heldOpen()).isEqualTo(first(device.heldOpen(), kind.heldOpen(), true));
        assertThat(r.offline()).isEqualTo(!offlineOffForTheSite && first(device.offline(), kind.offline(), true));
    }

    @SafeVarargs
    private static <T> T first(T... layers) {
        for (T t : layers) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("door-contact", "gate", "card-reader", "intercom", "lock");
    }

    /** The site layer gives values, never enabled: switching a rule off for the site is {@code disabled}. */
    @Provide
    Arbitrary<DeviceRuleOverrides> siteLayer() {
        return layer().map(l -> new DeviceRuleOverrides(null, null, l.heldOpenAfter(), null, null, l.deniedBurstCount(),
                l.deniedBurstWindow(), null, l.offlineAfter()));
    }

    @Provide
    Arbitrary<DeviceRuleOverrides> layer() {
        Arbitrary<Duration> held = Arbitraries.of(Duration.ofSeconds(30), Duration.ofMinutes(5)).injectNull(0.5);
        Arbitrary<Duration> offline = Arbitraries.of(Duration.ofMinutes(30), Duration.ofHours(6)).injectNull(0.5);
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 9).injectNull(0.5);
        Arbitrary<Boolean> on = Arbitraries.of(true, false).injectNull(0.5);
        return Combinators.combine(held, offline, count, on, on).as((h, o, c, heldOn, offlineOn) -> {
            DeviceRuleOverrides l = DeviceRuleOverrides.NONE.withHeldOpenAfter(h).withOfflineAfter(o).withDeniedBurst(c, null);
            if (heldOn != null) l = l.withEnabled(RuleNames.DOOR_HELD_OPEN, heldOn);
            if (offlineOn != null) l = l.withEnabled(RuleNames.DEVICE_OFFLINE, offlineOn);
            return l;
        });
    }
}

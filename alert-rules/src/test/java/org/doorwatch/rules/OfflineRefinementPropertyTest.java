package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * Flapping and grouping change what is said about silent devices, never what is known: two
 * engines take the same heartbeats with random outages (of single devices, of the bus, of the
 * whole site), one with device-offline exactly as SPEC section 7 states it, one with flapping
 * and grouping. After every event:
 * <ul>
 *   <li>each device is offline in both or in neither (so sensorOffline marks the same stages);</li>
 *   <li>every silent device of the refined engine is covered by an open alarm: its own, its
 *       flapping one, or its group's;</li>
 *   <li>the refined engine has raised no more device-offline ALARMs than the SPEC one;</li>
 *   <li>every RESOLVED ends an ALARM raised before it, of the same subject and episode, to the
 *       same channels, once.</li>
 * </ul>
 * At the end every device is heard for a few hours: nothing is left open.
 */
class OfflineRefinementPropertyTest {

    static final Instant T0 = OfflineSite.T0;
    static final long HORIZON_MIN = 2 * 24 * 60;

    /** One outage: the devices it silences, from {@code start} for {@code minutes}. */
    record Outage(List<String> devices, long start, long minutes) {}

    @Property(tries = 60)
    void flappingAndGroupingOnlyEverFoldAlarmsTogether(@ForAll("outages") List<Outage> outages) {
        WatchEngine spec = engine(OfflineSite.rules().withFlapping(Duration.ZERO, Duration.ofHours(1)).withGrouping(0, Duration.ofHours(1)));
        WatchEngine refined = engine(OfflineSite.rules());
        List<String> ids = OfflineSite.devices().stream().map(Device::id).toList();
        List<Alert> specAlerts = new ArrayList<>();
        List<Alert> refinedAlerts = new ArrayList<>();
        Map<String, Alert> openAlarms = new HashMap<>();
        Set<String> resolved = new HashSet<>();

        for (long t = 1; t <= HORIZON_MIN + 4 * 60; t += 5) {
            for (int i = 0; i < ids.size(); i++) {
                String d = ids.get(i);
                Instant at = T0.plusSeconds(t * 60 + i * 11L);
                if (t <= HORIZON_MIN && silenced(outages, d, t)) {
                    continue;
                }
                DoorEvent beat = DoorEvent.device(at, d, EventType.HEARTBEAT);
                specAlerts.addAll(step(spec, beat, at));
                List<Alert> raised = step(refined, beat, at);
                refinedAlerts.addAll(raised);
                for (Alert a : raised) {
                    check(a, openAlarms, resolved);
                }
                for (String dev : ids) {
                    DeviceState s = spec.deviceState(dev);
                    DeviceState r = refined.deviceState(dev);
                    assertThat(r.offline()).as("%s offline at %s", dev, at).isEqualTo(s.offline());
                    if (r.offline()) {
                        assertThat(r.offlineAlarmed() || r.flaps() > 0 || r.group() != null)
                                .as("%s's silence is covered at %s: %s", dev, at, r).isTrue();
                    }
                }
                assertThat(alarms(refinedAlerts)).isLessThanOrEqualTo(alarms(specAlerts));
            }
        }
        assertThat(openAlarms).as("every ALARM resolved after hours of heartbeats").isEmpty();
        Statistics.label("group alarm").collect(refinedAlerts.stream().anyMatch(a -> a.evidence().containsKey("group")));
        Statistics.label("flapping alarm").collect(refinedAlerts.stream().anyMatch(a -> a.evidence().containsKey("flapWindow")));
        Statistics.label("group alarm").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("flapping alarm").coverage(c -> c.check(true).percentage(p -> p > 30));
        for (String dev : ids) {
            DeviceState r = refined.deviceState(dev);
            assertThat(r.offline() || r.offlineAlarmed() || r.flaps() > 0 || r.group() != null).as(dev).isFalse();
        }
    }

    private static void check(Alert a, Map<String, Alert> open, Set<String> resolved) {
        if (!a.rule().equals(RuleNames.DEVICE_OFFLINE)) {
            return;
        }
        String subject = a.device() != null ? a.device() : (String) a.evidence().get("group");
        String kind = a.evidence().containsKey("group") ? "group" : a.evidence().containsKey("flapWindow") ? "flapping"
                : a.evidence().containsKey("outages") ? "flapping" : "plain";
        String key = subject + "/" + kind;
        if (a.stage() == Stage.ALARM) {
            assertThat(open).as("one open %s alarm of %s at a time", kind, subject).doesNotContainKey(key);
            open.put(key, a);
        } else {
            assertThat(a.stage()).isEqualTo(Stage.RESOLVED);
            Alert alarm = open.remove(key);
            assertThat(alarm).as("RESOLVED %s of %s after its ALARM", kind, subject).isNotNull();
            assertThat(a.channels()).isEqualTo(alarm.channels());
            Object episode = kind.equals("plain") ? alarm.evidence().get("lastHeard")
                    : kind.equals("flapping") ? alarm.evidence().get("lastHeard") : alarm.evidence().get("since");
            Object resolvedEpisode = kind.equals("flapping") ? a.evidence().get("since")
                    : kind.equals("plain") ? a.evidence().get("lastHeard") : a.evidence().get("since");
            assertThat(resolvedEpisode).isEqualTo(episode);
            assertThat(resolved.add(a.id())).isTrue();
        }
    }

    private static long alarms(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule().equals(RuleNames.DEVICE_OFFLINE) && a.stage() == Stage.ALARM).count();
    }

    private static List<Alert> step(WatchEngine e, DoorEvent beat, Instant at) {
        List<Alert> out = new ArrayList<>(e.apply(beat, at));
        out.addAll(e.advance(at));
        e.commit();
        return out;
    }

    private static boolean silenced(List<Outage> outages, String device, long minute) {
        for (Outage o : outages) {
            if (minute >= o.start && minute < o.start + o.minutes && o.devices.contains(device)) {
                return true;
            }
        }
        return false;
    }

    private static WatchEngine engine(org.doorwatch.domain.RuleSettings rules) {
        WatchEngine e = new WatchEngine(OfflineSite.config(rules));
        e.start(T0);
        e.commit();
        return e;
    }

    @Provide
    Arbitrary<List<Outage>> outages() {
        List<String> ids = OfflineSite.devices().stream().map(Device::id).toList();
        Arbitrary<List<String>> who = Arbitraries.oneOf(
                Arbitraries.of(ids).map(List::of),
                Arbitraries.of(ids).list().ofMinSize(2).ofMaxSize(5).uniqueElements(),
                Arbitraries.just(OfflineSite.BUS),
                Arbitraries.just(ids));
        Arbitrary<Long> start = Arbitraries.longs().between(0, HORIZON_MIN - 60);
        Arbitrary<Long> minutes = Arbitraries.oneOf(Arbitraries.longs().between(1, 40), Arbitraries.longs().between(40, 300));
        Arbitrary<List<Outage>> random = Combinators.combine(who, start, minutes).as(Outage::new).list().ofMaxSize(6);
        // a flaky device: silent 20 to 40 minutes, back 5 to 30 minutes, a few times over
        Arbitrary<List<Outage>> flaky = Combinators.combine(Arbitraries.of(ids), start,
                Arbitraries.longs().between(20, 40).list().ofMinSize(2).ofMaxSize(5),
                Arbitraries.longs().between(5, 30)).as((d, from, lengths, gap) -> {
                    List<Outage> out = new ArrayList<>();
                    long t = from;
                    for (long len : lengths) {
                        out.add(new Outage(List.of(d), t, len));
                        t += len + gap;
                    }
                    return out;
                });
        return Combinators.combine(random, flaky.list().ofMaxSize(2)).as((r, f) -> {
            List<Outage> all = new ArrayList<>(r);
            f.forEach(all::addAll);
            return all;
        });
    }
}

package org.doorwatch.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceOfflineDefinition;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;

/**
 * {@code device-offline} (SPEC section 7) and the device half of {@code sensorOffline}, with two
 * refinements that keep a flaky device or a power cut from flooding the staff: flapping and
 * grouping.
 *
 * <ul>
 *   <li>Every configured device is watched from the engine's start (or from its restored
 *       last-heard time): a device that never says anything is the first one to catch.</li>
 *   <li>Heard: any event from the device, heartbeats included, except DEVICE_FAULT, which is
 *       no evidence of life. Heard is when the gateway received it (the instant the event is
 *       applied), not the device's own timestamp: a device that flushes hours of buffered
 *       events after an outage is alive when they arrive, and a wrong device clock cannot fake
 *       life or death.</li>
 *   <li>Silent at {@code lastHeard + offlineAfter} (the device's own setting, by its kind and
 *       id): ALARM once; nothing more while it stays silent. An event at exactly that instant is
 *       in time (the event goes before a same-instant deadline). Heard again: RESOLVED to the
 *       channels that got the ALARM. The id's episode is lastHeard, so ALARM and RESOLVED of one
 *       silence share it and a restart repeats it.</li>
 *   <li>Flapping ({@code flapWindow}): a device that falls silent again less than
 *       {@code flapWindow} after it came back from an alarmed silence raises one flapping ALARM
 *       (discriminator {@code flapping}) that stays open while it comes and goes; each further
 *       silence is counted, not alarmed. It resolves once the device has been back for
 *       {@code stableFor} and at least its {@code offlineAfter} (so that a silence right after
 *       the return would have been seen first), with the count of silences.</li>
 *   <li>Grouping ({@code groupMin}, {@code groupWindow}): a device belongs to its port's group,
 *       its building's and the site's. When a device falls silent and none of its groups has an
 *       open ALARM, and at least {@code groupMin} devices of one of them (narrowest first: port,
 *       building, site) are silent, not yet covered by a group and not flapping, with silences
 *       that began within {@code groupWindow} of its own, that group raises one ALARM (subject
 *       the group, discriminator {@code group}) listing them. The devices that alarmed on their
 *       own before keep their alarms (and their RESOLVED); the rest raise nothing. While it is
 *       open, every device of the group that falls silent joins it silently. Its RESOLVED comes
 *       when the last device it covers is heard again.</li>
 *   <li>While a device is offline or faulty (a DEVICE_FAULT not yet followed by a sign of
 *       life), its household's elderly alerts carry {@code sensorOffline}: the silence may be
 *       the sensor's, whichever alarm covers it. With the rule disabled, silence marks nothing;
 *       a fault still does.</li>
 * </ul>
 * Devices sit before households in same-instant deadline order, so a device that goes offline
 * at the instant of its household's stage marks that stage.
 */
final class DeviceOfflineRule {

    static final String RULE = DeviceOfflineDefinition.NAME;

    /** At most this many device ids in a group alarm's evidence. */
    static final int LISTED = 100;
    /** At most this many device ids in a group alarm's text. */
    static final int NAMED = 10;

    private final RuleContext context;
    private final SecurityAlerts alerts;
    /** The groups of the config in force, by key. */
    private Map<String, OfflineGroup> groups = Map.of();

    DeviceOfflineRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    /** Any event from {@code d}, applied at {@code now}. */
    void onEvent(DeviceWatch d, EventType type, long now) {
        if (type == EventType.DEVICE_FAULT) {
            if (!d.faulty) {
                context.touch(d);
                boolean wasDown = d.down();
                d.faulty = true;
                downChanged(d, wasDown);
            }
            return;
        }
        context.touch(d);
        boolean wasDown = d.down();
        long silentSince = d.lastHeard;
        d.lastHeard = Math.max(d.lastHeard, now);
        d.faulty = false;
        if (d.offline) {
            d.offline = false;
            if (d.offlineAlarmed) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("lastHeard", Millis.toInstant(silentSince));
                evidence.put("heardAt", Millis.toInstant(now));
                evidence.put("heardBy", type.name());
                alerts.emit(RULE, Stage.RESOLVED, now, d.device.household(), d.id, new ArrayList<>(d.offlineNotified),
                        d.id, silentSince, null, evidence, null);
                d.offlineAlarmed = false;
                d.offlineNotified = List.of();
                d.backAt = now;
            } else if (d.flaps > 0) {
                d.backAt = now; // the flapping ALARM stays open until the device is stable
            } else {
                d.backAt = DeviceWatch.NEVER; // a group's silence says nothing about this device's own flapping
            }
            if (d.group != null) {
                leaveGroup(d, now);
            }
        }
        downChanged(d, wasDown);
    }

    /** When {@code d} falls silent for too long or, flapping, is stable again; or {@link DeviceWatch#NO_CHECK}. */
    long due(DeviceWatch d) {
        if (!context.enabled(RULE) || !d.rules.offline() || !d.watched || d.offline) {
            return DeviceWatch.NO_CHECK;
        }
        long silent = Millis.plus(d.lastHeard, Millis.of(d.rules.offlineAfter()));
        return d.flaps > 0 && d.backAt != DeviceWatch.NEVER ? Math.min(silent, stableAt(d)) : silent;
    }

    /** Raises what is due by {@code limit} (silence first, then stability); {@code now} is the clock. */
    void fire(DeviceWatch d, long now, long limit) {
        long due = due(d);
        if (due == DeviceWatch.NO_CHECK || due > limit) {
            return;
        }
        if (Millis.plus(d.lastHeard, Millis.of(d.rules.offlineAfter())) <= limit) {
            silent(d, now);
        } else if (d.flaps > 0 && d.backAt != DeviceWatch.NEVER && stableAt(d) <= limit) {
            stable(d, now);
        }
    }

    /** {@code d}'s silence passed its offlineAfter: alarm it, count it as a flap, or let a group cover it. */
    private void silent(DeviceWatch d, long now) {
        context.touch(d);
        boolean wasDown = d.down();
        d.offline = true;
        RuleSettings s = context.settings();
        if (d.flaps > 0) {
            d.flaps++;
        } else if (s.flapping() && d.backAt != DeviceWatch.NEVER && d.lastHeard - d.backAt < Millis.of(s.flapWindow())) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("lastHeard", Millis.toInstant(d.lastHeard));
            evidence.put("offlineAfter", d.rules.offlineAfter());
            evidence.put("backAt", Millis.toInstant(d.backAt));
            evidence.put("flapWindow", s.flapWindow());
            List<String> channels = alerts.route(RULE, Stage.ALARM);
            alerts.emitVariant(RULE, "flapping", Stage.ALARM, now, d.device.household(), d.id, channels, d.id,
                    d.lastHeard, "flapping", evidence, Map.of());
            d.flaps = 2;
            d.flapSince = d.lastHeard;
            d.offlineNotified = channels;
        } else if (!coveredByGroup(d, now)) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("lastHeard", Millis.toInstant(d.lastHeard));
            evidence.put("offlineAfter", d.rules.offlineAfter());
            List<String> channels = alerts.route(RULE, Stage.ALARM);
            alerts.emit(RULE, Stage.ALARM, now, d.device.household(), d.id, channels, d.id, d.lastHeard, null, evidence, null);
            d.offlineAlarmed = true;
            d.offlineNotified = channels;
        }
        downChanged(d, wasDown);
    }

    /** A flapping device has been back long enough: its flapping ALARM resolves. */
    private void stable(DeviceWatch d, long now) {
        context.touch(d);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("since", Millis.toInstant(d.flapSince));
        evidence.put("outages", d.flaps);
        evidence.put("stableSince", Millis.toInstant(d.backAt));
        evidence.put("stableFor", Duration.ofMillis(stableAt(d) - d.backAt));
        alerts.emitVariant(RULE, "flapping", Stage.RESOLVED, now, d.device.household(), d.id,
                new ArrayList<>(d.offlineNotified), d.id, d.flapSince, "flapping", evidence, Map.of());
        d.flaps = 0;
        d.flapSince = DeviceWatch.NEVER;
        d.offlineNotified = List.of();
        d.backAt = DeviceWatch.NEVER; // it proved stable: its next silence is judged afresh
    }

    private long stableAt(DeviceWatch d) {
        long stableFor = Math.max(Millis.of(context.settings().stableFor()), Millis.of(d.rules.offlineAfter()));
        return Millis.plus(d.backAt, stableFor);
    }

    // ---------------------------------------------------------------- grouping

    /**
     * Whether a group covers {@code d}'s new silence: one of its groups is open (it joins), or
     * enough devices of one of them are silent together to open it now.
     */
    private boolean coveredByGroup(DeviceWatch d, long now) {
        RuleSettings s = context.settings();
        if (!s.grouping() || d.groups.length == 0) {
            return false;
        }
        for (OfflineGroup g : d.groups) {
            if (g.open) {
                join(d, g);
                return true;
            }
        }
        long window = Millis.of(s.groupWindow());
        for (OfflineGroup g : d.groups) {
            List<DeviceWatch> together = new ArrayList<>();
            for (DeviceWatch m : g.members) {
                if (m.offline && m.group == null && m.flaps == 0 && Math.abs(m.lastHeard - d.lastHeard) <= window) {
                    together.add(m);
                }
            }
            if (together.size() >= s.groupMin()) {
                open(g, together, now);
                return true;
            }
        }
        return false;
    }

    private void join(DeviceWatch d, OfflineGroup g) {
        context.touch(g);
        d.group = g;
        g.covered++;
    }

    private void open(OfflineGroup g, List<DeviceWatch> together, long now) {
        context.touch(g);
        long since = Long.MAX_VALUE;
        List<String> ids = new ArrayList<>(Math.min(together.size(), LISTED));
        for (DeviceWatch m : together) {
            since = Math.min(since, m.lastHeard);
            if (ids.size() < LISTED) {
                ids.add(m.id);
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("group", g.key);
        evidence.put("count", together.size());
        evidence.put("since", Millis.toInstant(since));
        evidence.put("devices", ids);
        evidence.put("window", context.settings().groupWindow());
        Map<String, String> extra = new HashMap<>();
        extra.put("groupName", groupName(g));
        extra.put("deviceList", deviceList(ids, together.size()));
        List<String> channels = alerts.route(RULE, Stage.ALARM);
        alerts.emitVariant(RULE, "group", Stage.ALARM, now, null, null, channels, g.key, since, "group", evidence, extra);
        g.open = true;
        g.since = since;
        g.channels = channels;
        g.covered = 0;
        for (DeviceWatch m : together) {
            context.touch(m);
            m.group = g;
            g.covered++;
        }
    }

    /** {@code d}, covered by its group, is heard again: the group resolves when it was the last. */
    private void leaveGroup(DeviceWatch d, long now) {
        OfflineGroup g = d.group;
        d.group = null;
        context.touch(g);
        g.covered--;
        if (g.covered > 0 || !g.open) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("group", g.key);
        evidence.put("since", Millis.toInstant(g.since));
        evidence.put("heardAt", Millis.toInstant(now));
        alerts.emitVariant(RULE, "group", Stage.RESOLVED, now, null, null, new ArrayList<>(g.channels), g.key, g.since,
                "group", evidence, Map.of("groupName", groupName(g)));
        g.open = false;
        g.channels = List.of();
    }

    private String groupName(OfflineGroup g) {
        return switch (g.kind) {
            case "port" -> "端口 " + g.name;
            case "building" -> g.name + "号楼";
            default -> "全小区";
        };
    }

    private static String deviceList(List<String> ids, int count) {
        List<String> named = ids.subList(0, Math.min(NAMED, ids.size()));
        return String.join("、", named) + (count > named.size() ? " 等" + count + "台" : "");
    }

    /**
     * Builds the groups of the config in force (start, reconfigure) and puts every device's
     * group state in line with them: a device covered by a group that no longer exists, or with
     * grouping switched off, is no longer covered (silently, like a rule switched off); an open
     * group's count is recounted from its devices.
     */
    void regroup(DeviceWatch[] devices) {
        Map<String, OfflineGroup> old = groups;
        Map<String, List<DeviceWatch>> byKey = new LinkedHashMap<>();
        Map<String, OfflineGroup> next = new HashMap<>();
        RuleSettings s = context.settings();
        boolean grouping = s.grouping() && context.enabled(RULE);
        if (grouping) {
            for (DeviceWatch d : devices) {
                for (OfflineGroup shape : shapes(d.device)) {
                    byKey.computeIfAbsent(shape.key, k -> new ArrayList<>()).add(d);
                    next.putIfAbsent(shape.key, shape);
                }
            }
        }
        Map<String, OfflineGroup> kept = new HashMap<>();
        for (Map.Entry<String, List<DeviceWatch>> e : byKey.entrySet()) {
            if (e.getValue().size() < s.groupMin()) {
                continue;
            }
            OfflineGroup g = old.get(e.getKey());
            if (g == null) {
                g = next.get(e.getKey());
            }
            g.members = e.getValue().toArray(new DeviceWatch[0]);
            kept.put(g.key, g);
        }
        Map<String, Integer> covered = new HashMap<>();
        for (DeviceWatch d : devices) {
            List<OfflineGroup> mine = new ArrayList<>(3);
            for (OfflineGroup shape : grouping ? shapes(d.device) : List.<OfflineGroup>of()) {
                OfflineGroup g = kept.get(shape.key);
                if (g != null) {
                    mine.add(g);
                }
            }
            OfflineGroup[] arr = mine.isEmpty() ? OfflineGroup.NONE : mine.toArray(new OfflineGroup[0]);
            if (!java.util.Arrays.equals(arr, d.groups)) {
                context.touch(d);
                d.groups = arr;
            }
            if (d.group != null) {
                OfflineGroup g = kept.get(d.group.key);
                if (g == null || !d.offline) {
                    context.touch(d);
                    d.group = null;
                } else {
                    if (g != d.group) {
                        context.touch(d);
                        d.group = g;
                    }
                    covered.merge(g.key, 1, Integer::sum);
                }
            }
        }
        for (OfflineGroup g : kept.values()) {
            int n = covered.getOrDefault(g.key, 0);
            if (g.covered != n || (g.open && n == 0)) {
                context.touch(g);
                g.covered = n;
                if (n == 0) {
                    g.open = false; // its devices are gone: nothing left to resolve
                    g.channels = List.of();
                }
            }
        }
        groups = kept;
    }

    /**
     * Restores a device's group state from the store (before start): its group is open with
     * the episode and channels it was raised with.
     */
    void restoreGroup(DeviceWatch d, String key, long since, List<String> channels) {
        if (key == null) {
            return;
        }
        OfflineGroup g = groups.get(key);
        if (g == null) {
            return;
        }
        d.group = g;
        g.open = true;
        g.since = since;
        g.channels = channels;
    }

    /** The groups a device belongs to, narrowest first: its port, its building, the site. */
    private List<OfflineGroup> shapes(Device d) {
        List<OfflineGroup> out = new ArrayList<>(3);
        if (d.port() != null) {
            out.add(new OfflineGroup("port", d.port()));
        }
        if (d.building() != null) {
            out.add(new OfflineGroup("building", d.building()));
        }
        out.add(new OfflineGroup("site", context.siteId()));
        return out;
    }

    /**
     * Forgets {@code d}'s offline state without a RESOLVED (the rule was switched off for it).
     * A group it was covered by loses it.
     */
    void forget(DeviceWatch d) {
        if (d.group != null) {
            context.touch(d.group);
            d.group.covered--;
            if (d.group.covered == 0) {
                d.group.open = false;
                d.group.channels = List.of();
            }
            d.group = null;
        }
        d.offline = false;
        d.offlineAlarmed = false;
        d.offlineNotified = List.of();
        d.flaps = 0;
        d.flapSince = DeviceWatch.NEVER;
        d.backAt = DeviceWatch.NEVER;
    }

    // ---------------------------------------------------------------- sensorOffline

    /** Keeps the household's count of down devices (sensorOffline) in step with {@code d}. */
    private void downChanged(DeviceWatch d, boolean wasDown) {
        boolean down = d.down();
        if (down != wasDown && d.household != null) {
            context.touch(d.household);
            d.household.offlineDevices += down ? 1 : -1;
        }
    }

    /** Recomputes every household's count of down devices from the device states (start, reconfigure). */
    void recount(HouseholdWatch[] households, DeviceWatch[] devices) {
        Map<HouseholdWatch, Integer> down = new HashMap<>();
        for (DeviceWatch d : devices) {
            if (d.down() && d.household != null) {
                down.merge(d.household, 1, Integer::sum);
            }
        }
        for (HouseholdWatch h : households) {
            int n = down.getOrDefault(h, 0);
            if (h.offlineDevices != n) {
                context.touch(h);
                h.offlineDevices = n;
            }
        }
    }
}

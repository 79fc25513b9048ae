package org.doorwatch.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/**
 * The community's door events in simulated-time order, generated lazily one day at a time, so
 * that a community of 100,000 households streams without holding weeks of traffic in memory.
 *
 * <p>Each day: every household's routine, every gate's deliveries, the scripted incidents that
 * fall on it, random outages; sorted by time (stable). Heartbeats are merged in as a separate
 * stream: every device at its own phase within its interval ({@link TrafficProfile#heartbeatOf}:
 * hourly for battery door contacts, whose own clocks drift by up to 2 %, every 5 minutes for
 * mains devices), from a heap of each device's next beat. Suppression last: a
 * device inside an outage sends nothing; a silent household's door reports no openings and its
 * cards are not used (the door contact's heartbeats go on: the sensor is fine, the person is
 * not).
 */
public final class Timeline implements Iterator<DoorEvent> {

    private final Community community;
    private final RoutineGenerator routine;
    private final ZoneId zone;
    private final long start;
    private final long end;
    private final Map<String, List<SimHousehold>> residentsByGate = new LinkedHashMap<>();
    private final Map<String, String> doorOwner = new HashMap<>();
    private final Map<String, List<long[]>> deviceDown = new HashMap<>();
    private final Map<String, List<long[]>> householdSilent = new HashMap<>();
    private final List<Incident> incidents;

    private LocalDate loadedDay;
    private long loadedDayEnd;
    private final ArrayDeque<DoorEvent> batch = new ArrayDeque<>();

    /** Heartbeats: each beating device's id, next beat and interval, and a min-heap of their indices by next beat. */
    private final String[] beatDevice;
    private final long[] beatNext;
    private final long[] beatStep;
    private final int[] beatHeap;

    private DoorEvent next;

    /**
     * @param start first instant to emit (events before it are generated but dropped)
     * @param end   the instant to stop before, or null to run forever
     */
    public Timeline(Community community, long seed, TrafficProfile profile, List<Incident> incidents,
                    Instant start, Instant end) {
        this.community = community;
        this.zone = community.zone();
        this.routine = new RoutineGenerator(seed, zone, profile);
        this.start = start.toEpochMilli();
        this.end = end == null ? Long.MAX_VALUE : end.toEpochMilli();
        this.incidents = List.copyOf(incidents);
        for (SimHousehold h : community.households()) {
            if (h.gate() != null) {
                residentsByGate.computeIfAbsent(h.gate(), g -> new ArrayList<>()).add(h);
            }
            if (h.door() != null) {
                doorOwner.put(h.door(), h.id());
            }
        }
        for (Incident i : incidents) {
            if (i instanceof Incident.Offline o) {
                down(o.device(), o.at().toEpochMilli(), o.at().plus(o.duration()).toEpochMilli());
            } else if (i instanceof Incident.Silent s) {
                householdSilent.computeIfAbsent(s.household(), h -> new ArrayList<>())
                        .add(new long[] {s.from().toEpochMilli(), s.until() == null ? Long.MAX_VALUE : s.until().toEpochMilli()});
            }
        }
        List<String> ids = new ArrayList<>();
        List<long[]> beats = new ArrayList<>();
        for (SimDevice d : community.devices()) {
            long nominal = profile.heartbeatOf(d).toMillis();
            if (nominal <= 0) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(seed ^ d.id().hashCode());
            long phase = Math.floorMod(r.nextLong(), nominal);
            long step = nominal;
            if (profile.heartbeatEvery() == null && TrafficProfile.battery(d)) {
                step = Math.round(nominal * (1 + TrafficProfile.BATTERY_DRIFT * (2 * r.nextDouble() - 1)));
            }
            long first = this.start - Math.floorMod(this.start, nominal) + phase;
            while (first < this.start) {
                first += step;
            }
            ids.add(d.id());
            beats.add(new long[] {first, step});
        }
        beatDevice = ids.toArray(new String[0]);
        beatNext = new long[beats.size()];
        beatStep = new long[beats.size()];
        beatHeap = new int[beats.size()];
        for (int i = 0; i < beats.size(); i++) {
            beatNext[i] = beats.get(i)[0];
            beatStep[i] = beats.get(i)[1];
            beatHeap[i] = i;
        }
        for (int i = beatHeap.length / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        loadedDay = Instant.ofEpochMilli(this.start).atZone(zone).toLocalDate().minusDays(1);
        loadedDayEnd = routine.dayStart(loadedDay.plusDays(1));
    }

    /** The simulation's first day (day0 of incidents), in the site's zone. */
    public static LocalDate day0(Instant start, ZoneId zone) {
        return start.atZone(zone).toLocalDate();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = computeNext();
        }
        return next != null;
    }

    @Override
    public DoorEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DoorEvent e = next;
        next = null;
        return e;
    }

    private DoorEvent computeNext() {
        if (community.households().isEmpty() && beatHeap.length == 0 && incidents.isEmpty()) {
            return null;
        }
        while (true) {
            long beat = beatHeap.length == 0 ? Long.MAX_VALUE : beatNext[beatHeap[0]];
            DoorEvent head = batch.peek();
            long headTs = head == null ? Long.MAX_VALUE : head.ts().toEpochMilli();
            long candidate = Math.min(beat, headTs);
            if (Math.min(candidate, loadedDayEnd) >= end) {
                return null;
            }
            if (candidate >= loadedDayEnd) {
                loadNextDay();
                continue;
            }
            DoorEvent e;
            if (headTs <= beat) {
                e = batch.poll();
            } else {
                int i = beatHeap[0];
                e = DoorEvent.device(Instant.ofEpochMilli(beat), beatDevice[i], EventType.HEARTBEAT);
                beatNext[i] += beatStep[i];
                siftDown(0);
            }
            if (e.ts().toEpochMilli() >= start && !suppressed(e)) {
                return e;
            }
        }
    }

    /** Restores the heap below {@code i}: by next beat, then by index, so that runs repeat. */
    private void siftDown(int i) {
        int n = beatHeap.length;
        while (true) {
            int smallest = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < n && earlier(beatHeap[l], beatHeap[smallest])) smallest = l;
            if (r < n && earlier(beatHeap[r], beatHeap[smallest])) smallest = r;
            if (smallest == i) {
                return;
            }
            int t = beatHeap[i];
            beatHeap[i] = beatHeap[smallest];
            beatHeap[smallest] = t;
            i = smallest;
        }
    }

    private boolean earlier(int a, int b) {
        return beatNext[a] < beatNext[b] || (beatNext[a] == beatNext[b] && a < b);
    }

    /** Whether {@code device} is inside an outage (scripted or random) at {@code t}. */
    public boolean deviceDown(String device, Instant t) {
        return within(deviceDown.get(device), t.toEpochMilli());
    }

    private boolean suppressed(DoorEvent e) {
        long t = e.ts().toEpochMilli();
        if (e.device() != null && within(deviceDown.get(e.device()), t)) {
            return true;
        }
        if (e.type() == EventType.HEARTBEAT) {
            return false;
        }
        String household = e.household() != null ? e.household() : doorOwner.get(e.device());
        return household != null && within(householdSilent.get(household), t);
    }

    private static boolean within(List<long[]> windows, long t) {
        if (windows == null) {
            return false;
        }
        for (long[] w : windows) {
            if (t >= w[0] && t < w[1]) {
                return true;
            }
        }
        return false;
    }

    private void down(String device, long from, long until) {
        deviceDown.computeIfAbsent(device, d -> new ArrayList<>()).add(new long[] {from, until});
    }

    private void loadNextDay() {
        LocalDate day = loadedDay.plusDays(1);
        List<DoorEvent> events = new ArrayList<>();
        for (SimHousehold h : community.households()) {
            routine.household(h, day, events);
        }
        for (Map.Entry<String, List<SimHousehold>> g : residentsByGate.entrySet()) {
            SimDevice gate = community.device(g.getKey());
            if (gate != null && !gate.kind().toLowerCase(Locale.ROOT).contains("intercom")) {
                routine.gate(gate, g.getValue(), day, events);
            }
        }
        for (SimDevice d : community.devices()) {
            long[] outage = routine.outage(d, day);
            if (outage != null) {
                down(d.id(), outage[0], outage[1]);
            }
        }
        long dayStart = routine.dayStart(day);
        long dayEnd = routine.dayStart(day.plusDays(1));
        for (Incident i : incidents) {
            scripted(i, dayStart, dayEnd, day, events);
        }
        events.sort(Comparator.comparing(DoorEvent::ts));
        batch.addAll(events);
        loadedDay = day;
        loadedDayEnd = dayEnd;
    }

    private void scripted(Incident i, long dayStart, long dayEnd, LocalDate day, List<DoorEvent> out) {
        if (i instanceof Incident.Forced f && in(f.at(), dayStart, dayEnd)) {
            long t = f.at().toEpochMilli();
            out.add(RoutineGenerator.event(t, f.device(), EventType.DOOR_FORCED));
            out.add(RoutineGenerator.event(t + 40_000, f.device(), EventType.DOOR_CLOSED));
        } else if (i instanceof Incident.HeldOpen h && in(h.at(), dayStart, dayEnd)) {
            long t = h.at().toEpochMilli();
            out.add(RoutineGenerator.event(t, h.device(), EventType.DOOR_OPENED));
            out.add(RoutineGenerator.event(t + h.duration().toMillis(), h.device(), EventType.DOOR_CLOSED));
        } else if (i instanceof Incident.Silent s && s.until() != null && in(s.until(), dayStart, dayEnd)) {
            // the silence ends with the resident opening the door (back from hospital, found well):
            // without it the next sign of life would wait for tomorrow morning's routine
            SimHousehold h = community.household(s.household());
            if (h != null && h.door() != null) {
                long t = s.until().toEpochMilli();
                out.add(RoutineGenerator.event(t, h.door(), EventType.DOOR_OPENED));
                out.add(RoutineGenerator.event(t + 30_000, h.door(), EventType.DOOR_CLOSED));
            }
        } else if (i instanceof Incident.Visitors v && in(v.dayStart(), dayStart, dayEnd)) {
            SimHousehold h = community.household(v.household());
            if (h == null) {
                return;
            }
            SplittableRandom r = routine.random(day, "visitors:" + v.household());
            long span = 12 * 3_600_000L; // 09:00 to 21:00, evenly with jitter
            long base = dayStart + 9 * 3_600_000L;
            for (int k = 0; k < v.count(); k++) {
                long slot = span / Math.max(1, v.count());
                routine.visitor(h, base + k * slot + r.nextLong(Math.max(1, slot / 2)), r, out);
            }
        }
    }

    private static boolean in(Instant t, long from, long to) {
        long m = t.toEpochMilli();
        return m >= from && m < to;
    }
}

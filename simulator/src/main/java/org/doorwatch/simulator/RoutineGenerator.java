package org.doorwatch.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/**
 * One household's (or one gate's) door traffic for one day, from a seed: the same (seed, day,
 * household) gives the same events in every run, whatever else is simulated.
 *
 * <p>Elderly residents follow their {@link SimHousehold.Rhythm}: by default they go out one to
 * three times from the morning (first leaving between 07:00 and 10:00) and take the rubbish out
 * between 16:30 and 19:00; early and late risers keep their hours to within a quarter of an
 * hour or so, with an off day now and then; the weekday/weekend rhythm follows a grandchild's
 * school; the irregular one has no fixed hour. No day of any rhythm leaves a gap near 24 hours: a
 * household that follows its routine never earns an elderly alert. Families come and go from 06:30 to 22:00 and badge at the gate on the way in.
 * Tenants badge at the gate with their own cards; rentals get visitors. Gates see deliveries in
 * the evening. With random faults on, rare forced doors, doors left open, wrong cards and dead
 * devices appear as they do in real communities.
 *
 * <p>Doors are held as people hold them: a few seconds to go out or come in empty-handed; 1 to
 * 4 minutes when an elderly resident comes back with shopping (three outings in five), 1 to 6
 * minutes when a family comes back laden (one return in four: shopping, a pram, a parcel); 2 to
 * 6 minutes for the rubbish. (These durations come from their own random stream, so that the
 * rest of a day's traffic is what it was before they were added.)
 */
final class RoutineGenerator {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private final long seed;
    private final ZoneId zone;
    private final TrafficProfile profile;

    RoutineGenerator(long seed, ZoneId zone, TrafficProfile profile) {
        this.seed = seed;
        this.zone = zone;
        this.profile = profile;
    }

    /** A random source for (day, subject) independent of everything else simulated. */
    SplittableRandom random(LocalDate day, String subject) {
        long h = seed;
        h = h * 0x9E3779B97F4A7C15L + day.toEpochDay();
        h = h * 0x9E3779B97F4A7C15L + subject.hashCode();
        return new SplittableRandom(h);
    }

    long dayStart(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    void household(SimHousehold h, LocalDate day, List<DoorEvent> out) {
        SplittableRandom r = random(day, h.id());
        SplittableRandom held = random(day, "held:" + h.id());
        long d = dayStart(day);
        switch (h.kind()) {
            case ELDERLY -> elderly(h, day, d, r, held, out);
            case FAMILY -> {
                int outings = 2 + r.nextInt(5);
                for (int i = 0; i < outings; i++) {
                    long t = d + 6 * HOUR + 30 * MINUTE + r.nextLong(14 * HOUR);
                    long back = Math.min(t + 20 * MINUTE + r.nextLong(4 * HOUR), d + 23 * HOUR);
                    outing(h, t, back, r, out, true,
                            held.nextInt(4) == 0 ? MINUTE + held.nextLong(5 * MINUTE) : 0);
                }
            }
            case RENTAL -> {
                for (String card : h.credentials()) {
                    int outings = 1 + r.nextInt(2);
                    for (int i = 0; i < outings; i++) {
                        long t = d + 7 * HOUR + r.nextLong(15 * HOUR);
                        long back = Math.min(t + 30 * MINUTE + r.nextLong(5 * HOUR), d + 23 * HOUR + 30 * MINUTE);
                        outingWithCard(h, card, t, back, r, out);
                    }
                }
                int visitors = r.nextInt(4);
                for (int i = 0; i < visitors; i++) {
                    visitor(h, d + 10 * HOUR + r.nextLong(11 * HOUR), r, out);
                }
            }
        }
        if (h.watch() && r.nextInt(10) == 0) {
            long t = d + r.nextLong(4 * HOUR);
            door(h.door(), t, t + 20 * SECOND + r.nextLong(MINUTE), out);
        }
        if (profile.randomFaults() && h.door() != null) {
            if (r.nextInt(3000) == 0) {
                long t = d + r.nextLong(24 * HOUR);
                out.add(event(t, h.door(), EventType.DOOR_FORCED));
                out.add(event(t + 40 * SECOND, h.door(), EventType.DOOR_CLOSED));
            }
            if (r.nextInt(500) == 0) {
                long t = d + 8 * HOUR + r.nextLong(12 * HOUR);
                door(h.door(), t, t + 3 * MINUTE + r.nextLong(8 * MINUTE), out);
            }
        }
    }

    /**
     * An elderly resident's day, by rhythm. Every rhythm's last opening of a day is after 16:00
     * and the first of the next before 16:00, so a day of routine never nears 24 hours of
     * silence; what differs is how much the times wander.
     */
    private void elderly(SimHousehold h, LocalDate day, long d, SplittableRandom r, SplittableRandom held, List<DoorEvent> out) {
        switch (h.rhythm()) {
            case DAYTIME -> {
                int outings = 1 + r.nextInt(3);
                long t = d + 7 * HOUR + r.nextLong(3 * HOUR);
                for (int i = 0; i < outings && t < d + 15 * HOUR; i++) {
                    long back = t + 30 * MINUTE + r.nextLong(150 * MINUTE);
                    outing(h, t, Math.min(back, d + 16 * HOUR), r, out, false, shopping(held));
                    t = back + HOUR + r.nextLong(3 * HOUR);
                }
                // Rubbish out in the late afternoon, every day: the last opening of a day is after
                // 16:00 and the first of the next before 10:00, so routine never nears 24 hours.
                long rubbish = d + 16 * HOUR + 30 * MINUTE + r.nextLong(2 * HOUR + 30 * MINUTE);
                door(h.door(), rubbish, rubbish + 2 * MINUTE + r.nextLong(4 * MINUTE), out);
            }
            // The morning market or a walk in the park; in the afternoon often a second outing.
            case EARLY_RISER -> regularDay(h, d, r, held, out, 6 * HOUR, 15, 90, 150, 0.6, 15 * HOUR, 18 * HOUR + 30 * MINUTE);
            case LATE_RISER -> regularDay(h, d, r, held, out, 9 * HOUR + 30 * MINUTE, 20, 90, 150, 0.5, 15 * HOUR + 30 * MINUTE, 20 * HOUR);
            case WEEKDAY_WEEKEND -> {
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                if (weekend) {
                    regularDay(h, d, r, held, out, 9 * HOUR + 45 * MINUTE, 25, 90, 150, 0.4, 15 * HOUR, 19 * HOUR + 30 * MINUTE);
                } else {
                    // to school at 07:15 and home again; to school at 16:15 and home with the child
                    regularDay(h, d, r, held, out, 7 * HOUR + 15 * MINUTE, 10, 30, 60, 1.0, 16 * HOUR, 19 * HOUR + 30 * MINUTE);
                }
            }
            case IRREGULAR -> {
                boolean stayIn = r.nextInt(8) == 0; // a day indoors until the afternoon
                long t = stayIn ? d + 12 * HOUR + r.nextLong(3 * HOUR) : d + 7 * HOUR + r.nextLong(5 * HOUR + 30 * MINUTE);
                long back = t + 30 * MINUTE + r.nextLong(150 * MINUTE);
                outing(h, t, back, r, out, false, shopping(held));
                int more = r.nextInt(3);
                for (int i = 0; i < more; i++) {
                    long u = Math.max(back + 30 * MINUTE, d + 13 * HOUR + r.nextLong(5 * HOUR));
                    outing(h, u, u + 20 * MINUTE + r.nextLong(100 * MINUTE), r, out, false, shopping(held));
                }
                long evening = d + 18 * HOUR + r.nextLong(3 * HOUR + 30 * MINUTE);
                door(h.door(), evening, evening + 2 * MINUTE + r.nextLong(4 * MINUTE), out);
            }
        }
    }

    /**
     * A regular day: out at about {@code leave} (a normal spread of {@code spreadMinutes}, cut at
     * three), back {@code awayMin} to {@code awayMax} minutes later; with probability
     * {@code afternoonChance} out again within 90 minutes after {@code afternoon} for 45 to 120
     * minutes; the evening door (the rubbish, a neighbour) at about {@code evening} (spread 20
     * minutes). One day in fifteen is an off day: the morning is one to two and a half hours late
     * (rain, a bad night); one in sixty is spent indoors until the afternoon (a cold), first out
     * between 12:00 and 16:00.
     */
    private void regularDay(SimHousehold h, long d, SplittableRandom r, SplittableRandom held, List<DoorEvent> out,
                            long leave, int spreadMinutes,
                            int awayMin, int awayMax, double afternoonChance, long afternoon, long evening) {
        long first = d + leave + spread(r, spreadMinutes);
        if (r.nextInt(60) == 0) {
            first = Math.max(first, d + 12 * HOUR + r.nextLong(4 * HOUR));
        } else if (r.nextInt(15) == 0) {
            first += HOUR + r.nextLong(90 * MINUTE);
        }
        long back = first + (awayMin + r.nextInt(awayMax - awayMin + 1)) * MINUTE;
        outing(h, first, back, r, out, false, shopping(held));
        if (r.nextDouble() < afternoonChance) {
            long t = Math.max(back + 30 * MINUTE, d + afternoon + r.nextLong(90 * MINUTE));
            outing(h, t, t + 45 * MINUTE + r.nextLong(75 * MINUTE), r, out, false, shopping(held));
        }
        long e = d + evening + spread(r, 20);
        door(h.door(), e, e + 2 * MINUTE + r.nextLong(4 * MINUTE), out);
    }

    /** A normally spread offset of {@code minutes} standard deviation, cut at three. */
    private static long spread(SplittableRandom r, int minutes) {
        double z = Math.max(-3, Math.min(3, r.nextGaussian()));
        return Math.round(z * minutes * MINUTE);
    }

    /** Evening deliveries and the odd wrong card at a building gate. */
    void gate(SimDevice gate, List<SimHousehold> residents, LocalDate day, List<DoorEvent> out) {
        if (residents.isEmpty()) {
            return;
        }
        SplittableRandom r = random(day, gate.id());
        long d = dayStart(day);
        int deliveries = r.nextInt(4);
        for (int i = 0; i < deliveries; i++) {
            SimHousehold to = residents.get(r.nextInt(residents.size()));
            long t = d + 18 * HOUR + r.nextLong(5 * HOUR + 50 * MINUTE);
            out.add(new DoorEvent(Instant.ofEpochMilli(t), gate.id(), EventType.VISITOR_CALL, to.id(), null, null, null, null));
        }
        if (profile.randomFaults() && r.nextInt(8) == 0) {
            long t = d + 8 * HOUR + r.nextLong(12 * HOUR);
            out.add(new DoorEvent(Instant.ofEpochMilli(t), gate.id(), EventType.ACCESS_DENIED, null,
                    "card:DEADBEEF", Direction.IN, null, null));
        }
    }

    /** A random outage of a device today, or null: [start, end) epoch millis. */
    long[] outage(SimDevice device, LocalDate day) {
        if (!profile.randomFaults()) {
            return null;
        }
        SplittableRandom r = random(day, "outage:" + device.id());
        if (r.nextInt(200) != 0) {
            return null;
        }
        long start = dayStart(day) + r.nextLong(22 * HOUR);
        return new long[] {start, start + 20 * MINUTE + r.nextLong(70 * MINUTE)};
    }

    void visitor(SimHousehold h, long t, SplittableRandom r, List<DoorEvent> out) {
        String at = h.intercom() != null ? h.intercom() : h.gate() != null ? h.gate() : h.door();
        if (at == null) {
            return;
        }
        out.add(new DoorEvent(Instant.ofEpochMilli(t), at, EventType.VISITOR_CALL, h.id(), null, null, null, null));
        long admitted = t + 10 * SECOND + r.nextLong(30 * SECOND);
        out.add(new DoorEvent(Instant.ofEpochMilli(admitted), at, EventType.VISITOR_ADMITTED, h.id(), null, null, null, null));
        if (h.door() != null) {
            long open = admitted + MINUTE + r.nextLong(2 * MINUTE);
            door(h.door(), open, open + 15 * SECOND, out);
        }
    }

    /**
     * Out at {@code leave}, back at {@code back}; {@code laden} is how long the door is held on
     * the way back with shopping (0: the usual few seconds).
     */
    /** How long an elderly resident coming back holds the door: with shopping (three in five) 1 to 4 minutes. */
    private static long shopping(SplittableRandom held) {
        return held.nextInt(5) < 3 ? MINUTE + held.nextLong(3 * MINUTE) : 0;
    }

    private void outing(SimHousehold h, long leave, long back, SplittableRandom r, List<DoorEvent> out, boolean badge,
                        long laden) {
        door(h.door(), leave, leave + 5 * SECOND + r.nextLong(35 * SECOND), out);
        if (badge && h.gate() != null && !h.credentials().isEmpty()) {
            out.add(new DoorEvent(Instant.ofEpochMilli(back - MINUTE), h.gate(), EventType.ACCESS_GRANTED, h.id(),
                    h.credentials().get(0), Direction.IN, null, null));
        }
        long shut = back + 5 * SECOND + r.nextLong(35 * SECOND);
        door(h.door(), back, Math.max(shut, back + laden), out);
    }

    private void outingWithCard(SimHousehold h, String card, long leave, long back, SplittableRandom r, List<DoorEvent> out) {
        door(h.door(), leave, leave + 10 * SECOND, out);
        if (h.gate() != null) {
            out.add(new DoorEvent(Instant.ofEpochMilli(leave + 2 * MINUTE), h.gate(), EventType.ACCESS_GRANTED, h.id(),
                    card, Direction.OUT, null, null));
            out.add(new DoorEvent(Instant.ofEpochMilli(back - 2 * MINUTE), h.gate(), EventType.ACCESS_GRANTED, h.id(),
                    card, Direction.IN, null, null));
        }
        door(h.door(), back, back + 5 * SECOND + r.nextLong(20 * SECOND), out);
    }

    private static void door(String device, long open, long close, List<DoorEvent> out) {
        if (device == null) {
            return;
        }
        out.add(event(open, device, EventType.DOOR_OPENED));
        out.add(event(close, device, EventType.DOOR_CLOSED));
    }

    /**
     * A door contact's event. It carries no household: like a real contact, it names only
     * itself, and the gateway attributes it through its config.
     */
    static DoorEvent event(long t, String device, EventType type) {
        return DoorEvent.device(Instant.ofEpochMilli(t), device, type);
    }
}

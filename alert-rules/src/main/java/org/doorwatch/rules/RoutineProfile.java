package org.doorwatch.rules;

import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * What one household's silences usually look like at each time of day: the learned half of the
 * {@code routine-deviation} rule (SPEC 11).
 *
 * <h2>Method</h2>
 * After Cuddihy et al., "Algorithm to automatically detect abnormally long periods of inactivity
 * in a home" (HealthNet 2007): the day is cut into 48 half-hour bins of local time; for every bin
 * the profile keeps the longest silence (time since the last activity) that the household ever
 * had at an instant inside that bin during the learning window. Cuddihy takes the 97th
 * percentile of ~60 days per bin; SPEC 11 pins "longer than the household ever had at that time
 * of day", so we keep the maximum, which also needs no per-day history. The present silence is
 * unusual at instant t when it is longer than the alert line of t's bin,
 * {@code max + max(minMargin, max * marginFraction)}: the margin absorbs a silence a little
 * longer than any seen. Per-bin maxima alone would also call a morning twenty minutes later
 * than any seen unusual at once: the bin after the latest departure has only seen the short
 * silences of the outing. So {@code max} is taken over t's bin and the bins up to
 * {@code later} before it ({@link Margin#laterBins}): a day shifted that much later than a
 * learned one stays under the line. (Floeck and Litz, "Inactivity patterns and alarm
 * generation in senior citizens' houses", EMBC 2009, fit the threshold as a smooth curve over
 * the time of day, which has the same effect.) The margins are tuned on simulated communities (BENCHMARKS.md).
 *
 * <p>Only completed silences are learned ({@link #learn}: from an activity or the start of
 * watch to the next activity; which ones is {@link RoutineDeviationRule}'s choice), so the
 * silence under way can never teach the profile that it is normal. A silence covers every bin-instant between its ends; within a
 * bin its longest point is the bin's end or the activity that ended it, whichever comes first;
 * a silence longer than a day meets a bin twice and the later (longer) meeting counts.
 *
 * <h2>Fixed size, rolling window</h2>
 * The window is {@link #BUCKETS} buckets of {@code span = ceil(learnDays / 4)} local days each,
 * reused in a ring: learning into a period whose bucket still holds an older period clears it
 * first. The window therefore covers between {@code 3 * span} and {@code 4 * span} days (21 to 28
 * for the default 28). A bucket is 48 unsigned bytes in units of {@link #UNIT_MILLIS} (6 minutes,
 * rounded up so the stored maximum is never shorter than the real one), saturating at 255
 * (25.5 h: longer silences are the escalation's business, SPEC 6). Beside the maxima, each bucket
 * counts the local days it observed; a profile answers only when its window observed at least
 * {@code minDays} days (SPEC 11: "before minDays of history it raises nothing"). Days spent away
 * (SPEC 6.5) are not observed: learning resumes at the end of the away period, as L does.
 *
 * <p>Memory: 192 bytes of maxima, 4 period numbers, 4 day counts and the last observed day,
 * about 330 bytes per household on the heap (BENCHMARKS.md); the serialized form ({@link #toBytes}) is
 * 241 bytes.
 * Not thread-safe; owned by the engine's thread like the rest of its state.
 */
final class RoutineProfile implements UndoLog.Undoable {

    /** Half-hour bins of the local day. */
    static final int BINS = 48;
    static final long BIN_MILLIS = 30 * 60_000L;
    static final long DAY_MILLIS = 24 * 3_600_000L;
    /** Buckets of the rolling window. */
    static final int BUCKETS = 4;
    /** One step of a stored maximum: 6 minutes; 255 steps = 25.5 h. */
    static final long UNIT_MILLIS = 6 * 60_000L;
    static final int SATURATED = 255;
    private static final long NO_PERIOD = Long.MIN_VALUE;
    private static final int FORMAT = 1;

    private final int spanDays;
    private final byte[] maxima = new byte[BUCKETS * BINS];
    private final long[] period = new long[BUCKETS];
    private final byte[] daysObserved = new byte[BUCKETS];
    /** The last local day counted as observed; days are counted once, in time order. */
    private long lastObservedDay = Long.MIN_VALUE;
    private long undoMark;

    RoutineProfile(int learnDays) {
        if (learnDays < BUCKETS) {
            throw new IllegalArgumentException("learnDays must be at least " + BUCKETS + ", found " + learnDays);
        }
        this.spanDays = spanDays(learnDays);
        Arrays.fill(period, NO_PERIOD);
    }

    /** Days per bucket. */
    int spanDays() {
        return spanDays;
    }

    /** Days per bucket of a profile learning over {@code learnDays}. */
    static int spanDays(int learnDays) {
        return (learnDays + BUCKETS - 1) / BUCKETS;
    }

    /**
     * Learns a completed silence: nothing happened in ({@code from}, {@code to}), which ended with
     * an activity at {@code to} (epoch millis). Silences must be learned in time order; one that
     * ends before the last observed day's start is ignored.
     */
    void learn(long from, long to, ZoneRules zone) {
        if (to <= from) {
            return;
        }
        long localFrom = local(from, zone);
        long localTo = local(to, zone);
        // The silence is (from, to): its last instant belongs to the bin and day before `to`
        // when the activity falls exactly on a boundary.
        long firstDay = Math.floorDiv(localFrom, DAY_MILLIS);
        long lastDay = Math.floorDiv(localTo - 1, DAY_MILLIS);
        if (lastDay < lastObservedDay) {
            return;
        }
        for (long day = Math.max(firstDay, lastObservedDay + 1); day <= lastDay; day++) {
            int b = bucketFor(day);
            if (b >= 0 && (daysObserved[b] & 0xff) < 255) {
                daysObserved[b]++;
            }
        }
        lastObservedDay = Math.max(lastObservedDay, lastDay);
        // Walk back from the end, one bin at a time; the first meeting of each bin is its longest.
        boolean[] seen = new boolean[BINS];
        int seenCount = 0;
        long binEnd = Math.floorDiv(localTo - 1, BIN_MILLIS) * BIN_MILLIS + BIN_MILLIS;
        long point = localTo; // the latest instant of the silence inside the current bin
        while (point > localFrom && seenCount < BINS) {
            long binStart = binEnd - BIN_MILLIS;
            int bin = (int) (Math.floorMod(binStart, DAY_MILLIS) / BIN_MILLIS);
            if (!seen[bin]) {
                seen[bin] = true;
                seenCount++;
                record(Math.floorDiv(binStart, DAY_MILLIS), bin, point - localFrom);
            }
            point = binStart;
            binEnd = binStart;
        }
    }

    private void record(long day, int bin, long silence) {
        int b = bucketFor(day);
        if (b < 0) {
            return;
        }
        int units = (int) Math.min(SATURATED, (silence + UNIT_MILLIS - 1) / UNIT_MILLIS);
        int i = b * BINS + bin;
        if (units > (maxima[i] & 0xff)) {
            maxima[i] = (byte) units;
        }
    }

    /**
     * The bucket of {@code day}, cleared first when it still holds an older period; -1 when it
     * holds a newer one (a day that has left the window: nothing to learn).
     */
    private int bucketFor(long day) {
        long p = Math.floorDiv(day, spanDays);
        int b = (int) Math.floorMod(p, BUCKETS);
        if (period[b] != p) {
            if (period[b] != NO_PERIOD && period[b] > p) {
                return -1;
            }
            Arrays.fill(maxima, b * BINS, (b + 1) * BINS, (byte) 0);
            daysObserved[b] = 0;
            period[b] = p;
        }
        return b;
    }

    /** Days observed by the window that the local day of {@code now} closes. */
    int daysObserved(long now, ZoneRules zone) {
        return daysObservedIn(periodOf(now, zone));
    }

    private int daysObservedIn(long currentPeriod) {
        int days = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (inWindow(b, currentPeriod)) {
                days += daysObserved[b] & 0xff;
            }
        }
        return days;
    }

    private long periodOf(long now, ZoneRules zone) {
        return Math.floorDiv(Math.floorDiv(local(now, zone), DAY_MILLIS), spanDays);
    }

    private boolean inWindow(int b, long currentPeriod) {
        return period[b] != NO_PERIOD && period[b] <= currentPeriod && period[b] > currentPeriod - BUCKETS;
    }

    /**
     * The longest silence (millis, rounded up to 6 minutes) learned for {@code bin} in the window
     * of the period that contains {@code now}; {@link Long#MAX_VALUE} when saturated.
     */
    long longest(int bin, long now, ZoneRules zone) {
        return longestIn(bin, periodOf(now, zone));
    }

    private long longestIn(int bin, long currentPeriod) {
        int units = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (inWindow(b, currentPeriod)) {
                units = Math.max(units, maxima[b * BINS + bin] & 0xff);
            }
        }
        return units >= SATURATED ? Long.MAX_VALUE : units * UNIT_MILLIS;
    }

    /**
     * The longest silence learned for {@code bin} and the {@code earlierBins} bins before it
     * (wrapping over midnight): what a day shifted up to that many bins later than a learned one
     * would show in {@code bin}. {@link Long#MAX_VALUE} when any of them is saturated.
     */
    long longestFrom(int bin, int earlierBins, long now, ZoneRules zone) {
        return longestFrom(bin, earlierBins, periodOf(now, zone));
    }

    private long longestFrom(int bin, int earlierBins, long currentPeriod) {
        long longest = 0;
        for (int k = 0; k <= earlierBins; k++) {
            longest = Math.max(longest, longestIn(Math.floorMod(bin - k, BINS), currentPeriod));
        }
        return longest;
    }

    /**
     * The first instant at or after {@code now} at which a silence that began at {@code since}
     * is longer than the alert line of its bin, looking at most {@code horizon} millis past
     * {@code since}; {@link Long#MAX_VALUE} when there is none in that range. Each instant is
     * judged by the window it will fall in (a bucket may leave the window on the way), and
     * only where that window observed at least {@code minDays} days. Nothing is learned in
     * between (learning needs an activity, which ends the silence), so the answer stays true
     * until the next {@link #learn}.
     */
    long firstUnusual(long since, long now, long horizon, int minDays, Margin margin, ZoneRules zone) {
        long end = Millis.plus(since, horizon);
        long t = Math.max(now, since);
        // The zone's offset, looked up once when it cannot change before the end (most zones, most days).
        java.time.zone.ZoneOffsetTransition change = t < end ? zone.nextTransition(java.time.Instant.ofEpochMilli(t)) : null;
        boolean fixed = change == null || change.toEpochSecond() * 1000 >= end;
        long offset = fixed ? local(t, zone) - t : 0;
        long period = NO_PERIOD;
        boolean enoughDays = false;
        int guard = 0;
        while (t < end && guard++ <= 2 * BINS + 1) {
            long local = fixed ? t + offset : local(t, zone);
            int bin = (int) (Math.floorMod(local, DAY_MILLIS) / BIN_MILLIS);
            long binEndLocal = Math.floorDiv(local, BIN_MILLIS) * BIN_MILLIS + BIN_MILLIS;
            long binEnd = Millis.plus(t, binEndLocal - local);
            long p = Math.floorDiv(Math.floorDiv(local, DAY_MILLIS), spanDays);
            if (p != period) {
                period = p;
                enoughDays = daysObservedIn(p) >= minDays;
            }
            if (enoughDays) {
                long line = margin.line(longestFrom(bin, margin.laterBins, p));
                if (line != Long.MAX_VALUE) {
                    long due = Math.max(t, Millis.plus(since, Millis.plus(line, 1)));
                    if (due < binEnd && due < end) {
                        return due;
                    }
                }
            }
            t = binEnd;
        }
        return Long.MAX_VALUE;
    }

    /**
     * The alert line over a learned maximum: {@code max + max(minimum, max * fraction)}, where the
     * maximum at a bin is taken over that bin and the {@code laterBins} bins before it, so that a
     * day up to that many half hours later than any learned one is still usual.
     */
    record Margin(long minimumMillis, double fraction, int laterBins) {
        Margin {
            if (minimumMillis < 0 || fraction < 0 || laterBins < 0 || laterBins >= BINS) {
                throw new IllegalArgumentException("a margin is not negative, and shifts by less than a day");
            }
        }

        /** A margin with no shift in time of day. */
        Margin(long minimumMillis, double fraction) {
            this(minimumMillis, fraction, 0);
        }

        /** The margin of {@code later} millis of shift, rounded up to whole bins. */
        static Margin of(long minimumMillis, double fraction, long laterMillis) {
            return new Margin(minimumMillis, fraction, (int) ((laterMillis + BIN_MILLIS - 1) / BIN_MILLIS));
        }

        long line(long longest) {
            if (longest == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            return Millis.plus(longest, Math.max(minimumMillis, (long) (longest * fraction)));
        }
    }

    /** Epoch millis shifted to the local wall clock of {@code zone} (for bins and days). */
    static long local(long utcMillis, ZoneRules zone) {
        // Every long of millis is inside Instant's range; only the sum can overflow.
        int offset = zone.getOffset(java.time.Instant.ofEpochMilli(utcMillis)).getTotalSeconds();
        return Millis.plus(utcMillis, offset * 1000L);
    }

    // ---------------------------------------------------------------- persistence

    /** The profile as bytes for the store: format, span, periods, day counts, maxima. */
    byte[] toBytes() {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1 + 4 + 8 + BUCKETS * 8 + BUCKETS + maxima.length);
        out.put((byte) FORMAT).putInt(spanDays).putLong(lastObservedDay);
        for (long p : period) {
            out.putLong(p);
        }
        out.put(daysObserved).put(maxima);
        return out.array();
    }

    /**
     * A profile read back from {@link #toBytes}; null when the bytes are not one (another format,
     * or a different {@code learnDays}: the caller then learns anew rather than misread).
     */
    static RoutineProfile fromBytes(byte[] bytes, int learnDays) {
        RoutineProfile p = new RoutineProfile(learnDays);
        if (bytes == null || bytes.length != p.toBytes().length) {
            return null;
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT || in.getInt() != p.spanDays) {
            return null;
        }
        p.lastObservedDay = in.getLong();
        for (int b = 0; b < BUCKETS; b++) {
            p.period[b] = in.getLong();
        }
        in.get(p.daysObserved).get(p.maxima);
        return p;
    }

    /** A copy, for the engine's undo log. */
    RoutineProfile copy() {
        RoutineProfile c = new RoutineProfile(spanDays * BUCKETS);
        System.arraycopy(maxima, 0, c.maxima, 0, maxima.length);
        System.arraycopy(period, 0, c.period, 0, period.length);
        System.arraycopy(daysObserved, 0, c.daysObserved, 0, daysObserved.length);
        c.lastObservedDay = lastObservedDay;
        return c;
    }

    @Override
    public long undoMark() {
        return undoMark;
    }

    @Override
    public void undoMark(long mark) {
        undoMark = mark;
    }

    /** A copy taken before the first {@link #learn} of a batch; the engine touches the profile only then. */
    @Override
    public Runnable saveState() {
        RoutineProfile saved = copy();
        return () -> restoreFrom(saved);
    }

    /** Restores this profile to {@code saved} (undo). */
    void restoreFrom(RoutineProfile saved) {
        System.arraycopy(saved.maxima, 0, maxima, 0, maxima.length);
        System.arraycopy(saved.period, 0, period, 0, period.length);
        System.arraycopy(saved.daysObserved, 0, daysObserved, 0, daysObserved.length);
        lastObservedDay = saved.lastObservedDay;
    }
}

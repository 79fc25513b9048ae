package org.doorwatch.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The routine-deviation settings of a policy (SPEC section 11), {@code routine: {}} in the config.
 * Defaults are in {@link RoutineDeviationDefinition}.
 *
 * @param learnDays    the learning window: the household's rhythm is learned from about this
 *                     many past days (the profile keeps four buckets of {@code ceil(learnDays/4)}
 *                     days, so the window holds between three and four of them)
 * @param minDays      no NOTICE until the window has observed this many days of the household
 * @param marginMin    the alert line lies at least this much above the longest silence learned
 *                     at that time of day ...
 * @param marginFraction ... or this fraction of that silence above it, whichever is more
 * @param later        a day this much later than any learned one is still usual: the line at a
 *                     time of day is taken over the learned silences from that much earlier
 *                     (rounded up to the profile's half-hour bins)
 */
public record Routine(int learnDays, int minDays, Duration marginMin, double marginFraction, Duration later) {

    /** The fewest learning days: the window has four buckets of at least one day. */
    public static final int MIN_LEARN_DAYS = 4;
    /** The most: a bucket counts its days in one unsigned byte. */
    public static final int MAX_LEARN_DAYS = 4 * 255;

    public Routine {
        Objects.requireNonNull(marginMin, "marginMin");
        Objects.requireNonNull(later, "later");
        if (learnDays < MIN_LEARN_DAYS || learnDays > MAX_LEARN_DAYS) {
            throw new IllegalArgumentException("learnDays must be " + MIN_LEARN_DAYS + " to " + MAX_LEARN_DAYS + ", was " + learnDays);
        }
        if (minDays < 1 || minDays > maxMinDays(learnDays)) {
            throw new IllegalArgumentException("minDays must be 1 to " + maxMinDays(learnDays) + " for learnDays "
                    + learnDays + ", was " + minDays);
        }
        if (marginMin.isNegative() || later.isNegative() || later.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("margins must not be negative and later at most 12h");
        }
        if (!(marginFraction >= 0 && marginFraction <= 10)) {
            throw new IllegalArgumentException("marginFraction must be 0 to 10, was " + marginFraction);
        }
    }

    /** The defaults: {@code routine: {}}. */
    public static Routine defaults() {
        return new Routine(RoutineDeviationDefinition.DEFAULT_LEARN_DAYS, RoutineDeviationDefinition.DEFAULT_MIN_DAYS,
                RoutineDeviationDefinition.DEFAULT_MARGIN_MIN, RoutineDeviationDefinition.DEFAULT_MARGIN_FRACTION,
                RoutineDeviationDefinition.DEFAULT_LATER);
    }

    /** These settings with another learning window and minimum. */
    public Routine withDays(int learnDays, int minDays) {
        return new Routine(learnDays, minDays, marginMin, marginFraction, later);
    }

    /** These settings with other margins. */
    public Routine withMargins(Duration marginMin, double marginFraction, Duration later) {
        return new Routine(learnDays, minDays, marginMin, marginFraction, later);
    }

    /**
     * The largest {@code minDays} that {@code learnDays} can serve at every instant: the rolling
     * window always holds at least three of its four buckets of {@code ceil(learnDays/4)} days.
     * A larger one would switch the rule off for a few days whenever a bucket is recycled.
     */
    public static int maxMinDays(int learnDays) {
        return 3 * ((learnDays + 3) / 4);
    }
}

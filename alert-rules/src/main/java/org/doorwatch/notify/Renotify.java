package org.doorwatch.notify;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.doorwatch.domain.Stage;

/**
 * {@code renotify: { after, times, then }} (SPEC section 8): an alert nobody acknowledged is sent
 * again to its people every {@code after}, at most {@code times} times; one interval after the
 * last re-send it passes on to the role {@code then} names for each role it reached (and that
 * role's people get the same cycle), until a role has no next. An acknowledgement stops it.
 *
 * @param enabled false: nothing is re-sent
 * @param after   the interval between rounds, counted from when the previous round went out
 * @param times   re-sends per role before passing on
 * @param then    the next role of each role
 */
public record Renotify(boolean enabled, Duration after, int times, Map<Role, Role> then) {

    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);
    public static final int DEFAULT_TIMES = 3;
    /** 三员联动 in order: the watcher knocks, the liaison phones, the guardian goes in, then property. */
    public static final Map<Role, Role> DEFAULT_THEN = Map.of(
            Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON,
            Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN,
            Role.SAFETY_GUARDIAN, Role.PROPERTY);
    public static final Renotify DEFAULT = new Renotify(true, DEFAULT_AFTER, DEFAULT_TIMES, DEFAULT_THEN);
    public static final Renotify OFF = new Renotify(false, DEFAULT_AFTER, 0, Map.of());

    public Renotify {
        Objects.requireNonNull(after, "after");
        then = then.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(then));
    }

    /** True for the stages that are re-sent: WARNING, CALL_BACK, VISIT and ALARM. */
    public static boolean renotifies(Stage stage) {
        return stage == Stage.WARNING || stage == Stage.CALL_BACK || stage == Stage.VISIT || stage == Stage.ALARM;
    }
}

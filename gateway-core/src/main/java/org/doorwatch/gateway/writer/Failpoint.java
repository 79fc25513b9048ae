package org.doorwatch.gateway.writer;

import java.util.List;
import org.doorwatch.domain.EventType;

/**
 * A fault injected into the writer's loop, so that tests can show what a dead or stuck writer does
 * to {@code /health} and to the process (issue 19). Off unless the system property
 * {@code doorwatch.failpoint} (or GatewayOptions) names one:
 * <ul>
 *   <li>{@code writer-dies-on:<TYPE>}: the loop throws when a batch holds an event of that type,
 *       outside the per-command guard, as a bug in the loop itself would;</li>
 *   <li>{@code writer-hangs-on:<TYPE>}: the loop blocks for good, as a deadlock would.</li>
 * </ul>
 */
final class Failpoint {

    static final Failpoint NONE = new Failpoint(null, null);

    private final String action;
    private final EventType type;

    private Failpoint(String action, EventType type) {
        this.action = action;
        this.type = type;
    }

    static Failpoint parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        int colon = spec.indexOf(':');
        String action = colon < 0 ? spec : spec.substring(0, colon);
        if (colon < 0 || !(action.equals("writer-dies-on") || action.equals("writer-hangs-on"))) {
            throw new IllegalArgumentException("doorwatch.failpoint: expected writer-dies-on:<TYPE> or "
                    + "writer-hangs-on:<TYPE>, found '" + spec + "'");
        }
        try {
            return new Failpoint(action, EventType.valueOf(spec.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("doorwatch.failpoint: unknown event type '" + spec.substring(colon + 1) + "'");
        }
    }

    /** Called with each batch before the tick; does nothing unless the batch holds the event type. */
    void at(List<Command> batch) throws InterruptedException {
        if (type == null || batch.stream().noneMatch(c -> c instanceof Command.Event e && e.event().type() == type)) {
            return;
        }
        if (action.equals("writer-dies-on")) {
            throw new IllegalStateException("failpoint writer-dies-on:" + type);
        }
        Thread.sleep(Long.MAX_VALUE); // writer-hangs-on
    }
}

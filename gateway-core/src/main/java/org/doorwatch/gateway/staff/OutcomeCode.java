package org.doorwatch.gateway.staff;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.doorwatch.domain.EventType;

/**
 * What staff found when they called or visited (issue 7), and what it does to the escalation
 * (SPEC section 6): a resident reached or seen well counts as CONFIRMED_WELL (the clock
 * restarts); away with family or in hospital marks the household AWAY (stages stop until the
 * optional end); the others are recorded only and the escalation goes on.
 */
enum OutcomeCode {
    REACHED_OK("reached-ok", EventType.CONFIRMED_WELL),
    VISITED_OK("visited-ok", EventType.CONFIRMED_WELL),
    AWAY_WITH_FAMILY("away-with-family", EventType.AWAY),
    IN_HOSPITAL("in-hospital", EventType.AWAY),
    REACHED_NEEDS_HELP("reached-needs-help", null),
    VISITED_EMERGENCY("visited-emergency", null),
    NO_ANSWER("no-answer", null);

    private final String code;
    private final EventType effect;

    OutcomeCode(String code, EventType effect) {
        this.code = code;
        this.effect = effect;
    }

    public String code() {
        return code;
    }

    /** The staff action it amounts to, or null when it changes nothing. */
    public EventType effect() {
        return effect;
    }

    /** The code {@code text}, or null. */
    public static OutcomeCode of(String text) {
        for (OutcomeCode c : values()) {
            if (c.code.equals(text)) {
                return c;
            }
        }
        return null;
    }

    public static String valid() {
        return Arrays.stream(values()).map(OutcomeCode::code).collect(Collectors.joining(", "));
    }
}

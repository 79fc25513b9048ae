package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code visitor-frequency} (SPEC section 7): many visitors to a rental household within a
 * window, a NOTICE for police. The logic: {@code org.doorwatch.rules.VisitorFrequencyRule}.
 *
 * <p>{@code visitor-frequency.NOTICE} fills {@code address}, {@code household},
 * {@code device}, {@code count}, {@code window}, {@code firstVisit}, {@code lastVisit}.
 */
public final class VisitorFrequencyDefinition {

    public static final String NAME = "visitor-frequency";

    /** The household tag the rule watches. */
    public static final String TAG = "rental";
    /** {@link RuleSettings#visitorCount()}: this many VISITOR_CALL/VISITOR_ADMITTED ... */
    static final int DEFAULT_COUNT = 10;
    /** {@link RuleSettings#visitorWindow()}: ... within this window. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.NOTICE, Channels.POLICE)
            .text("NOTICE", "{address}（出租房屋）{window}内访客{count}次（{firstVisit}至{lastVisit}）");

    private VisitorFrequencyDefinition() {}
}

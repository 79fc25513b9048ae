package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code access-denied-burst} (SPEC section 7): many ACCESS_DENIED on one device within a
 * window. The logic: {@code org.doorwatch.rules.AccessDeniedBurstRule}.
 *
 * <p>{@code access-denied-burst.ALARM} fills {@code address}, {@code household},
 * {@code device}, {@code count}, {@code window}, {@code firstDenial}, {@code lastDenial}.
 */
public final class AccessDeniedBurstDefinition {

    public static final String NAME = "access-denied-burst";

    /** {@link RuleSettings#deniedBurstCount()}: this many ACCESS_DENIED on one device ... */
    static final int DEFAULT_COUNT = 5;
    /** {@link RuleSettings#deniedBurstWindow()}: ... within this window. */
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY, Channels.POLICE)
            .text("ALARM", "{address} 设备 {device} {window}内拒绝开门{count}次（{firstDenial}至{lastDenial}）");

    private AccessDeniedBurstDefinition() {}
}

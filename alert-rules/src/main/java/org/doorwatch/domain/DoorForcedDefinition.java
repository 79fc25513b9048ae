package org.doorwatch.domain;

/**
 * {@code door-forced} (SPEC section 7): every DOOR_FORCED is an ALARM. No parameters. The
 * logic: {@code org.doorwatch.rules.DoorForcedRule}.
 *
 * <p>{@code door-forced.ALARM} fills {@code address}, {@code household}, {@code device} and
 * {@code eventTime}.
 */
public final class DoorForcedDefinition {

    public static final String NAME = "door-forced";

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY, Channels.POLICE)
            .text("ALARM", "{address} 门被强行打开（设备 {device}，{eventTime}）");

    private DoorForcedDefinition() {}
}

package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code door-held-open} (SPEC section 7): a door open too long, by the gateway's timer or by
 * the device's own report. The logic: {@code org.doorwatch.rules.DoorHeldOpenRule}.
 *
 * <p>Texts fill {@code address}, {@code household}, {@code device} and: ALARM
 * {@code trigger}, {@code openSince}, then {@code heldOpenAfter} (timer) or {@code reportedAt}
 * (device report), and {@code reason}, the text of {@code door-held-open.reason.<trigger>}
 * rendered with the same values; RESOLVED {@code openSince}, {@code closedAt}.
 */
public final class DoorHeldOpenDefinition {

    public static final String NAME = "door-held-open";

    /** {@link RuleSettings#heldOpenAfter()}: a DOOR_OPENED with no DOOR_CLOSED for this long. */
    static final Duration DEFAULT_AFTER = Duration.ofSeconds(120);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY)
            .text("ALARM", "{address} 门开启未关（设备 {device}，{openSince}起）：{reason}")
            .text("reason.DOOR_OPENED", "超过{heldOpenAfter}未关闭")
            .text("reason.DOOR_HELD_OPEN", "设备报告门长时间未关")
            .text("RESOLVED", "{address} 门已关闭，未关门报警解除（设备 {device}，{closedAt}关闭）");

    private DoorHeldOpenDefinition() {}
}

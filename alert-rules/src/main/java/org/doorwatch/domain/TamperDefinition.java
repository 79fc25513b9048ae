package org.doorwatch.domain;

/**
 * {@code tamper} (SPEC section 7): every TAMPER or DEVICE_FAULT is an ALARM. No parameters.
 * The logic: {@code org.doorwatch.rules.TamperRule}.
 *
 * <p>{@code tamper.ALARM} fills {@code address}, {@code household}, {@code device},
 * {@code trigger}, {@code eventTime} and {@code reason}, the text of
 * {@code tamper.reason.TAMPER} or {@code tamper.reason.DEVICE_FAULT}.
 */
public final class TamperDefinition {

    public static final String NAME = "tamper";

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY)
            .text("ALARM", "{address} 设备 {device} {reason}（{eventTime}）")
            .text("reason.TAMPER", "被拆或被破坏")
            .text("reason.DEVICE_FAULT", "报告故障");

    private TamperDefinition() {}
}

package org.doorwatch.domain;

/**
 * {@code elderly-inactivity} (SPEC section 6): the escalation of a household's silence. Its
 * thresholds are the household's policy ({@link Inactivity}), not {@link RuleSettings}. The
 * logic: {@code org.doorwatch.rules.ElderlyInactivityRule}.
 *
 * <p>Texts, keyed {@code elderly-inactivity.<STAGE>}, fill {@code address}, {@code household},
 * {@code elapsed} (the silence, e.g. {@code 24小时}), {@code stage} (e.g. {@code 预警}),
 * {@code lastActivity} (local time); RESOLVED also {@code reason}, the text of
 * {@code elderly-inactivity.reason.<EVENT>} for the event that ended the episode.
 */
public final class ElderlyInactivityDefinition {

    public static final String NAME = "elderly-inactivity";

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.WARNING, Channels.PROPERTY)
            .route(Stage.CALL_BACK, Channels.PROPERTY, Channels.COMMUNITY)
            .route(Stage.VISIT, Channels.PROPERTY, Channels.COMMUNITY, Channels.POLICE)
            .text("WARNING", "{address} 已{elapsed}未开门")
            .text("CALL_BACK", "{address} 已{elapsed}未开门，请电话回访")
            .text("VISIT", "{address} 已{elapsed}未开门，请上门询问")
            .text("RESOLVED", "{address} 警报解除：{reason}")
            .text("reason.DOOR_OPENED", "门已打开")
            .text("reason.ACCESS_GRANTED", "已刷卡进出")
            .text("reason.CONFIRMED_WELL", "工作人员确认平安")
            .text("reason.AWAY", "已登记外出");

    private ElderlyInactivityDefinition() {}
}

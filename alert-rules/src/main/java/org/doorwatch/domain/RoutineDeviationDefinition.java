package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code routine-deviation} (SPEC section 11): a gentle NOTICE, hours before the 24 h WARNING,
 * when a household's present silence is longer than it ever had at that time of day. Its
 * settings are the household's policy ({@link Routine}, {@code routine: {}}), not
 * {@link RuleSettings}. The logic: {@code org.doorwatch.rules.RoutineDeviationRule}; the learned
 * half: {@code org.doorwatch.rules.RoutineProfile}.
 *
 * <p>Default route: NOTICE to property; SPEC 11's neighbour watcher (邻里互望员, the role
 * {@code neighbour-watcher} of SPEC 8) is added with the other default roles when the config
 * has people ({@code org.doorwatch.notify.RoleRoutes}).
 *
 * <p>Texts are worded for a neighbour. {@code routine-deviation.NOTICE} fills {@code address},
 * {@code household}, {@code lastActivity} (local date and time), {@code elapsed} (the silence so
 * far, e.g. {@code 13小时}), {@code usualBy} (the time of day by which the household usually has
 * opened its door, rounded up to the half hour: {@code 8 点}, {@code 8 点半}), {@code daysLearned}
 * and {@code silence}: the text of {@code routine-deviation.silence.today} when the silence began
 * on an earlier day, else of {@code routine-deviation.silence.since}, which fills {@code since}
 * (the last activity's local time, {@code 10:05}). RESOLVED fills {@code address},
 * {@code household}, {@code lastActivity}, {@code elapsed} and {@code reason}, the text of
 * {@code routine-deviation.reason.<EVENT>}.
 */
public final class RoutineDeviationDefinition {

    public static final String NAME = "routine-deviation";

    /** {@link Routine#learnDays()} (SPEC 11). */
    static final int DEFAULT_LEARN_DAYS = 28;
    /** {@link Routine#minDays()} (SPEC 11). */
    static final int DEFAULT_MIN_DAYS = 14;
    /** {@link Routine#marginMin()}: tuned on simulated communities (BENCHMARKS.md, "Routine deviation"). */
    static final Duration DEFAULT_MARGIN_MIN = Duration.ofHours(1);
    /** {@link Routine#marginFraction()}: tuned likewise. */
    static final double DEFAULT_MARGIN_FRACTION = 0.5;
    /** {@link Routine#later()}: tuned likewise. */
    static final Duration DEFAULT_LATER = Duration.ofMinutes(90);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.NOTICE, Channels.PROPERTY)
            .text("NOTICE", "{address} {silence}，平时 {usualBy}前会出门")
            .text("silence.today", "今天到现在还没有开门")
            .text("silence.since", "{since}以后还没有开门")
            .text("RESOLVED", "{address} 提醒解除：{reason}")
            .text("reason.DOOR_OPENED", "门已打开")
            .text("reason.ACCESS_GRANTED", "已刷卡进出")
            .text("reason.CONFIRMED_WELL", "工作人员确认平安")
            .text("reason.AWAY", "已登记外出");

    private RoutineDeviationDefinition() {}
}

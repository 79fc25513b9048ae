package org.doorwatch.domain;

import java.time.LocalTime;

/**
 * {@code watch-window} (SPEC section 7): activity of a watched household inside a local-time
 * window, a NOTICE for police. The logic: {@code org.doorwatch.rules.WatchWindowRule}.
 *
 * <p>{@code watch-window.NOTICE} fills {@code address}, {@code household}, {@code device},
 * {@code trigger}, {@code windowFrom}, {@code windowTo}, {@code eventTime} and {@code reason},
 * the text of {@code watch-window.reason.<trigger>}.
 */
public final class WatchWindowDefinition {

    public static final String NAME = "watch-window";

    /** The household tag the rule watches. */
    public static final String TAG = "watch";
    /** {@link RuleSettings#watchFrom()}: start of the local-time window (inclusive). */
    static final LocalTime DEFAULT_FROM = LocalTime.of(23, 0);
    /** {@link RuleSettings#watchTo()}: end of the window (exclusive); at or before the start, it crosses midnight. */
    static final LocalTime DEFAULT_TO = LocalTime.of(5, 0);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.NOTICE, Channels.POLICE)
            .text("NOTICE", "{address}（重点关注）在{windowFrom}至{windowTo}时段{reason}（设备 {device}，{eventTime}）")
            .text("reason.DOOR_OPENED", "开门")
            .text("reason.ACCESS_GRANTED", "刷卡进出");

    private WatchWindowDefinition() {}
}

package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code device-offline} (SPEC section 7): a configured device silent for too long. The logic:
 * {@code org.doorwatch.rules.DeviceOfflineRule}.
 *
 * <p>Texts fill {@code address}, {@code household}, {@code device} and: ALARM
 * {@code lastHeard}, {@code offlineAfter}; RESOLVED {@code lastHeard}, {@code heardAt},
 * {@code heardBy}.
 */
public final class DeviceOfflineDefinition {

    public static final String NAME = "device-offline";

    /** {@link RuleSettings#offlineAfter()}: no event at all from a device for this long. */
    static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY)
            .text("ALARM", "{address} 设备 {device} 离线：自{lastHeard}起{offlineAfter}无任何消息")
            .text("RESOLVED", "{address} 设备 {device} 恢复在线（{heardAt}收到消息），离线报警解除");

    private DeviceOfflineDefinition() {}
}

package org.doorwatch.domain;

import java.time.Duration;

/**
 * {@code device-offline} (SPEC section 7): a configured device silent for too long. The logic:
 * {@code org.doorwatch.rules.DeviceOfflineRule}.
 *
 * <p>Texts fill {@code address}, {@code household}, {@code device} and: ALARM
 * {@code lastHeard}, {@code offlineAfter}; RESOLVED {@code lastHeard}, {@code heardAt},
 * {@code heardBy}. A flapping device ({@code flapping.ALARM}): {@code lastHeard},
 * {@code offlineAfter}, {@code backAt} (its previous return), {@code flapWindow};
 * {@code flapping.RESOLVED}: {@code since}, {@code outages}, {@code stableSince},
 * {@code stableFor}. A group ({@code group.ALARM}; {@code address} is 公共区域, no
 * {@code device}): {@code group} ({@code port:bus-3}, {@code building:3}, {@code site}),
 * {@code count}, {@code since}, {@code devices} (at most 100 ids), {@code window}, and
 * {@code groupName} (端口 bus-3, 3号楼, 全小区) and {@code deviceList} (the first ten ids, 等N台);
 * {@code group.RESOLVED}: {@code group}, {@code since}, {@code heardAt}, {@code groupName}.
 */
public final class DeviceOfflineDefinition {

    public static final String NAME = "device-offline";

    /** {@link RuleSettings#offlineAfter()}: no event at all from a device for this long. */
    static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);

    /**
     * Built in for door contacts ({@link DeviceKinds}): battery devices reporting about once an
     * hour; three reports missed in a row, plus slack.
     */
    static final Duration DOOR_CONTACT_AFTER = Duration.ofHours(4);

    /**
     * Flapping: a device that falls silent again less than this after it came back from an
     * alarmed silence raises one ALARM that stays open ({@link RuleSettings#flapWindow()}).
     */
    static final Duration DEFAULT_FLAP_WINDOW = Duration.ofHours(1);

    /** Flapping: the ALARM resolves once the device has been back this long (and at least offlineAfter). */
    static final Duration DEFAULT_STABLE_FOR = Duration.ofHours(1);

    /** Grouping: this many devices of one port, building or the site offline together raise one alarm. */
    static final int DEFAULT_GROUP_MIN = 3;

    /** Grouping: "together" means their silences began within this span of each other. */
    static final Duration DEFAULT_GROUP_WINDOW = Duration.ofHours(1);

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.ALARM, Channels.PROPERTY)
            .text("ALARM", "{address} 设备 {device} 离线：自{lastHeard}起{offlineAfter}无任何消息")
            .text("RESOLVED", "{address} 设备 {device} 恢复在线（{heardAt}收到消息），离线报警解除")
            .text("flapping.ALARM", "{address} 设备 {device} 反复离线：{backAt}恢复后不到{flapWindow}又无消息（自{lastHeard}起），稳定在线后解除")
            .text("flapping.RESOLVED", "{address} 设备 {device} 已稳定在线{stableFor}（自{stableSince}起），反复离线报警解除，期间离线{outages}次")
            .text("group.ALARM", "{groupName} {count}台设备同时离线（最早自{since}起无消息）：{deviceList}")
            .text("group.RESOLVED", "{groupName} 离线设备已全部恢复在线（{heardAt}），离线报警解除");

    private DeviceOfflineDefinition() {}
}

package org.doorwatch.domain;

/**
 * {@code tenant-expired} (SPEC section 7): a credential still used after its tenancy ended, a
 * NOTICE. No parameters: the tenancies are the config's. The logic:
 * {@code org.doorwatch.rules.TenantExpiredRule}.
 *
 * <p>{@code tenant-expired.NOTICE} fills {@code address}, {@code household}, {@code device},
 * {@code credential} (masked, e.g. {@code card:••3C91}), {@code tenancyEnded},
 * {@code eventTime}.
 */
public final class TenantExpiredDefinition {

    public static final String NAME = "tenant-expired";

    static final RuleDefinition DEFINITION = RuleDefinition.named(NAME)
            .route(Stage.NOTICE, Channels.PROPERTY, Channels.POLICE)
            .text("NOTICE", "{address} 租约已于{tenancyEnded}到期，凭证 {credential} 仍在刷卡进出（设备 {device}，{eventTime}）");

    private TenantExpiredDefinition() {}
}

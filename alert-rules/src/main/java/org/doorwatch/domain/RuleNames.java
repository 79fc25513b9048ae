package org.doorwatch.domain;

import java.util.List;

/**
 * Rule ids as they appear in alerts, routes and config (SPEC sections 6, 7 and 11): an index of the
 * rules' definitions, which own them ({@link ElderlyInactivityDefinition#NAME}, ...).
 */
public final class RuleNames {
    public static final String ELDERLY_INACTIVITY = ElderlyInactivityDefinition.NAME;
    public static final String DOOR_FORCED = DoorForcedDefinition.NAME;
    public static final String DOOR_HELD_OPEN = DoorHeldOpenDefinition.NAME;
    public static final String TAMPER = TamperDefinition.NAME;
    public static final String ACCESS_DENIED_BURST = AccessDeniedBurstDefinition.NAME;
    public static final String DEVICE_OFFLINE = DeviceOfflineDefinition.NAME;
    public static final String VISITOR_FREQUENCY = VisitorFrequencyDefinition.NAME;
    public static final String TENANT_EXPIRED = TenantExpiredDefinition.NAME;
    public static final String WATCH_WINDOW = WatchWindowDefinition.NAME;
    public static final String ROUTINE_DEVIATION = RoutineDeviationDefinition.NAME;

    /** Every rule id, in SPEC order. */
    public static final List<String> ALL = List.copyOf(RuleDefinition.all().stream().map(RuleDefinition::name).toList());

    private RuleNames() {}
}

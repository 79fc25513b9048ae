package org.doorwatch.domain;

import java.util.List;

/** Rule ids as they appear in alerts, routes and config (SPEC sections 6 and 7). */
public final class RuleNames {
    public static final String ELDERLY_INACTIVITY = "elderly-inactivity";
    public static final String DOOR_FORCED = "door-forced";
    public static final String DOOR_HELD_OPEN = "door-held-open";
    public static final String TAMPER = "tamper";
    public static final String ACCESS_DENIED_BURST = "access-denied-burst";
    public static final String DEVICE_OFFLINE = "device-offline";
    public static final String VISITOR_FREQUENCY = "visitor-frequency";
    public static final String TENANT_EXPIRED = "tenant-expired";
    public static final String WATCH_WINDOW = "watch-window";

    public static final List<String> ALL = List.of(
            ELDERLY_INACTIVITY, DOOR_FORCED, DOOR_HELD_OPEN, TAMPER, ACCESS_DENIED_BURST,
            DEVICE_OFFLINE, VISITOR_FREQUENCY, TENANT_EXPIRED, WATCH_WINDOW);

    private RuleNames() {}
}

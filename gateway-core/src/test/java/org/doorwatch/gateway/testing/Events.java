package org.doorwatch.gateway.testing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Default-profile event payloads (SPEC section 4). */
public final class Events {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Events() {}

    public static String ts(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.MILLIS).atZone(ZONE));
    }

    public static String opened(Instant t) {
        return "{\"ts\":\"" + ts(t) + "\",\"type\":\"DOOR_OPENED\"}";
    }
}

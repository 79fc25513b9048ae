package org.doorwatch.drivers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.EventType;

/** A typical RS-485 access controller's line format, shared by the decoder and transport tests. */
final class Lines {
    private Lines() {
    }

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-11-22 08:20:00 in Shanghai. */
    static final Instant NOW = Instant.parse("2026-11-22T00:20:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, SHANGHAI);

    /** {@code 2026-11-22 08:15:00,01,G,5A3C91,1}: time, reader address, event code, card, 1 = in / 0 = out. */
    static final String CONTROLLER_REGEX =
            "(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}),(?<device>\\d{2}),(?<type>[A-Z]),(?<credential>[0-9A-Fa-f]*),(?<direction>[01])";

    static AsciiLineSettings.Builder controller() {
        return AsciiLineSettings.builder(CONTROLLER_REGEX)
                .mapDevice("01", "gate-3-in").mapDevice("02", "gate-3-out").mapDevice("03", "door-3-2-501")
                .mapType("O", EventType.DOOR_OPENED).mapType("C", EventType.DOOR_CLOSED)
                .mapType("G", EventType.ACCESS_GRANTED).mapType("D", EventType.ACCESS_DENIED)
                .mapType("F", EventType.DOOR_FORCED).mapType("H", EventType.HEARTBEAT)
                .mapDirection("1", Direction.IN).mapDirection("0", Direction.OUT)
                .timestampFormat("yyyy-MM-dd HH:mm:ss");
    }

    static AsciiLineSettings controllerSettings() {
        return controller().build();
    }
}

package org.doorwatch.drivers;

import java.util.Set;

/**
 * A local serial port: {@code /dev/ttyUSB0}, a udev link such as {@code /dev/door-bus-1}, or {@code COM3}.
 * The port is opened by this path again at every reconnect, so a udev link that follows a
 * re-plugged USB adapter keeps working.
 */
public record SerialSettings(String port, int baud, int dataBits, Parity parity, StopBits stopBits)
        implements TransportSettings {

    private static final Set<Integer> STANDARD_BAUDS =
            Set.of(1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400);

    public SerialSettings {
        var p = new Problems("serial port settings");
        p.check(port != null && !port.isBlank(), "port: expected a device path such as /dev/ttyUSB0, found "
                + (port == null ? "nothing" : "'" + port + "'"));
        p.check(port == null || !port.startsWith("tcp://"), "port: '" + port + "' is a TCP endpoint, not a serial port");
        p.check(STANDARD_BAUDS.contains(baud), "baud: expected one of " + new java.util.TreeSet<>(STANDARD_BAUDS)
                + ", found " + baud);
        p.check(dataBits >= 5 && dataBits <= 8, "dataBits: expected 5 to 8, found " + dataBits);
        p.check(parity != null, "parity: expected NONE, ODD, EVEN, MARK or SPACE, found nothing");
        p.check(stopBits != null, "stopBits: expected ONE, ONE_POINT_FIVE or TWO, found nothing");
        p.throwIfAny();
    }

    /** 8 data bits, no parity, one stop bit: what nearly all door hardware speaks. */
    public static SerialSettings of8N1(String port, int baud) {
        return new SerialSettings(port, baud, 8, Parity.NONE, StopBits.ONE);
    }

    @Override
    public String sourceName() {
        return "serial:" + port;
    }
}

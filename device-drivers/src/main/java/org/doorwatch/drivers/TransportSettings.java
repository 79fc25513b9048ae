package org.doorwatch.drivers;

/**
 * Where the bytes come from: a local serial port, a serial device server over TCP, or a device
 * that speaks UDP itself (an access controller).
 */
public sealed interface TransportSettings permits SerialSettings, TcpEndpoint, UdpEndpoint {

    /** The source name events carry, e.g. {@code serial:/dev/ttyUSB0}. */
    String sourceName();

    /**
     * Parses the {@code port} a config names: {@code tcp://host:port} is a device server, anything
     * else a local serial port with {@code serial}'s line settings.
     */
    static TransportSettings parse(String port, int baud, int dataBits, Parity parity, StopBits stopBits) {
        if (port != null && port.startsWith("tcp://")) {
            return TcpEndpoint.parse(port);
        }
        return new SerialSettings(port, baud, dataBits, parity, stopBits);
    }
}

package org.doorwatch.drivers;

/** Where the bytes come from: a local serial port or a serial device server over TCP. */
public sealed interface TransportSettings permits SerialSettings, TcpEndpoint {

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

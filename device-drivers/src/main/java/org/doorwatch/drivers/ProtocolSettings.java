package org.doorwatch.drivers;

/** What the bytes mean: {@code ascii-line}, {@code modbus-rtu-di} or {@code uhppote}. */
public sealed interface ProtocolSettings permits AsciiLineSettings, ModbusDiSettings, UhppoteSettings {

    /** The protocol's name in the config, e.g. {@code ascii-line}. */
    String protocolName();
}

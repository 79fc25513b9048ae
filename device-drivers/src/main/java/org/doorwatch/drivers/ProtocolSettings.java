package org.doorwatch.drivers;

/** What the bytes mean: {@code ascii-line} or {@code modbus-rtu-di}. */
public sealed interface ProtocolSettings permits AsciiLineSettings, ModbusDiSettings {

    /** The protocol's name in the config, e.g. {@code ascii-line}. */
    String protocolName();
}

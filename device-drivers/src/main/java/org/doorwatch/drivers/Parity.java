package org.doorwatch.drivers;

import com.fazecast.jSerialComm.SerialPort;

/** Serial parity. Door hardware is almost always {@link #NONE} (8N1); some Modbus modules ship 8E1. */
public enum Parity {
    NONE(SerialPort.NO_PARITY),
    ODD(SerialPort.ODD_PARITY),
    EVEN(SerialPort.EVEN_PARITY),
    MARK(SerialPort.MARK_PARITY),
    SPACE(SerialPort.SPACE_PARITY);

    final int jSerialComm;

    Parity(int jSerialComm) {
        this.jSerialComm = jSerialComm;
    }
}

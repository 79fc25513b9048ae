package org.doorwatch.drivers;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/**
 * One open serial port (jSerialComm). Opened by path every time, never reused across a close:
 * jSerialComm resolves a link such as {@code /dev/door-bus} to {@code /dev/ttyUSB0} when the port
 * object is made, and a re-plugged adapter (or a restarted socat) gets a new target.
 *
 * <p>Measured on Linux ptys (see PITFALLS): when the other side disappears, {@code readBytes}
 * returns -1 (errno 5, EIO) while {@code isOpen()} stays true, and {@code writeBytes} returns 0,
 * not -1. Both are treated here as the port being gone; a write loop that only checks for -1
 * spins forever, which is why the Modbus path does not use the library's serial transport.
 */
final class SerialConnection implements AutoCloseable {

    /** Receives bytes on the reading thread. */
    interface Reader {
        void onBytes(byte[] data, int count);
    }

    /** How long a read waits for data before checking whether the port was closed. */
    private static final int READ_TIMEOUT_MS = 200;
    private static final int WRITE_TIMEOUT_MS = 1000;

    private final SerialSettings settings;
    private final SerialPort port;
    private volatile boolean closing;
    private volatile String deathReason;

    private SerialConnection(SerialSettings settings, SerialPort port) {
        this.settings = settings;
        this.port = port;
    }

    /** Opens the port; the exception message says why it could not. */
    static SerialConnection open(SerialSettings settings) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no such port " + settings.port());
        }
        port.setComPortParameters(settings.baud(), settings.dataBits(), settings.stopBits().jSerialComm,
                settings.parity().jSerialComm);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS, WRITE_TIMEOUT_MS);
        if (!port.openPort()) {
            int errno = port.getLastErrorCode();
            throw new IOException("cannot open " + settings.port() + ": " + errnoText(errno));
        }
        return new SerialConnection(settings, port);
    }

    /**
     * Reads until the port fails or is closed, on the calling thread.
     *
     * @return why reading stopped
     */
    String readUntilClosed(Reader reader) {
        byte[] buffer = new byte[1024];
        while (!closing) {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                if (closing) {
                    break;
                }
                deathReason = "read failed on " + settings.port() + " (" + errnoText(port.getLastErrorCode()) + "): port gone";
                return deathReason;
            }
            if (n > 0) {
                reader.onBytes(buffer, n);
            }
        }
        deathReason = "closed";
        return deathReason;
    }

    /** Writes all of {@code data} or throws; never spins on a dead port. */
    void write(byte[] data) throws IOException {
        int written = 0;
        while (written < data.length) {
            if (closing || deathReason != null) {
                throw new IOException("port " + settings.port() + " is closed");
            }
            int n = port.writeBytes(data, data.length - written, written);
            if (n <= 0) {
                // 0 is what jSerialComm returns when the device went away (EIO) or the write timed out.
                throw new IOException("write failed on " + settings.port() + " (" + errnoText(port.getLastErrorCode()) + ")");
            }
            written += n;
        }
    }

    boolean isAlive() {
        return !closing && deathReason == null && port.isOpen();
    }

    String deathReason() {
        return deathReason;
    }

    /** Closes the port; a read in progress returns within its timeout. */
    @Override
    public void close() {
        closing = true;
        port.closePort();
    }

    static String errnoText(int errno) {
        return switch (errno) {
            case 0 -> "no error code";
            case 2 -> "errno 2, no such file";
            case 5 -> "errno 5, I/O error";
            case 13 -> "errno 13, permission denied (is the user in group dialout?)";
            case 16 -> "errno 16, busy (another process has it open)";
            case 19 -> "errno 19, no such device";
            case 25 -> "errno 25, not a serial port";
            default -> "errno " + errno;
        };
    }
}

package org.doorwatch.drivers;

import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.client.ModbusRtuClientTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digitalpetri {@link ModbusRtuClientTransport} over a {@link SerialConnection}; framing and
 * CRC stay the library's, behind {@link RtuReplyFramer}.
 *
 * <p>Why not the library's {@code SerialPortClientTransport}: its write loop retries while
 * {@code writeBytes} returns anything but -1, and jSerialComm returns 0 when the device went away,
 * so one poll after a USB adapter is pulled spins a core forever; and it reports a dead port as
 * connected ({@code isOpen()} stays true). This one fails the write and reports the port gone.
 */
final class SerialRtuTransport implements ModbusRtuClientTransport {
    private static final Logger log = LoggerFactory.getLogger(SerialRtuTransport.class);

    private final SerialSettings settings;
    private final AtomicReference<Consumer<ModbusRtuFrame>> receiver = new AtomicReference<>();
    private final RtuReplyFramer parser;
    private volatile SerialConnection connection;
    private volatile String lastFailure;

    SerialRtuTransport(SerialSettings settings) {
        this.settings = settings;
        this.parser = new RtuReplyFramer(settings.port(), frame -> {
            Consumer<ModbusRtuFrame> r = receiver.get();
            if (r != null) {
                r.accept(frame);
            }
        });
    }

    @Override
    public synchronized CompletableFuture<Void> connect() {
        if (connection != null && connection.isAlive()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            SerialConnection c = SerialConnection.open(settings);
            parser.reset();
            connection = c;
            Thread reader = new Thread(() -> {
                lastFailure = c.readUntilClosed(parser::onBytes);
            }, "modbus-serial " + settings.port());
            reader.setDaemon(true);
            reader.start();
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            lastFailure = e.getMessage();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized CompletableFuture<Void> disconnect() {
        SerialConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
        SerialConnection c = connection;
        return c != null && c.isAlive();
    }

    /** Why the port failed last, or null; the reader's account (e.g. EIO: port gone) wins over a failed write's. */
    String lastFailure() {
        SerialConnection c = connection;
        String died = c == null ? null : c.deathReason();
        return died != null && !died.equals("closed") ? died : lastFailure;
    }

    @Override
    public CompletionStage<Void> send(ModbusRtuFrame frame) {
        SerialConnection c = connection;
        if (c == null) {
            return CompletableFuture.failedFuture(new IOException("port " + settings.port() + " is not open"));
        }
        ByteBuffer pdu = frame.pdu().duplicate();
        ByteBuffer crc = frame.crc().duplicate();
        byte[] data = new byte[1 + pdu.remaining() + crc.remaining()];
        data[0] = (byte) frame.unitId();
        pdu.get(data, 1, pdu.remaining());
        crc.get(data, data.length - 2, 2);
        // Whatever arrived before this request answers nothing we still wait for.
        parser.reset();
        try {
            c.write(data);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            lastFailure = e.getMessage();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void receive(Consumer<ModbusRtuFrame> frameReceiver) {
        receiver.set(frameReceiver);
    }

    @Override
    public void resetFrameParser() {
        parser.reset();
    }
}

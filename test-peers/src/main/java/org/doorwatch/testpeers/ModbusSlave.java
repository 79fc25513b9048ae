package org.doorwatch.testpeers;

import static org.awaitility.Awaitility.await;

import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import com.digitalpetri.modbus.server.ModbusServerConfig;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyRtuServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digital-input modules on an RS-485 bus, played by the digitalpetri Modbus RTU server (the
 * library's own slave side) on a serial port (one end of a {@link PtyPair}) or behind TCP (a
 * serial device server). Each unit has its own process image of discrete inputs (function code
 * 02) and coils (01); inputs may be set before the slave starts and keep their values across a
 * stop and a start. A muted unit does not answer at all, like a module whose bus wire came loose.
 */
public final class ModbusSlave implements AutoCloseable {

    private final Map<Integer, ProcessImage> units = new ConcurrentHashMap<>();
    private final Set<Integer> muted = ConcurrentHashMap.newKeySet();
    private ModbusRtuServer server;
    /** Where {@link #startTcp} listens, until {@link #stop}; null on a serial port. */
    private InetSocketAddress listening;

    /** Modules with these unit ids, every input off; not started. */
    public ModbusSlave(int... unitIds) {
        for (int u : unitIds) {
            units.put(u, new ProcessImage());
        }
    }

    /** Answers on a serial port, e.g. {@link PtyPair#deviceEnd()}. */
    public ModbusSlave startSerial(String port, int baud) throws Exception {
        return start(SerialPortServerTransport.create(cfg -> cfg.setSerialPort(port).setBaudRate(baud)));
    }

    /** Answers RTU frames over TCP on {@code host:port}, like a serial device server with the bus behind it. */
    public synchronized ModbusSlave startTcp(String host, int port) throws Exception {
        start(NettyRtuServerTransport.create(cfg -> cfg.setBindAddress(host).setPort(port)));
        listening = new InetSocketAddress(host, port);
        return this;
    }

    private synchronized ModbusSlave start(ModbusRtuServerTransport transport) throws Exception {
        if (server != null) {
            throw new IllegalStateException("the Modbus slave is already started");
        }
        var services = new ReadWriteModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return muted.contains(unitId) ? Optional.empty() : Optional.ofNullable(units.get(unitId));
            }
        };
        ModbusRtuServer s = new ModbusRtuServer(ModbusServerConfig.create(cfg -> { }), transport, services);
        s.start();
        server = s;
        return this;
    }

    /** Sets a discrete input (function code 02): for a normally-closed contact, on = door shut. */
    public void discreteInput(int unit, int address, boolean on) {
        image(unit).with(tx -> tx.writeDiscreteInputs(m -> m.put(address, on)));
    }

    /** Sets a coil (function code 01). */
    public void coil(int unit, int address, boolean on) {
        image(unit).with(tx -> tx.writeCoils(m -> m.put(address, on)));
    }

    /** A muted unit does not answer; unmuted, it answers with its inputs as they are now. */
    public void mute(int unit, boolean mute) {
        image(unit);
        if (mute) {
            muted.add(unit);
        } else {
            muted.remove(unit);
        }
    }

    private ProcessImage image(int unit) {
        ProcessImage image = units.get(unit);
        if (image == null) {
            throw new IllegalArgumentException("no unit " + unit + " on this bus; units: " + units.keySet());
        }
        return image;
    }

    /** Stops answering and frees the port; {@code startSerial}/{@code startTcp} may follow. */
    public synchronized void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (listening != null) {
            // Netty reports the listener closed before the selector has let go of its socket, and
            // the port stays taken for a moment: wait, so a start right after a stop can bind.
            InetSocketAddress a = listening;
            listening = null;
            await("Modbus slave's port " + a + " released").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(10)).until(() -> !Ports.accepting(a.getHostString(), a.getPort()));
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}

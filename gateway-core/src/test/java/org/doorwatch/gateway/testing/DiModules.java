package org.doorwatch.gateway.testing;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import com.digitalpetri.modbus.server.ModbusServerConfig;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digital-input modules on an RS-485 bus, played by the digitalpetri Modbus RTU server (the
 * library's own slave side) over its serial or TCP server transport. Each unit has its own
 * process image of discrete inputs.
 */
public final class DiModules implements AutoCloseable {
    private final Map<Integer, ProcessImage> units = new ConcurrentHashMap<>();
    private ModbusRtuServer server;

    public DiModules(int... unitIds) {
        for (int u : unitIds) {
            units.put(u, new ProcessImage());
        }
    }

    public DiModules start(ModbusRtuServerTransport transport) throws Exception {
        var services = new ReadWriteModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return Optional.ofNullable(units.get(unitId));
            }
        };
        server = new ModbusRtuServer(ModbusServerConfig.create(cfg -> { }), transport, services);
        server.start();
        return this;
    }

    /** Sets a discrete input (function code 02): for a normally-closed contact, on = door shut. */
    public void input(int unit, int address, boolean on) {
        units.get(unit).with(tx -> tx.writeDiscreteInputs(m -> m.put(address, on)));
    }

    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}

package org.doorwatch.drivers;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import com.digitalpetri.modbus.server.ModbusServerConfig;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digital-input modules played by the digitalpetri Modbus RTU server over any of its RTU server
 * transports (serial port or TCP). Each unit has its own process image; a unit can be muted, and
 * then does not answer at all, like a module whose bus wire came loose.
 */
final class ModbusSlave implements AutoCloseable {
    private final Map<Integer, ProcessImage> units = new ConcurrentHashMap<>();
    private final Set<Integer> muted = ConcurrentHashMap.newKeySet();
    private ModbusRtuServer server;

    ModbusSlave(int... unitIds) {
        for (int u : unitIds) {
            units.put(u, new ProcessImage());
        }
    }

    ModbusSlave start(ModbusRtuServerTransport transport) throws Exception {
        var services = new ReadWriteModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return muted.contains(unitId) ? Optional.empty() : Optional.ofNullable(units.get(unitId));
            }
        };
        server = new ModbusRtuServer(ModbusServerConfig.create(cfg -> { }), transport, services);
        server.start();
        return this;
    }

    void discreteInput(int unit, int address, boolean on) {
        units.get(unit).with(tx -> tx.writeDiscreteInputs(m -> m.put(address, on)));
    }

    void coil(int unit, int address, boolean on) {
        units.get(unit).with(tx -> tx.writeCoils(m -> m.put(address, on)));
    }

    void mute(int unit, boolean mute) {
        if (mute) {
            muted.add(unit);
        } else {
            muted.remove(unit);
        }
    }

    void stop() throws Exception {
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

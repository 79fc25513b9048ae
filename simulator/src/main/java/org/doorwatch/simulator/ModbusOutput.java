package org.doorwatch.simulator;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import com.digitalpetri.modbus.server.ModbusServerConfig;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.InputBinding;
import org.doorwatch.drivers.ModbusDiSettings;
import org.doorwatch.drivers.ModbusModule;

/**
 * A bus of digital-input modules ({@code modbus-rtu-di}), played by the digitalpetri Modbus RTU
 * server over a serial port or TCP: every door starts closed; DOOR_OPENED and DOOR_CLOSED flip
 * the door's input (normally-closed contacts read 1 while closed). A module all of whose doors
 * are inside an outage stops answering, so the gateway sees it die and come back. Other event
 * types cannot travel over a contact and are skipped.
 */
final class ModbusOutput implements Output {

    private record Wire(int unit, int functionCode, int address, boolean normallyClosed) {}

    private final String transport;
    private final ModbusRtuServer server;
    private final Map<Integer, ProcessImage> units = new ConcurrentHashMap<>();
    private final Set<Integer> muted = ConcurrentHashMap.newKeySet();
    private final Map<String, Wire> wires = new HashMap<>();
    private final Map<Integer, java.util.List<String>> devicesOfUnit = new HashMap<>();

    ModbusOutput(String transport, ModbusDiSettings settings, ModbusRtuServerTransport serverTransport) throws Exception {
        this.transport = transport;
        for (ModbusModule m : settings.modules()) {
            ProcessImage image = new ProcessImage();
            units.put(m.unitId(), image);
            for (InputBinding in : m.inputs()) {
                Wire w = new Wire(m.unitId(), m.functionCode(), m.startAddress() + in.input(), in.normallyClosed());
                wires.put(in.device(), w);
                devicesOfUnit.computeIfAbsent(m.unitId(), u -> new java.util.ArrayList<>()).add(in.device());
                write(w, false);
            }
        }
        var services = new ReadWriteModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unitId) {
                return muted.contains(unitId) ? Optional.empty() : Optional.ofNullable(units.get(unitId));
            }
        };
        server = new ModbusRtuServer(ModbusServerConfig.create(cfg -> { }), serverTransport, services);
        server.start();
    }

    @Override
    public String transport() {
        return transport;
    }

    /** Mutes the modules whose every door is down now, unmutes the others. */
    void updateOutages(Predicate<String> deviceDown) {
        devicesOfUnit.forEach((unit, devices) -> {
            if (devices.stream().allMatch(deviceDown)) {
                muted.add(unit);
            } else {
                muted.remove(unit);
            }
        });
    }

    @Override
    public boolean send(DoorEvent e) {
        Wire w = wires.get(e.device());
        if (w == null) {
            return false;
        }
        switch (e.type()) {
            case DOOR_OPENED -> write(w, true);
            case DOOR_CLOSED -> write(w, false);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void write(Wire w, boolean open) {
        boolean on = open != w.normallyClosed();
        ProcessImage image = units.get(w.unit());
        if (w.functionCode() == 1) {
            image.with(tx -> tx.writeCoils(m -> m.put(w.address(), on)));
        } else {
            image.with(tx -> tx.writeDiscreteInputs(m -> m.put(w.address(), on)));
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

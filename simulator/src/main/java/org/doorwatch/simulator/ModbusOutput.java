package org.doorwatch.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.InputBinding;
import org.doorwatch.drivers.ModbusDiSettings;
import org.doorwatch.drivers.ModbusModule;
import org.doorwatch.testpeers.ModbusSlave;

/**
 * A bus of digital-input modules ({@code modbus-rtu-di}), played by test-peers' {@link ModbusSlave}
 * (the digitalpetri Modbus RTU server) on a serial port or behind TCP: every door starts closed;
 * DOOR_OPENED and DOOR_CLOSED flip the door's input (normally-closed contacts read 1 while
 * closed). A module all of whose doors are inside an outage stops answering, so the gateway sees
 * it die and come back. Other event types cannot travel over a contact and are skipped.
 */
final class ModbusOutput implements Output {

    private record Wire(int unit, int functionCode, int address, boolean normallyClosed) {}

    private final String transport;
    private final ModbusSlave slave;
    private final Map<String, Wire> wires = new HashMap<>();
    private final Map<Integer, List<String>> devicesOfUnit = new HashMap<>();

    private ModbusOutput(String transport, ModbusDiSettings settings) {
        this.transport = transport;
        this.slave = new ModbusSlave(settings.modules().stream().mapToInt(ModbusModule::unitId).toArray());
        for (ModbusModule m : settings.modules()) {
            for (InputBinding in : m.inputs()) {
                Wire w = new Wire(m.unitId(), m.functionCode(), m.startAddress() + in.input(), in.normallyClosed());
                wires.put(in.device(), w);
                devicesOfUnit.computeIfAbsent(m.unitId(), u -> new ArrayList<>()).add(in.device());
                write(w, false);
            }
        }
    }

    /** The modules on a serial port (the simulator's end of a pty pair, or a real adapter). */
    static ModbusOutput serial(ModbusDiSettings settings, String port, int baud) throws Exception {
        ModbusOutput out = new ModbusOutput("serial", settings);
        out.slave.startSerial(port, baud);
        return out;
    }

    /** The modules behind a serial device server listening on {@code host:port}. */
    static ModbusOutput tcp(ModbusDiSettings settings, String host, int port) throws Exception {
        ModbusOutput out = new ModbusOutput("tcp", settings);
        out.slave.startTcp(host, port);
        return out;
    }

    @Override
    public String transport() {
        return transport;
    }

    /** Mutes the modules whose every door is down now, unmutes the others. */
    void updateOutages(Predicate<String> deviceDown) {
        devicesOfUnit.forEach((unit, devices) -> slave.mute(unit, devices.stream().allMatch(deviceDown)));
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
        if (w.functionCode() == 1) {
            slave.coil(w.unit(), w.address(), on);
        } else {
            slave.discreteInput(w.unit(), w.address(), on);
        }
    }

    @Override
    public void close() throws Exception {
        slave.close();
    }
}

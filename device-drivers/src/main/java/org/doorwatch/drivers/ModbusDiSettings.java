package org.doorwatch.drivers;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Protocol {@code modbus-rtu-di}: door contacts on Modbus-RTU digital-input modules, polled.
 *
 * @param pollInterval        pause between two polls of the bus; a door open for less than this can be
 *                            missed. At 9600 baud one read of one module takes about 20 ms on the wire.
 * @param timeout             how long to wait for one module's answer
 * @param failuresBeforeFault consecutive failed polls of a module (timeout, exception response, CRC,
 *                            port gone) before its devices get DEVICE_FAULT
 * @param heartbeatEvery      at most one HEARTBEAT per device per this, while its module answers; keep it
 *                            well under the {@code device-offline} rule's {@code offlineAfter} (15 min)
 * @param modules             the modules on this bus; unit ids and devices unique
 */
public record ModbusDiSettings(
        Duration pollInterval,
        Duration timeout,
        int failuresBeforeFault,
        Duration heartbeatEvery,
        List<ModbusModule> modules) implements ProtocolSettings {

    public static final String PROTOCOL = "modbus-rtu-di";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /**
     * At the default timings a fault needs about 1.25 s of a lost port or 4 s of a silent module: long
     * enough to ride out a burst of line noise or a device server's reconnect, short enough that a cut
     * bus is reported at once (DEVICE_FAULT raises the tamper alert).
     */
    public static final int DEFAULT_FAILURES_BEFORE_FAULT = 5;
    public static final Duration DEFAULT_HEARTBEAT_EVERY = Duration.ofSeconds(60);

    public ModbusDiSettings {
        modules = modules == null ? List.of() : List.copyOf(modules);
        var p = new Problems("modbus-rtu-di settings");
        p.check(pollInterval != null && pollInterval.toMillis() >= 10 && pollInterval.compareTo(Duration.ofMinutes(1)) <= 0,
                "pollInterval: expected 10ms to 1m, found " + pollInterval);
        p.check(timeout != null && timeout.toMillis() >= 10 && timeout.compareTo(Duration.ofSeconds(30)) <= 0,
                "timeout: expected 10ms to 30s, found " + timeout);
        p.check(failuresBeforeFault >= 1 && failuresBeforeFault <= 1000,
                "failuresBeforeFault: expected 1 to 1000, found " + failuresBeforeFault);
        p.check(heartbeatEvery != null && heartbeatEvery.toMillis() >= 1 && heartbeatEvery.compareTo(Duration.ofMinutes(10)) <= 0,
                "heartbeatEvery: expected more than 0 and at most 10m (device-offline fires after 15m), found " + heartbeatEvery);
        p.check(!modules.isEmpty(), "modules: expected at least one module, found none");
        Set<Integer> units = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (ModbusModule m : modules) {
            p.check(units.add(m.unitId()), "modules: unit id " + m.unitId() + " appears twice");
            for (InputBinding b : m.inputs()) {
                p.check(devices.add(b.device()), "modules: device '" + b.device() + "' is bound to two inputs");
            }
        }
        p.throwIfAny();
    }

    /** Default timings for the given modules. */
    public static ModbusDiSettings of(List<ModbusModule> modules) {
        return new ModbusDiSettings(DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_FAILURES_BEFORE_FAULT,
                DEFAULT_HEARTBEAT_EVERY, modules);
    }

    @Override
    public String protocolName() {
        return PROTOCOL;
    }
}

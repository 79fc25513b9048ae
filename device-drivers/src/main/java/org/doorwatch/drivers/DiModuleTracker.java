package org.doorwatch.drivers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;

/**
 * Turns the polls of one digital-input module into door events. Pure: time is an argument.
 *
 * <ul>
 *   <li><b>Baseline.</b> The first answer sets each door's state and emits only a HEARTBEAT per
 *       device, no DOOR_OPENED/DOOR_CLOSED: at start-up we do not know when the door moved, and a
 *       DOOR_OPENED would count as a resident's activity (SPEC 6.1) on every gateway restart while a
 *       door stands open.</li>
 *   <li><b>Edges.</b> A later answer that differs from the last known state emits DOOR_OPENED or
 *       DOOR_CLOSED, stamped with the poll time. The state survives a fault: a door that opened
 *       while its module was silent is reported when the module answers again.</li>
 *   <li><b>Heartbeats.</b> While the module answers, each device gets a HEARTBEAT when it has had
 *       no event for {@code heartbeatEvery}, so {@code device-offline} sees it alive without an
 *       event per poll.</li>
 *   <li><b>Faults.</b> After {@code failuresBeforeFault} failed polls in a row every device of the
 *       module gets one DEVICE_FAULT; the next answer clears the fault and emits a HEARTBEAT (or its
 *       edge) for each device.</li>
 * </ul>
 * Not thread-safe: owned by the poll thread.
 */
final class DiModuleTracker {

    private final ModbusModule module;
    private final int failuresBeforeFault;
    private final Duration heartbeatEvery;
    /** Per binding: door open, or null before the baseline. */
    private final Boolean[] open;
    /** Per binding: when its device last got an event from us, or null. */
    private final Instant[] lastEmitted;
    private int consecutiveFailures;
    private boolean faulted;

    DiModuleTracker(ModbusModule module, int failuresBeforeFault, Duration heartbeatEvery) {
        this.module = module;
        this.failuresBeforeFault = failuresBeforeFault;
        this.heartbeatEvery = heartbeatEvery;
        this.open = new Boolean[module.inputs().size()];
        this.lastEmitted = new Instant[module.inputs().size()];
    }

    ModbusModule module() {
        return module;
    }

    boolean faulted() {
        return faulted;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Door state per binding (in {@code module.inputs()} order), null before the baseline. */
    Boolean doorOpen(int binding) {
        return open[binding];
    }

    /**
     * The module answered.
     *
     * @param inputs what the inputs read, index = offset from startAddress; at least {@code module.quantity()} long
     */
    List<DoorEvent> onAnswer(Instant now, boolean[] inputs) {
        if (inputs.length < module.quantity()) {
            throw new IllegalArgumentException("expected " + module.quantity() + " inputs, found " + inputs.length);
        }
        boolean recovered = faulted;
        faulted = false;
        consecutiveFailures = 0;
        List<DoorEvent> out = new ArrayList<>();
        List<InputBinding> bindings = module.inputs();
        for (int i = 0; i < bindings.size(); i++) {
            InputBinding b = bindings.get(i);
            boolean nowOpen = b.doorOpen(inputs[b.input()]);
            EventType type = null;
            if (open[i] != null && open[i] != nowOpen) {
                type = nowOpen ? EventType.DOOR_OPENED : EventType.DOOR_CLOSED;
            } else if (open[i] == null || recovered || heartbeatDue(i, now)) {
                type = EventType.HEARTBEAT;
            }
            open[i] = nowOpen;
            if (type != null) {
                out.add(DoorEvent.device(now, b.device(), type));
                lastEmitted[i] = now;
            }
        }
        return out;
    }

    /** A poll of the module failed (timeout, exception response, bad frame, port gone). */
    List<DoorEvent> onFailure(Instant now) {
        consecutiveFailures++;
        if (faulted || consecutiveFailures < failuresBeforeFault) {
            return List.of();
        }
        faulted = true;
        List<DoorEvent> out = new ArrayList<>();
        List<InputBinding> bindings = module.inputs();
        for (int i = 0; i < bindings.size(); i++) {
            out.add(DoorEvent.device(now, bindings.get(i).device(), EventType.DEVICE_FAULT));
            lastEmitted[i] = now;
        }
        return out;
    }

    private boolean heartbeatDue(int binding, Instant now) {
        Instant last = lastEmitted[binding];
        // A clock that jumped back makes "now - last" negative: emit rather than fall silent for the size of the jump.
        return last == null || now.isBefore(last) || Duration.between(last, now).compareTo(heartbeatEvery) >= 0;
    }
}

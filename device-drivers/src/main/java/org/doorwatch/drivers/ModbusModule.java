package org.doorwatch.drivers;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One digital-input module on the bus.
 *
 * @param unitId       the module's Modbus address, 1 to 247 (set by DIP switch or its tool)
 * @param functionCode 1 (read coils) or 2 (read discrete inputs): modules differ, see their manual
 * @param startAddress the protocol address of the first input, 0-based as on the wire (a manual's
 *                     "10001" or "00001" register numbering means startAddress 0)
 * @param inputs       the wired inputs; each input and each device at most once
 */
public record ModbusModule(int unitId, int functionCode, int startAddress, List<InputBinding> inputs) {

    public ModbusModule {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        var p = new Problems("Modbus module " + unitId);
        p.check(unitId >= 1 && unitId <= 247, "unitId: expected 1 to 247, found " + unitId);
        p.check(functionCode == 1 || functionCode == 2,
                "functionCode: expected 1 (coils) or 2 (discrete inputs), found " + functionCode);
        p.check(startAddress >= 0 && startAddress <= 65_535, "startAddress: expected 0 to 65535, found " + startAddress);
        p.check(!inputs.isEmpty(), "inputs: expected at least one wired input, found none");
        Set<Integer> seen = new HashSet<>();
        for (InputBinding b : inputs) {
            p.check(seen.add(b.input()), "inputs: input " + b.input() + " is bound twice");
        }
        p.check(startAddress + quantityFor(inputs) <= 65_536, "startAddress: the inputs run past address 65535");
        p.throwIfAny();
    }

    /** How many inputs one read must cover: up to the highest bound input. */
    public int quantity() {
        return quantityFor(inputs);
    }

    private static int quantityFor(List<InputBinding> inputs) {
        return inputs.stream().mapToInt(InputBinding::input).max().orElse(-1) + 1;
    }
}

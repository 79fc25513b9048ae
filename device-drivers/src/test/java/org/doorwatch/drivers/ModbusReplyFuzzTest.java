package org.doorwatch.drivers;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.digitalpetri.modbus.Crc16;
import com.digitalpetri.modbus.ModbusPduSerializer;
import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.pdu.ModbusPdu;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.doorwatch.domain.DoorEvent;

/**
 * Fuzz target (issue 19): the Modbus RTU reply path of a DI module, from line bytes on: our
 * {@link RtuReplyFramer} around the library's frame parser, the library's CRC check and response
 * decoding (as {@code ModbusRtuClient} does them; their exceptions are the client's to report), then
 * ours again: the length check and bit unpacking of {@link ModbusDiSource} and the
 * {@link DiModuleTracker} that turns inputs into door events. Our parts must never throw, whatever
 * the line carries.
 */
class ModbusReplyFuzzTest {

    private static final ModbusModule MODULE = new ModbusModule(1, 2, 0, List.of(
            new InputBinding(0, "door-a", true), new InputBinding(2, "door-b", false),
            new InputBinding(13, "door-c", true)));

    @FuzzTest
    void modbusReplies(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        DiModuleTracker tracker = new DiModuleTracker(MODULE, 3, Duration.ofMinutes(1));
        Instant[] now = {Instant.parse("2026-11-22T00:00:00Z")};
        RtuReplyFramer framer = new RtuReplyFramer("fuzz", frame -> {
            ModbusPdu pdu = decode(frame);
            byte[] packed = pdu instanceof ReadCoilsResponse c ? c.coils()
                    : pdu instanceof ReadDiscreteInputsResponse d ? d.inputs() : null;
            if (packed == null) {
                return;
            }
            now[0] = now[0].plusSeconds(1);
            if (ModbusDiSource.shortAnswer(packed, MODULE.quantity()) != null) {
                tracker.onFailure(now[0]);
                return;
            }
            for (DoorEvent e : tracker.onAnswer(now[0], ModbusDiSource.unpack(packed, MODULE.quantity()))) {
                Fuzzing.check(e.ts().equals(now[0]) && e.device() != null, "odd event", e);
            }
        });
        while (data.remainingBytes() > 0) {
            if (data.consumeBoolean()) {
                framer.reset(); // a new request went out
            }
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            if (data.consumeBoolean() && chunk.length > 2) {
                chunk = withCrc(chunk); // help it past the CRC now and then
            }
            framer.onBytes(chunk, chunk.length);
        }
    }

    /** The library's half: CRC, then the response PDU; null where the client would have reported an error. */
    private static ModbusPdu decode(ModbusRtuFrame frame) {
        try {
            Crc16 crc = new Crc16();
            crc.update(frame.unitId());
            crc.update(frame.pdu().duplicate());
            ByteBuffer got = frame.crc().duplicate();
            int expected = crc.getValue();
            if (got.remaining() < 2 || (got.get() & 0xff | (got.get() & 0xff) << 8) != expected) {
                return null;
            }
            ByteBuffer pdu = frame.pdu().duplicate();
            int fc = pdu.get(pdu.position()) & 0xff;
            if (fc >= 0x80) {
                return null;
            }
            return ModbusPduSerializer.DefaultResponseSerializer.INSTANCE.decode(fc, pdu);
        } catch (ModbusException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] withCrc(byte[] frame) {
        Crc16 crc = new Crc16();
        for (int i = 0; i < frame.length - 2; i++) {
            crc.update(frame[i] & 0xff);
        }
        int v = crc.getValue();
        frame[frame.length - 2] = (byte) v;
        frame[frame.length - 1] = (byte) (v >> 8);
        return frame;
    }
}

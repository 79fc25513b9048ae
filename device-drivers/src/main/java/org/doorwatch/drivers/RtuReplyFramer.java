package org.doorwatch.drivers;

import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.ModbusRtuResponseFrameParser;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes read from an RTU line, in whatever chunks the port delivers, to whole response frames
 * for the Modbus client. Framing and CRC stay the library's ({@link ModbusRtuResponseFrameParser},
 * {@code ModbusRtuClient}); this is our policy around it: line noise that overflows the parser's
 * 256-byte buffer or cannot be parsed is dropped, and the next answer starts afresh. Fuzzed by
 * {@code ModbusReplyFuzzTest}. Confined to the port's reader thread (and {@link #reset} from a
 * sender, which the parser tolerates).
 */
final class RtuReplyFramer {

    private static final Logger log = LoggerFactory.getLogger(RtuReplyFramer.class);

    private final ModbusRtuResponseFrameParser parser = new ModbusRtuResponseFrameParser();
    private final String name;
    private final Consumer<ModbusRtuFrame> frames;

    RtuReplyFramer(String name, Consumer<ModbusRtuFrame> frames) {
        this.name = name;
        this.frames = frames;
    }

    void reset() {
        parser.reset();
    }

    /** Takes {@code count} bytes of {@code data}; a whole frame goes to the consumer, whose failures are logged. */
    void onBytes(byte[] data, int count) {
        byte[] chunk = java.util.Arrays.copyOf(data, count);
        ModbusRtuResponseFrameParser.ParserState state;
        try {
            state = parser.parse(chunk);
        } catch (RuntimeException e) {
            // The parser's buffer is 256 bytes; line noise can overflow it. Drop and wait for the next answer.
            parser.reset();
            return;
        }
        if (state instanceof ModbusRtuResponseFrameParser.Accumulated a) {
            parser.reset();
            try {
                frames.accept(a.frame());
            } catch (RuntimeException e) {
                log.error("{}: Modbus client failed on a frame", name, e);
            }
        } else if (state instanceof ModbusRtuResponseFrameParser.ParseError e) {
            log.debug("{}: unparseable Modbus bytes dropped: {}", name, e.error());
            parser.reset();
        }
    }
}

package org.doorwatch.gateway.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.AsciiLineSettings;
import org.doorwatch.drivers.InputBinding;
import org.doorwatch.drivers.ModbusDiSettings;
import org.doorwatch.drivers.ModbusModule;
import org.doorwatch.drivers.Parity;
import org.doorwatch.drivers.ProtocolSettings;
import org.doorwatch.drivers.StopBits;
import org.doorwatch.drivers.TransportSettings;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code ports:} the serial lines and serial device servers that {@code serial}/{@code tcp}
 * devices hang on, read into the drivers' settings (see device-drivers/README.md for what each
 * setting does on the wire).
 *
 * <pre>
 * ports:
 *   - id: bus-1
 *     port: /dev/ttyUSB0          # or tcp://10.0.0.5:4001 for a device server
 *     baud: 9600                  # dataBits 8, parity none, stopBits 1 by default
 *     protocol: modbus-rtu-di
 *     pollInterval: 250ms
 *     modules:
 *       - { unitId: 1, functionCode: 2, inputs: [ { input: 0, device: door-5-1-302, normallyClosed: true } ] }
 *   - id: gate-reader
 *     port: tcp://10.0.0.6:4001
 *     protocol: ascii-line
 *     regex: '(?&lt;ts&gt;\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(?&lt;device&gt;\d\d),(?&lt;type&gt;[A-Z])'
 *     timeFormat: "yyyy-MM-dd HH:mm:ss"
 *     deviceMap: { "01": gate-5 }
 *     typeMap: { O: DOOR_OPENED, C: DOOR_CLOSED, G: ACCESS_GRANTED }
 * </pre>
 *
 * Devices that a port names (inputs, {@code deviceMap}, {@code device}) must be declared in
 * {@code devices:} with {@code port:} this port; {@link #checkDevices} checks both directions
 * once devices are read.
 */
final class PortSection {

    /** The MQTT ingest's source name in /health and the metrics, where ports appear by id. */
    static final String RESERVED_ID = "mqtt";
    static final List<String> PROTOCOLS = List.of(AsciiLineSettings.PROTOCOL, ModbusDiSettings.PROTOCOL);
    static final Set<String> COMMON = Set.of("id", "port", "baud", "dataBits", "parity", "stopBits", "protocol");
    static final Set<String> ASCII_LINE = Set.of("regex", "device", "deviceMap", "type", "typeMap", "direction",
            "directionMap", "credentialPrefix", "timeFormat", "zone", "charset", "maxLineLength", "maxClockSkew", "faultAfter");
    static final Set<String> MODBUS = Set.of("pollInterval", "timeout", "failuresBeforeFault", "heartbeatEvery", "modules");

    /**
     * A port as read, with what the device cross-check needs.
     *
     * @param config     the typed port, or null when its settings have problems (reported)
     * @param node       the port's mapping, for positions
     * @param path       e.g. {@code ports[0]}
     * @param deviceRefs device ids the port names, with the node naming each
     * @param strict     true when only the named devices can receive events from it (Modbus
     *                   inputs, a reader's device map or fixed device), so every device on the port
     *                   must be named
     */
    record Read(GatewayConfig.PortConfig config, String transport, String id, Node node, String path,
                Map<String, Node> deviceRefs, boolean strict) {}

    private PortSection() {}

    static List<Read> read(ConfigContext ctx, YamlMap top, ZoneId siteZone) {
        List<Read> out = new ArrayList<>();
        Map<String, String> seenAt = new HashMap<>();
        List<Node> items = top.items("ports");
        for (int i = 0; i < items.size(); i++) {
            YamlMap p = YamlMap.of(ctx.file, ctx.problems, "ports[" + i + "]", items.get(i));
            if (!p.isPresent()) {
                continue;
            }
            String id = p.requiredString("id", "a port id such as bus-1, used by devices' 'port'");
            if (id == null) {
                continue;
            }
            if (!ConfigLoader.NAME.matcher(id).matches()) {
                ctx.at(p.value("id"), p.child("id") + ": '" + id + "' is not a valid port id; expected letters, digits, '-', '_' or '.'");
                continue;
            }
            if (id.equals(RESERVED_ID)) {
                // The port id is the source's name in /health and the metrics; "mqtt" is the MQTT ingest's.
                ctx.at(p.value("id"), p.child("id") + ": '" + id + "' is reserved for the MQTT ingest's source; choose another port id such as bus-1");
                continue;
            }
            String first = seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(items.get(i)));
            if (first != null) {
                ctx.at(p.value("id"), p.child("id") + ": duplicate port id '" + id + "' (first at " + first + ")");
                continue;
            }
            out.add(readPort(ctx, p, id, siteZone));
        }
        return out;
    }

    private static Read readPort(ConfigContext ctx, YamlMap p, String id, ZoneId siteZone) {
        String protocol = p.requiredString("protocol", "the line's protocol: " + String.join(" or ", PROTOCOLS));
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            ctx.at(p.value("protocol"), p.child("protocol") + ": unknown protocol '" + protocol + "'"
                    + DidYouMean.hint(protocol, PROTOCOLS) + "; expected " + String.join(" or ", PROTOCOLS));
            protocol = null;
        }
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        if (protocol == null || protocol.equals(AsciiLineSettings.PROTOCOL)) allowed.addAll(ASCII_LINE);
        if (protocol == null || protocol.equals(ModbusDiSettings.PROTOCOL)) allowed.addAll(MODBUS);
        p.rejectUnknown(allowed);

        TransportSettings transport = transport(ctx, p);
        Map<String, Node> refs = new LinkedHashMap<>();
        ProtocolSettings settings = null;
        boolean strict = false;
        if (AsciiLineSettings.PROTOCOL.equals(protocol)) {
            settings = asciiLine(ctx, p, siteZone, refs);
            strict = !refs.isEmpty();
        } else if (ModbusDiSettings.PROTOCOL.equals(protocol)) {
            settings = modbus(ctx, p, refs);
            strict = true;
        }
        GatewayConfig.PortConfig config = transport == null || settings == null ? null
                : new GatewayConfig.PortConfig(id, transport, settings);
        String kind = p.string("port", "").startsWith("tcp://") ? "tcp" : "serial";
        return new Read(config, kind, id, p.node(), p.path(), refs, strict);
    }

    private static TransportSettings transport(ConfigContext ctx, YamlMap p) {
        String port = p.requiredString("port", "a serial device such as /dev/ttyUSB0, or tcp://HOST:PORT for a device server");
        int baud = p.integer("baud", 9600, 50, 4_000_000);
        int dataBits = p.integer("dataBits", 8, 5, 8);
        Parity parity = Parity.NONE;
        String parityText = p.string("parity");
        if (parityText != null) {
            try {
                parity = Parity.valueOf(parityText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                ctx.at(p.value("parity"), p.child("parity") + ": expected none, odd, even, mark or space, found '" + parityText + "'");
            }
        }
        StopBits stopBits = StopBits.ONE;
        String stopText = p.string("stopBits");
        if (stopText != null) {
            switch (stopText) {
                case "1" -> stopBits = StopBits.ONE;
                case "1.5" -> stopBits = StopBits.ONE_POINT_FIVE;
                case "2" -> stopBits = StopBits.TWO;
                default -> ctx.at(p.value("stopBits"), p.child("stopBits") + ": expected 1, 1.5 or 2, found '" + stopText + "'");
            }
        }
        if (port == null) {
            return null;
        }
        if (port.startsWith("tcp://")) {
            for (String key : List.of("baud", "dataBits", "parity", "stopBits")) {
                if (p.has(key)) {
                    ctx.at(p.keyNode(key), p.child(key) + ": a device server (tcp://) has its line settings in its own setup; remove '" + key + "'");
                }
            }
        }
        try {
            return TransportSettings.parse(port, baud, dataBits, parity, stopBits);
        } catch (IllegalArgumentException e) {
            ctx.at(p.value("port"), p.child("port") + ": " + e.getMessage());
            return null;
        }
    }

    private static AsciiLineSettings asciiLine(ConfigContext ctx, YamlMap p, ZoneId siteZone, Map<String, Node> refs) {
        String regex = p.requiredString("regex", "a regular expression with named groups (device, type, credential, direction, ts)");
        AsciiLineSettings.Builder b = AsciiLineSettings.builder(regex);
        String device = p.string("device");
        if (device != null) {
            b.device(device);
            refs.put(device, p.value("device"));
        }
        YamlMap deviceMap = p.map("deviceMap");
        for (String printed : deviceMap.keys()) {
            String target = deviceMap.string(printed);
            if (target != null) {
                b.mapDevice(printed, target);
                refs.put(target, deviceMap.value(printed));
            }
        }
        EventType type = eventType(ctx, p, "type");
        if (type != null) {
            b.type(type);
        }
        YamlMap typeMap = p.map("typeMap");
        for (String printed : typeMap.keys()) {
            EventType t = eventType(ctx, typeMap, printed);
            if (t != null) {
                b.mapType(printed, t);
            }
        }
        Direction direction = direction(ctx, p, "direction");
        if (direction != null) {
            b.direction(direction);
        }
        YamlMap directionMap = p.map("directionMap");
        for (String printed : directionMap.keys()) {
            Direction d = direction(ctx, directionMap, printed);
            if (d != null) {
                b.mapDirection(printed, d);
            }
        }
        if (p.has("credentialPrefix")) {
            b.credentialPrefix(p.string("credentialPrefix", ""));
        }
        String timeFormat = p.string("timeFormat");
        if (timeFormat != null) {
            switch (timeFormat) {
                case "epoch-s" -> b.timestampFormat(AsciiLineSettings.EPOCH_SECONDS);
                case "epoch-ms" -> b.timestampFormat(AsciiLineSettings.EPOCH_MILLIS);
                default -> {
                    try {
                        DateTimeFormatter.ofPattern(timeFormat);
                        b.timestampFormat(timeFormat);
                    } catch (IllegalArgumentException e) {
                        ctx.at(p.value("timeFormat"), p.child("timeFormat") + ": '" + timeFormat
                                + "' is not epoch-s, epoch-ms or a date-time pattern such as yyyy-MM-dd HH:mm:ss (" + e.getMessage() + ")");
                    }
                }
            }
        }
        b.zone(siteZone);
        String zone = p.string("zone");
        if (zone != null) {
            try {
                b.zone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                ctx.at(p.value("zone"), p.child("zone") + ": unknown time zone '" + zone + "'; expected a region id such as Asia/Shanghai");
            }
        }
        String charset = p.string("charset");
        if (charset != null) {
            try {
                b.charset(Charset.forName(charset));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                ctx.at(p.value("charset"), p.child("charset") + ": unknown character set '" + charset + "'; expected e.g. UTF-8 or GBK");
            }
        }
        b.maxLineLength(p.integer("maxLineLength", AsciiLineSettings.DEFAULT_MAX_LINE_LENGTH, 16, 65_536));
        b.maxClockSkew(p.duration("maxClockSkew", AsciiLineSettings.DEFAULT_MAX_CLOCK_SKEW));
        b.faultAfter(p.duration("faultAfter", AsciiLineSettings.DEFAULT_FAULT_AFTER));
        if (regex == null) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            ctx.at(p.node(), p.path() + ": " + e.getMessage());
            return null;
        }
    }

    private static ModbusDiSettings modbus(ConfigContext ctx, YamlMap p, Map<String, Node> refs) {
        Duration poll = p.duration("pollInterval", ModbusDiSettings.DEFAULT_POLL_INTERVAL);
        Duration timeout = p.duration("timeout", ModbusDiSettings.DEFAULT_TIMEOUT);
        int failures = p.integer("failuresBeforeFault", ModbusDiSettings.DEFAULT_FAILURES_BEFORE_FAULT, 1, 1000);
        Duration heartbeat = p.duration("heartbeatEvery", ModbusDiSettings.DEFAULT_HEARTBEAT_EVERY);
        List<Node> moduleNodes = p.items("modules");
        if (moduleNodes.isEmpty()) {
            p.missing("modules", "the digital-input modules on this bus: - { unitId: 1, functionCode: 2, inputs: [...] }");
            return null;
        }
        List<ModbusModule> modules = new ArrayList<>();
        for (int m = 0; m < moduleNodes.size(); m++) {
            YamlMap mod = YamlMap.of(ctx.file, ctx.problems, p.child("modules") + "[" + m + "]", moduleNodes.get(m));
            mod.rejectUnknown(Set.of("unitId", "functionCode", "startAddress", "inputs"));
            Integer unitId = mod.integer("unitId", null, 1, 247);
            if (unitId == null && !mod.has("unitId")) {
                mod.missing("unitId", "the module's Modbus unit id, 1 to 247");
            }
            int function = mod.integer("functionCode", 2, 1, 2);
            int start = mod.integer("startAddress", 0, 0, 65_535);
            List<InputBinding> inputs = new ArrayList<>();
            List<Node> inputNodes = mod.items("inputs");
            if (inputNodes.isEmpty()) {
                mod.missing("inputs", "which input is which door: - { input: 0, device: door-3-2-501, normallyClosed: true }");
            }
            for (int k = 0; k < inputNodes.size(); k++) {
                YamlMap in = YamlMap.of(ctx.file, ctx.problems, mod.child("inputs") + "[" + k + "]", inputNodes.get(k));
                in.rejectUnknown(Set.of("input", "device", "normallyClosed"));
                Integer input = in.integer("input", null, 0, 1999);
                if (input == null && !in.has("input")) {
                    in.missing("input", "the input number on the module, from 0");
                }
                String device = in.requiredString("device", "the id of the door device wired to this input");
                boolean nc = in.bool("normallyClosed", Boolean.FALSE);
                if (device != null) {
                    if (refs.containsKey(device)) {
                        ctx.at(in.value("device"), in.child("device") + ": device '" + device + "' is already wired to another input");
                    }
                    refs.put(device, in.value("device"));
                }
                if (input != null && device != null) {
                    inputs.add(new InputBinding(input, device, nc));
                }
            }
            if (unitId != null && !inputs.isEmpty()) {
                try {
                    modules.add(new ModbusModule(unitId, function, start, inputs));
                } catch (IllegalArgumentException e) {
                    ctx.at(mod.node(), mod.path() + ": " + e.getMessage());
                }
            }
        }
        if (modules.size() != moduleNodes.size()) {
            return null; // each module's problems are reported; the cross-check still sees its devices
        }
        try {
            return new ModbusDiSettings(poll, timeout, failures, heartbeat, modules);
        } catch (IllegalArgumentException e) {
            ctx.at(p.node(), p.path() + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Devices and ports must agree: a device a port names exists, hangs on that port and
     * matches its transport; a device on a port that names its devices is named by it.
     */
    static void checkDevices(ConfigContext ctx, List<Read> ports, List<GatewayConfig.DeviceConfig> devices, DeviceSection positions) {
        Map<String, GatewayConfig.DeviceConfig> byId = new LinkedHashMap<>();
        devices.forEach(d -> byId.put(d.id(), d));
        Map<String, Read> portsById = new HashMap<>();
        for (Read port : ports) {
            portsById.put(port.id(), port);
        }
        for (Read port : ports) {
            String id = port.id();
            String transport = port.transport();
            for (Map.Entry<String, Node> ref : port.deviceRefs().entrySet()) {
                GatewayConfig.DeviceConfig d = byId.get(ref.getKey());
                if (d != null && d.port() != null && !portsById.containsKey(d.port())) {
                    continue; // the device's own unknown port is reported at the device
                }
                if (d == null) {
                    ctx.at(ref.getValue(), port.path() + ": unknown device '" + ref.getKey() + "'"
                            + DidYouMean.hint(ref.getKey(), byId.keySet()) + "; declare it in devices: with source: "
                            + transport + " and port: " + id);
                } else if (!id.equals(d.port())) {
                    ctx.at(ref.getValue(), port.path() + ": device '" + d.id() + "' is declared with "
                            + (d.port() == null ? "source: " + d.source() : "port: " + d.port()) + "; a device read through this port needs source: "
                            + transport + " and port: " + id);
                }
            }
        }
        for (int i = 0; i < devices.size(); i++) {
            GatewayConfig.DeviceConfig d = devices.get(i);
            Read port = d.port() == null ? null : portsById.get(d.port());
            if (port == null) {
                continue;
            }
            String transport = port.transport();
            if (!transport.equals(d.source())) {
                positions.at(i, positions.sourceAt(i), positions.key(i, "source") + ": port '" + d.port() + "' is a "
                        + (transport.equals("tcp") ? "device server (tcp://)" : "local serial port") + "; expected source: " + transport);
            }
            if (port.strict() && !port.deviceRefs().containsKey(d.id())) {
                positions.at(i, positions.portAt(i), positions.key(i, "port") + ": port '" + d.port() + "' never names device '" + d.id()
                        + "' (" + (port.config() == null || port.config().protocol() instanceof ModbusDiSettings
                                ? "no module input" : "not in its deviceMap or device")
                        + "), so it would never report");
            }
        }
    }

    private static EventType eventType(ConfigContext ctx, YamlMap m, String key) {
        String text = m.string(key);
        if (text == null) {
            return null;
        }
        try {
            return EventType.valueOf(text);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (EventType t : EventType.values()) {
                if (!t.isStaffAction()) names.add(t.name());
            }
            ctx.at(m.value(key), m.child(key) + ": unknown event type '" + text + "'" + DidYouMean.hint(text, names)
                    + "; expected one of " + String.join(", ", names));
            return null;
        }
    }

    private static Direction direction(ConfigContext ctx, YamlMap m, String key) {
        String text = m.string(key);
        if (text == null) {
            return null;
        }
        try {
            return Direction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            ctx.at(m.value(key), m.child(key) + ": expected IN or OUT, found '" + text + "'");
            return null;
        }
    }
}

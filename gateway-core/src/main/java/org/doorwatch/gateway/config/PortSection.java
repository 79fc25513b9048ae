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
import org.doorwatch.drivers.UdpEndpoint;
import org.doorwatch.drivers.UhppoteSettings;
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
 *   - id: gate-5-controller
 *     protocol: uhppote           # a WG/UHPPOTE access controller over UDP: no port, no line settings
 *     controller: 405419896       # its serial number
 *     address: 192.168.1.100      # its IPv4 address (:60000 by default)
 *     listen: 192.168.1.2:60001   # the gateway's own address, where the controller pushes events
 *     doors: { 1: gate-5-in, 2: gate-5-out }
 * </pre>
 *
 * Devices that a port names (inputs, {@code deviceMap}, {@code device}) must be declared in
 * {@code devices:} with {@code port:} this port; {@link #checkDevices} checks both directions
 * once devices are read.
 */
final class PortSection {

    /** The MQTT ingest's source name in /health and the metrics, where ports appear by id. */
    static final String RESERVED_ID = "mqtt";
    static final List<String> PROTOCOLS = List.of(AsciiLineSettings.PROTOCOL, ModbusDiSettings.PROTOCOL, UhppoteSettings.PROTOCOL);
    static final Set<String> COMMON = Set.of("id", "port", "baud", "dataBits", "parity", "stopBits", "protocol");
    static final String PROTOCOL_LIST = "ascii-line, modbus-rtu-di or uhppote";
    /** A controller on the LAN: it has an address instead of a port and line settings. */
    static final Set<String> UHPPOTE = Set.of("id", "protocol", "controller", "address", "listen", "doors", "timeout", "retries",
            "pollInterval", "clockCheckEvery", "maxClockDrift", "maxClockSkew", "heartbeatEvery", "faultAfter", "cardFormat",
            "credentialPrefix");
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
        Map<String, String> controllersAt = new HashMap<>();
        Map<String, String> listenAt = new HashMap<>();
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
            Read port = readPort(ctx, p, id, siteZone);
            if (port.config() != null && port.config().protocol() instanceof UhppoteSettings u) {
                String where = ctx.file.getFileName() + ":" + YamlMap.line(items.get(i));
                // One controller has one event listener: two ports would take it from each other at every check.
                String other = controllersAt.putIfAbsent(Long.toString(u.controller()), where);
                if (other != null) {
                    ctx.at(p.value("controller"), p.child("controller") + ": controller " + u.controller()
                            + " is already read by the port at " + other + "; one port per controller");
                }
                String listen = u.listenHost() + ":" + u.listenPort();
                other = listenAt.putIfAbsent(listen, where);
                if (other != null) {
                    ctx.at(p.value("listen"), p.child("listen") + ": " + listen + " is already the listen address of the port at "
                            + other + "; give each controller its own port, e.g. " + u.listenHost() + ":" + (u.listenPort() + 1));
                }
            }
            out.add(port);
        }
        return out;
    }

    private static Read readPort(ConfigContext ctx, YamlMap p, String id, ZoneId siteZone) {
        String protocol = p.requiredString("protocol", "the port's protocol: " + PROTOCOL_LIST);
        if (protocol != null && !PROTOCOLS.contains(protocol)) {
            ctx.at(p.value("protocol"), p.child("protocol") + ": unknown protocol '" + protocol + "'"
                    + DidYouMean.hint(protocol, PROTOCOLS) + "; expected " + PROTOCOL_LIST);
            protocol = null;
        }
        if (UhppoteSettings.PROTOCOL.equals(protocol)) {
            return uhppotePort(ctx, p, id);
        }
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        if (protocol == null || protocol.equals(AsciiLineSettings.PROTOCOL)) allowed.addAll(ASCII_LINE);
        if (protocol == null || protocol.equals(ModbusDiSettings.PROTOCOL)) allowed.addAll(MODBUS);
        if (protocol == null) allowed.addAll(UHPPOTE);
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

    /**
     * A WG/UHPPOTE controller: {@code address} is its transport, the rest its settings. Keys of the
     * serial protocols are refused with a hint: a controller on the LAN has no baud rate.
     */
    private static Read uhppotePort(ConfigContext ctx, YamlMap p, String id) {
        for (String key : List.of("port", "baud", "dataBits", "parity", "stopBits")) {
            if (p.has(key)) {
                ctx.at(p.keyNode(key), p.child(key) + ": a uhppote controller is reached on the LAN at its 'address'"
                        + (key.equals("port") ? ", e.g. address: 192.168.1.100; remove 'port'" : "; it has no line settings; remove '" + key + "'"));
            }
        }
        Set<String> allowed = new LinkedHashSet<>(UHPPOTE);
        allowed.addAll(List.of("port", "baud", "dataBits", "parity", "stopBits")); // reported above, with their hint
        p.rejectUnknown(allowed);

        Long serial = null;
        String serialText = p.requiredString("controller", "the controller's serial number, printed on its label, e.g. 405419896");
        if (serialText != null) {
            try {
                long v = Long.parseLong(serialText.trim());
                if (v < 1 || v > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                serial = v;
            } catch (NumberFormatException e) {
                ctx.at(p.value("controller"), p.child("controller") + ": expected the serial number on the controller's label "
                        + "(a whole number from 1 to 4294967295), found '" + serialText + "'");
            }
        }
        UdpEndpoint address = null;
        String addressText = p.requiredString("address", "the controller's IPv4 address on the LAN, e.g. 192.168.1.100 (port 60000 unless given)");
        if (addressText != null) {
            try {
                address = UdpEndpoint.parse(addressText, UdpEndpoint.UHPPOTE_PORT);
            } catch (IllegalArgumentException e) {
                ctx.at(p.value("address"), p.child("address") + ": " + e.getMessage());
            }
        }
        String listenHost = null;
        int listenPort = 0;
        String listenText = p.requiredString("listen", "the gateway's own IPv4 address and a UDP port on the controller's network, "
                + "e.g. 192.168.1.2:60001; the controller pushes its events there");
        if (listenText != null) {
            int colon = listenText.lastIndexOf(':');
            String host = colon < 0 ? listenText : listenText.substring(0, colon);
            String problem = UhppoteSettings.listenProblem(host.strip());
            if (problem == null && colon < 0) {
                problem = "expected ADDRESS:PORT, e.g. " + host + ":60001, found no port";
            }
            if (problem == null) {
                try {
                    listenPort = Integer.parseInt(listenText.substring(colon + 1).strip());
                    if (listenPort < 1 || listenPort > 65535) {
                        throw new NumberFormatException();
                    }
                    listenHost = host.strip();
                } catch (NumberFormatException e) {
                    problem = "expected a UDP port from 1 to 65535 after ':', found '" + listenText.substring(colon + 1) + "'";
                }
            }
            if (problem != null) {
                ctx.at(p.value("listen"), p.child("listen") + ": " + problem);
            }
        }
        Map<Integer, String> doors = new java.util.TreeMap<>();
        Map<String, Node> refs = new LinkedHashMap<>();
        YamlMap doorMap = p.map("doors");
        if (!p.has("doors")) {
            p.missing("doors", "which door is which device: doors: { 1: gate-5-in, 2: gate-5-out } (doors 1 to 4)");
        } else if (doorMap.isPresent() && doorMap.keys().isEmpty()) {
            ctx.at(p.value("doors"), p.child("doors") + ": expected at least one door, e.g. { 1: gate-5-in }");
        }
        for (String key : doorMap.keys()) {
            int door;
            try {
                door = Integer.parseInt(key.trim());
            } catch (NumberFormatException e) {
                door = -1;
            }
            if (door < 1 || door > 4) {
                ctx.at(doorMap.keyNode(key), doorMap.path() + ": door '" + key + "': expected a door number 1 to 4 (as on the controller's terminals)");
                continue;
            }
            String device = doorMap.string(key);
            if (device == null || device.isBlank()) {
                ctx.at(doorMap.value(key), doorMap.child(key) + ": expected the id of the device at door " + door);
                continue;
            }
            if (refs.containsKey(device)) {
                ctx.at(doorMap.value(key), doorMap.child(key) + ": device '" + device + "' is already on another door");
                continue;
            }
            doors.put(door, device);
            refs.put(device, doorMap.value(key));
        }

        UhppoteSettings.CardFormat cardFormat = UhppoteSettings.CardFormat.DECIMAL;
        String formatText = p.string("cardFormat");
        if (formatText != null) {
            try {
                cardFormat = UhppoteSettings.CardFormat.valueOf(formatText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                ctx.at(p.value("cardFormat"), p.child("cardFormat") + ": expected decimal (as the vendor's software prints card "
                        + "numbers) or hex, found '" + formatText + "'");
            }
        }
        UhppoteSettings.Builder b = UhppoteSettings.builder(serial == null ? 1 : serial, listenHost == null ? "127.0.0.1" : listenHost,
                        listenPort == 0 ? 1 : listenPort, doors)
                .timeout(duration(ctx, p, "timeout", UhppoteSettings.DEFAULT_TIMEOUT, Duration.ofMillis(10), Duration.ofSeconds(10)))
                .retries(p.integer("retries", UhppoteSettings.DEFAULT_RETRIES, 0, 10))
                .pollInterval(duration(ctx, p, "pollInterval", UhppoteSettings.DEFAULT_POLL_INTERVAL, Duration.ofMillis(50), Duration.ofMinutes(10)))
                .clockCheckEvery(duration(ctx, p, "clockCheckEvery", UhppoteSettings.DEFAULT_CLOCK_CHECK_EVERY, Duration.ofSeconds(1), Duration.ofDays(1)))
                .maxClockDrift(duration(ctx, p, "maxClockDrift", UhppoteSettings.DEFAULT_MAX_CLOCK_DRIFT, Duration.ofSeconds(1), Duration.ofHours(1)))
                .maxClockSkew(duration(ctx, p, "maxClockSkew", UhppoteSettings.DEFAULT_MAX_CLOCK_SKEW, Duration.ofSeconds(1), Duration.ofDays(1)))
                .heartbeatEvery(duration(ctx, p, "heartbeatEvery", UhppoteSettings.DEFAULT_HEARTBEAT_EVERY, Duration.ofMillis(1), Duration.ofMinutes(10)))
                .faultAfter(duration(ctx, p, "faultAfter", UhppoteSettings.DEFAULT_FAULT_AFTER, Duration.ofMillis(1), Duration.ofHours(1)))
                .cardFormat(cardFormat)
                .credentialPrefix(p.string("credentialPrefix", "card:"));
        GatewayConfig.PortConfig config = null;
        if (serial != null && address != null && listenHost != null && !doors.isEmpty()) {
            try {
                config = new GatewayConfig.PortConfig(id, address, b.build());
            } catch (IllegalArgumentException e) {
                // the timings: each key was read, but a range is the settings' to check
                ctx.at(p.node(), p.path() + ": " + e.getMessage());
            }
        }
        return new Read(config, UDP, id, p.node(), p.path(), refs, true);
    }

    /** A duration within the range the settings accept, reported at its value when outside (the default then). */
    private static Duration duration(ConfigContext ctx, YamlMap p, String key, Duration def, Duration min, Duration max) {
        Duration d = p.duration(key, def);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            ctx.at(p.value(key), p.child(key) + ": expected " + Durations.format(min) + " to " + Durations.format(max)
                    + ", found '" + p.string(key) + "'");
            return def;
        }
        return d;
    }

    /** The {@code source:} of devices on a uhppote port. */
    static final String UDP = "udp";

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
                        + (transport.equals("tcp") ? "device server (tcp://)" : transport.equals(UDP) ? "uhppote access controller"
                        : "local serial port") + "; expected source: " + transport);
            }
            if (port.strict() && !port.deviceRefs().containsKey(d.id())) {
                positions.at(i, positions.portAt(i), positions.key(i, "port") + ": port '" + d.port() + "' never names device '" + d.id()
                        + "' (" + (port.transport().equals(UDP) ? "on none of its doors"
                                : port.config() == null || port.config().protocol() instanceof ModbusDiSettings
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

package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.HouseholdGlob;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code devices:} door devices with their transport.
 *
 * <pre>
 * - { id: door-3-2-501, kind: door-contact, household: "3-2-501", source: mqtt }
 * - { id: door-9, household: "3-2-501", source: mqtt, topic: "custom/door-9", profile: acme-v2 }
 * - { id: reader-3, kind: card-reader, source: serial, port: bus-1 }
 * - { id: gate-3, kind: gate, households: ["3-*"] }
 * </pre>
 *
 * {@code topic} and {@code profile} belong to MQTT devices; {@code port} (required) to serial
 * and TCP devices and must name an entry of {@code ports:}. {@code building} (optional) says
 * which building a device is in when its household's id does not ({@code 3-2-501} is in
 * building {@code 3}): shared gates and intercoms; device-offline groups a building's devices.
 * {@code households} (optional, shared devices only) lists globs on the household ids a shared
 * device's events may name ({@code households: ["3-*"]} for building 3's gate); absent, any.
 */
final class DeviceSection {

    static final Set<String> KEYS = Set.of("id", "kind", "household", "households", "source", "topic", "profile", "port",
            "building");
    static final List<String> SOURCES = List.of("mqtt", "serial", "tcp", "udp");

    private DeviceSection() {}

    static List<GatewayConfig.DeviceConfig> read(ConfigContext ctx, YamlMap top, Map<String, Household> households,
                                                 Set<String> profiles, Set<String> ports) {
        List<GatewayConfig.DeviceConfig> out = new ArrayList<>();
        Map<String, String> seenAt = new HashMap<>();
        Map<String, String> topics = new HashMap<>();
        List<Node> items = top.items("devices");
        for (int i = 0; i < items.size(); i++) {
            YamlMap d = YamlMap.of(ctx.file, ctx.problems, "devices[" + i + "]", items.get(i));
            if (!d.isPresent()) {
                continue;
            }
            d.rejectUnknown(KEYS);
            String id = d.requiredString("id", "a device id such as door-3-2-501");
            if (id == null) {
                continue;
            }
            if (!ConfigLoader.NAME.matcher(id).matches()) {
                ctx.at(d.value("id"), d.child("id") + ": '" + id
                        + "' is not a valid device id; expected letters, digits, '-', '_', '.' or ':' (it is used in MQTT topics)");
                continue;
            }
            String first = seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(items.get(i)));
            if (first != null) {
                ctx.at(d.value("id"), d.child("id") + ": duplicate device id '" + id + "' (first at " + first + ")");
                continue;
            }
            String household = d.string("household");
            if (household != null && !households.containsKey(household)) {
                ctx.at(d.value("household"), d.child("household") + ": unknown household '" + household + "'"
                        + DidYouMean.hint(household, households.keySet()));
            }
            String source = d.string("source", "mqtt");
            if (!SOURCES.contains(source)) {
                ctx.at(d.value("source"), d.child("source") + ": unknown source '" + source
                        + "'" + DidYouMean.hint(source, SOURCES) + "; expected mqtt, serial, tcp or udp (a uhppote controller)");
            }
            String topic = d.string("topic");
            String profile = d.string("profile");
            String port = d.string("port");
            if (source.equals("mqtt")) {
                if (port != null) {
                    ctx.at(d.keyNode("port"), d.child("port") + ": only serial, tcp and udp devices hang on a port; this device's source is mqtt");
                    port = null;
                }
                if (topic != null) {
                    String problem = Topics.nameProblem(topic);
                    String other = problem == null ? topics.putIfAbsent(topic, id) : null;
                    if (problem != null) {
                        ctx.at(d.value("topic"), d.child("topic") + ": " + problem);
                    } else if (other != null) {
                        ctx.at(d.value("topic"), d.child("topic") + ": topic '" + topic + "' is already device '" + other
                                + "''s; each device needs its own topic");
                    }
                }
                if (profile != null && !profiles.contains(profile)) {
                    ctx.at(d.value("profile"), d.child("profile") + ": unknown profile '" + profile + "'"
                            + DidYouMean.hint(profile, profiles) + "; known: " + HouseholdSection.known(profiles));
                }
            } else if (SOURCES.contains(source)) {
                for (String key : new String[] {"topic", "profile"}) {
                    if (d.has(key)) {
                        ctx.at(d.keyNode(key), d.child(key) + ": only mqtt devices have a " + key + "; this device's source is " + source);
                    }
                }
                topic = null;
                profile = null;
                if (port == null) {
                    d.missing("port", "the id of the entry in 'ports:' this " + source + " device hangs on");
                } else if (!ports.contains(port)) {
                    ctx.at(d.value("port"), d.child("port") + ": unknown port '" + port + "'"
                            + DidYouMean.hint(port, ports) + "; known: " + HouseholdSection.known(ports));
                }
            }
            String building = d.string("building");
            if (building != null && !ConfigLoader.NAME.matcher(building).matches()) {
                ctx.at(d.value("building"), d.child("building") + ": '" + building
                        + "' is not a valid building; expected letters, digits, '-', '_', '.' or ':' (e.g. \"3\")");
                building = null;
            }
            List<HouseholdGlob> allowed = allowedHouseholds(ctx, d, id, household, households);
            out.add(new GatewayConfig.DeviceConfig(id, d.string("kind", "door-contact"), household, source, topic, profile, port,
                    building != null ? building : GatewayConfig.DeviceConfig.buildingOf(household), allowed));
        }
        return out;
    }

    /**
     * {@code households:}, the households a shared device's events may name (SPEC 10); absent:
     * any. A flat's device names only its own household, so the key there is a mistake, and so
     * are an empty list, a malformed glob and one that matches no configured household.
     */
    private static List<HouseholdGlob> allowedHouseholds(ConfigContext ctx, YamlMap d, String id, String household,
                                                         Map<String, Household> households) {
        Node value = d.value("households");
        if (value == null) {
            return List.of();
        }
        if (household != null) {
            ctx.at(d.keyNode("households"), d.child("households") + ": device '" + id + "' belongs to household '"
                    + household + "' and a flat's device names only its own household; 'households' is for shared "
                    + "devices (gates, intercoms) that have no 'household'");
            return List.of();
        }
        List<String> globs = d.strings("households");
        List<Node> nodes = value instanceof SequenceNode seq ? seq.getValue() : List.of();
        if (globs.isEmpty() && (YamlMap.isNull(value) || nodes.isEmpty() && value instanceof SequenceNode)) {
            ctx.at(value, d.child("households") + ": an empty list would let device '" + id
                    + "' name no household; leave the key out for any household");
            return List.of();
        }
        List<HouseholdGlob> out = new ArrayList<>();
        for (int g = 0; g < globs.size(); g++) {
            String glob = globs.get(g);
            Node at = g < nodes.size() ? nodes.get(g) : value;
            if (!UserSection.GLOB.matcher(glob).matches()) {
                ctx.at(at, d.child("households") + ": '" + glob + "' is not a household id or glob; expected e.g. 3-* or 3-2-501");
                continue;
            }
            HouseholdGlob hg = new HouseholdGlob(glob);
            if (households.keySet().stream().noneMatch(hg::matches)) {
                String hint = glob.indexOf('*') < 0 && glob.indexOf('?') < 0 ? DidYouMean.hint(glob, households.keySet()) : "";
                ctx.at(at, d.child("households") + ": '" + glob + "' matches no household" + hint);
                continue;
            }
            out.add(hg);
        }
        return out;
    }
}

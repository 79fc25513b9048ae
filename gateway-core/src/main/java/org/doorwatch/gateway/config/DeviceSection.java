package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Household;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code devices:} door devices with their transport.
 *
 * <pre>
 * - { id: door-3-2-501, kind: door-contact, household: "3-2-501", source: mqtt }
 * - { id: door-9, household: "3-2-501", source: mqtt, topic: "custom/door-9", profile: acme-v2 }
 * - { id: reader-3, kind: card-reader, source: serial, port: bus-1 }
 * </pre>
 *
 * {@code topic} and {@code profile} belong to MQTT devices; {@code port} (required) to serial
 * and TCP devices and must name an entry of {@code ports:}.
 *
 * <p>Read in two steps, so that the list can be streamed ({@link StreamingComposer}): each
 * entry is checked on its own as it is composed ({@link #item}), in file order whatever the
 * order of the sections; the names it refers to (household, profile, port) are checked by
 * {@link #finish} once those sections are read, at the positions kept for them. An entry keeps
 * a few numbers besides its {@link GatewayConfig.DeviceConfig}, never its nodes.
 */
final class DeviceSection {

    static final Set<String> KEYS = Set.of("id", "kind", "household", "source", "topic", "profile", "port");
    static final List<String> SOURCES = List.of("mqtt", "serial", "tcp");

    private final ConfigContext ctx;
    private final List<GatewayConfig.DeviceConfig> out = new ArrayList<>();
    /** Per device of {@link #out}: its index in the YAML list, and the positions of its values ({@link YamlMap#position}). */
    private int[] index = new int[64];
    private long[] householdAt = new long[64];
    private long[] profileAt = new long[64];
    private long[] portAt = new long[64];
    private long[] sourceAt = new long[64];
    private final Map<String, Integer> seenAt = new HashMap<>();
    private final Map<String, String> topics = new HashMap<>();
    /** One instance per distinct kind, source, profile and port name: 100,000 devices share a few. */
    private final Map<String, String> names = new HashMap<>();

    DeviceSection(ConfigContext ctx) {
        this.ctx = ctx;
    }

    /** Checks entry {@code i} of the list on its own and keeps it. */
    void item(int i, Node node) {
        YamlMap d = YamlMap.of(ctx.file, ctx.problems, "devices[" + i + "]", node);
        if (!d.isPresent()) {
            return;
        }
        d.rejectUnknown(KEYS);
        String id = d.requiredString("id", "a device id such as door-3-2-501");
        if (id == null) {
            return;
        }
        if (!ConfigLoader.NAME.matcher(id).matches()) {
            ctx.at(d.value("id"), d.child("id") + ": '" + id
                    + "' is not a valid device id; expected letters, digits, '-', '_', '.' or ':' (it is used in MQTT topics)");
            return;
        }
        Integer first = seenAt.putIfAbsent(id, YamlMap.line(node));
        if (first != null) {
            ctx.at(d.value("id"), d.child("id") + ": duplicate device id '" + id + "' (first at "
                    + ctx.file.getFileName() + ":" + first + ")");
            return;
        }
        String household = d.string("household");
        String source = d.string("source", "mqtt");
        if (!SOURCES.contains(source)) {
            ctx.at(d.value("source"), d.child("source") + ": unknown source '" + source
                    + "'" + DidYouMean.hint(source, SOURCES) + "; expected mqtt, serial or tcp");
        }
        String topic = d.string("topic");
        String profile = d.string("profile");
        String port = d.string("port");
        long profileRef = 0;
        long portRef = 0;
        if (source.equals("mqtt")) {
            if (port != null) {
                ctx.at(d.keyNode("port"), d.child("port") + ": only serial and tcp devices hang on a port; this device's source is mqtt");
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
            if (profile != null) {
                profileRef = YamlMap.position(d.value("profile"));
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
            } else {
                portRef = YamlMap.position(d.value("port"));
            }
        }
        int n = out.size();
        if (n == index.length) {
            int grown = n * 2;
            index = java.util.Arrays.copyOf(index, grown);
            householdAt = java.util.Arrays.copyOf(householdAt, grown);
            profileAt = java.util.Arrays.copyOf(profileAt, grown);
            portAt = java.util.Arrays.copyOf(portAt, grown);
            sourceAt = java.util.Arrays.copyOf(sourceAt, grown);
        }
        index[n] = i;
        householdAt[n] = household == null ? 0 : YamlMap.position(d.value("household"));
        profileAt[n] = profileRef;
        portAt[n] = portRef;
        sourceAt[n] = YamlMap.position(d.value("source"));
        out.add(new GatewayConfig.DeviceConfig(id, name(d.string("kind", "door-contact")), household, name(source),
                topic, name(profile), name(port)));
    }

    /**
     * Checks what the devices refer to, now that households, profiles and ports are read, and
     * returns the devices in config order. A device's household id is the household's own
     * instance.
     */
    List<GatewayConfig.DeviceConfig> finish(Map<String, Household> households, Set<String> profiles, Set<String> ports) {
        for (int n = 0; n < out.size(); n++) {
            GatewayConfig.DeviceConfig d = out.get(n);
            String path = "devices[" + index[n] + "]";
            if (d.household() != null) {
                Household h = households.get(d.household());
                if (h == null) {
                    at(householdAt[n], path + ".household: unknown household '" + d.household() + "'"
                            + DidYouMean.hint(d.household(), households.keySet()));
                } else if (h.id() != d.household()) {
                    out.set(n, new GatewayConfig.DeviceConfig(d.id(), d.kind(), h.id(), d.source(), d.topic(),
                            d.profile(), d.port()));
                }
            }
            if (profileAt[n] != 0 && !profiles.contains(d.profile())) {
                at(profileAt[n], path + ".profile: unknown profile '" + d.profile() + "'"
                        + DidYouMean.hint(d.profile(), profiles) + "; known: " + HouseholdSection.known(profiles));
            }
            if (portAt[n] != 0 && !ports.contains(d.port())) {
                at(portAt[n], path + ".port: unknown port '" + d.port() + "'"
                        + DidYouMean.hint(d.port(), ports) + "; known: " + HouseholdSection.known(ports));
            }
        }
        return out;
    }

    /** Device {@code n} of {@link #finish}'s list: its path in the YAML ({@code devices[7]}). */
    String path(int n) {
        return "devices[" + index[n] + "]";
    }

    /** Where device {@code n}'s {@code source} value is ({@link YamlMap#position}; 0 when it has none). */
    long sourceAt(int n) {
        return sourceAt[n];
    }

    /** Where device {@code n}'s {@code port} value is. */
    long portAt(int n) {
        return portAt[n];
    }

    /** Records a problem at a position kept by {@link YamlMap#position}. */
    void at(long position, String message) {
        YamlMap.at(ctx, position, message);
    }

    private String name(String s) {
        if (s == null) {
            return null;
        }
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }
}

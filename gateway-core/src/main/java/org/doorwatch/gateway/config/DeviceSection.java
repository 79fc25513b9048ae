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
 * {@code topic} and {@code profile} belong to MQTT devices; {@code port} (required) to serial,
 * TCP and UDP (uhppote controller) devices and must name an entry of {@code ports:}. An entry {@code { file: devices.csv }}
 * reads devices from a CSV file with the header {@code id,kind,household,source,topic,profile,port,building}
 * (columns in any order, only {@code id} required; empty cells are absent values): a community's
 * thousands of door contacts are a spreadsheet, and a CSV file is read several times faster than
 * the same devices in YAML (BENCHMARKS.md, start-up).
 *
 * <p>Read in two steps, so that the list can be streamed ({@link StreamingComposer}): each
 * entry is checked on its own as it is composed ({@link #item}), in file order whatever the
 * order of the sections; the names it refers to (household, profile, port) are checked by
 * {@link #finish} once those sections are read, at the positions kept for them. An entry keeps
 * a few numbers besides its {@link GatewayConfig.DeviceConfig}, never its nodes.
 */
final class DeviceSection {

    static final Set<String> KEYS = Set.of("id", "kind", "household", "households", "source", "topic", "profile", "port",
            "building");
    static final List<String> SOURCES = List.of("mqtt", "serial", "tcp", "udp");

    private final ConfigContext ctx;
    private final List<GatewayConfig.DeviceConfig> out = new ArrayList<>();
    /** Per device of {@link #out}: its index in the YAML list, and the positions of its values ({@link YamlMap#position}). */
    private int[] index = new int[64];
    private long[] householdAt = new long[64];
    private long[] profileAt = new long[64];
    private long[] portAt = new long[64];
    private long[] sourceAt = new long[64];
    /** Per device: the file its positions are in (index into {@link #files}; 0 is the config file). */
    private byte[] fileAt = new byte[64];
    private final List<java.nio.file.Path> files = new ArrayList<>();
    private final Map<String, String> seenAt = new HashMap<>();
    private final Map<String, String> topics = new HashMap<>();
    /** One instance per distinct kind, source, profile and port name: 100,000 devices share a few. */
    private final Map<String, String> names = new HashMap<>();
    /** Per device with {@code households:} (few): where each glob is, for {@link #finish}'s check against the households. */
    private final Map<Integer, long[]> globsAt = new HashMap<>();

    DeviceSection(ConfigContext ctx) {
        this.ctx = ctx;
        files.add(ctx.file);
    }

    /**
     * One device entry as either source shows it: values by key (null when absent or empty),
     * positions of values and keys ({@link YamlMap#position}), where problems of the whole entry go,
     * and how its keys are named in messages.
     */
    private interface Entry {
        String value(String key);

        boolean has(String key);

        long valueAt(String key);

        long keyAt(String key);

        /** Where "missing key" and other problems of the whole entry go. */
        long entryAt();

        /** The key as messages name it: {@code devices[3].household} in the YAML, {@code household} in a CSV. */
        String label(String key);

        /** {@code devices[3]: } in the YAML, nothing in a CSV (its position says the row). */
        String prefix();

        int line();

        int file();
    }

    /** Checks entry {@code i} of the list on its own and keeps it; {@code { file: x.csv }} reads the CSV's rows. */
    void item(int i, Node node) {
        YamlMap d = YamlMap.of(ctx.file, ctx.problems, "devices[" + i + "]", node);
        if (!d.isPresent()) {
            return;
        }
        if (d.has("file")) {
            d.rejectUnknown(Set.of("file"));
            java.nio.file.Path csv = ctx.source(d.string("file"));
            if (csv != null) {
                readCsv(csv, d.value("file"));
            }
            return;
        }
        d.rejectUnknown(KEYS);
        add(new Entry() {
            @Override public String value(String key) {
                return d.string(key);
            }

            @Override public boolean has(String key) {
                return d.has(key);
            }

            @Override public long valueAt(String key) {
                return YamlMap.position(d.value(key));
            }

            @Override public long keyAt(String key) {
                return YamlMap.position(d.keyNode(key));
            }

            @Override public long entryAt() {
                return YamlMap.position(d.node());
            }

            @Override public String label(String key) {
                return d.child(key);
            }

            @Override public String prefix() {
                return d.path() + ": ";
            }

            @Override public int line() {
                return YamlMap.line(node);
            }

            @Override public int file() {
                return 0;
            }
        }, i, d);
    }

    static final List<String> COLUMNS = List.of("id", "kind", "household", "source", "topic", "profile", "port", "building");

    private void readCsv(java.nio.file.Path path, Node reference) {
        CsvTable table = CsvTable.read(ctx, path, reference, "devices", COLUMNS, List.of("id"));
        if (table == null) {
            return;
        }
        if (files.size() == Byte.MAX_VALUE) {
            ctx.at(reference, "devices: more than " + (Byte.MAX_VALUE - 1) + " device files; merge them");
            return;
        }
        int file = files.size();
        files.add(table.file());
        for (CsvReader.Row row : table.rows()) {
            add(new Entry() {
                @Override public String value(String key) {
                    String v = table.get(row, key);
                    return v.isEmpty() ? null : v;
                }

                @Override public boolean has(String key) {
                    return value(key) != null;
                }

                @Override public long valueAt(String key) {
                    return (long) row.line() << 32 | table.column(row, key);
                }

                @Override public long keyAt(String key) {
                    return valueAt(key);
                }

                @Override public long entryAt() {
                    return (long) row.line() << 32 | 1;
                }

                @Override public String label(String key) {
                    return key;
                }

                @Override public String prefix() {
                    return "";
                }

                @Override public int line() {
                    return row.line();
                }

                @Override public int file() {
                    return file;
                }
            }, -1, null);
        }
    }

    /** The checks of one entry on its own (YAML item {@code i}, or a CSV row with {@code i} -1). */
    private void add(Entry d, int i, YamlMap yaml) {
        String id = yaml != null ? yaml.requiredString("id", "a device id such as door-3-2-501") : d.value("id");
        if (id == null) {
            if (yaml == null) {
                atFile(d.file(), d.valueAt("id"), "id: empty; every row needs a device id");
            }
            return;
        }
        if (!ConfigLoader.NAME.matcher(id).matches()) {
            atFile(d.file(), d.valueAt("id"), d.label("id") + ": '" + id
                    + "' is not a valid device id; expected letters, digits, '-', '_', '.' or ':' (it is used in MQTT topics)");
            return;
        }
        String here = files.get(d.file()).getFileName() + ":" + d.line();
        String first = seenAt.putIfAbsent(id, here);
        if (first != null) {
            atFile(d.file(), d.valueAt("id"), d.label("id") + ": duplicate device id '" + id + "' (first at " + first + ")");
            return;
        }
        String household = d.value("household");
        String source = d.value("source");
        if (source == null) {
            source = "mqtt";
        }
        if (!SOURCES.contains(source)) {
            atFile(d.file(), d.valueAt("source"), d.label("source") + ": unknown source '" + source
                    + "'" + DidYouMean.hint(source, SOURCES) + "; expected mqtt, serial, tcp or udp (a uhppote controller)");
        }
        String topic = d.value("topic");
        String profile = d.value("profile");
        String port = d.value("port");
        long profileRef = 0;
        long portRef = 0;
        if (source.equals("mqtt")) {
            if (port != null) {
                atFile(d.file(), d.keyAt("port"), d.label("port") + ": only serial, tcp and udp devices hang on a port; this device's source is mqtt");
                port = null;
            }
            if (topic != null) {
                String problem = Topics.nameProblem(topic);
                String other = problem == null ? topics.putIfAbsent(topic, id) : null;
                if (problem != null) {
                    atFile(d.file(), d.valueAt("topic"), d.label("topic") + ": " + problem);
                } else if (other != null) {
                    atFile(d.file(), d.valueAt("topic"), d.label("topic") + ": topic '" + topic + "' is already device '" + other
                            + "''s; each device needs its own topic");
                }
            }
            if (profile != null) {
                profileRef = d.valueAt("profile");
            }
        } else if (SOURCES.contains(source)) {
            for (String key : new String[] {"topic", "profile"}) {
                if (d.has(key)) {
                    atFile(d.file(), d.keyAt(key), d.label(key) + ": only mqtt devices have a " + key + "; this device's source is " + source);
                }
            }
            topic = null;
            profile = null;
            if (port == null) {
                atFile(d.file(), d.entryAt(), d.prefix() + "missing key 'port'; expected the id of the entry in 'ports:' this "
                        + source + " device hangs on");
            } else {
                portRef = d.valueAt("port");
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
            fileAt = java.util.Arrays.copyOf(fileAt, grown);
        }
        index[n] = i;
        fileAt[n] = (byte) d.file();
        householdAt[n] = household == null ? 0 : d.valueAt("household");
        profileAt[n] = profileRef;
        portAt[n] = portRef;
        sourceAt[n] = d.has("source") ? d.valueAt("source") : 0;
        String building = d.value("building");
        if (building != null && !ConfigLoader.NAME.matcher(building).matches()) {
            atFile(d.file(), d.valueAt("building"), d.label("building") + ": '" + building
                    + "' is not a valid building; expected letters, digits, '-', '_', '.' or ':' (e.g. \"3\")");
            building = null;
        }
        List<HouseholdGlob> allowed = yaml == null ? List.of() : allowedHouseholds(yaml, id, household, n);
        String kind = d.value("kind");
        out.add(new GatewayConfig.DeviceConfig(id, name(kind == null ? "door-contact" : kind), household, name(source),
                topic, name(profile), name(port),
                name(building != null ? building : GatewayConfig.DeviceConfig.buildingOf(household)), allowed));
    }

    /**
     * {@code households:}, the households a shared device's events may name (SPEC 10); absent:
     * any. A flat's device names only its own household, so the key there is a mistake, and so
     * are an empty list and a malformed glob; one that matches no configured household is found
     * by {@link #finish}.
     */
    private List<HouseholdGlob> allowedHouseholds(YamlMap d, String id, String household, int n) {
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
        List<Long> at = new ArrayList<>();
        for (int g = 0; g < globs.size(); g++) {
            String glob = globs.get(g);
            Node node = g < nodes.size() ? nodes.get(g) : value;
            if (!UserSection.GLOB.matcher(glob).matches()) {
                ctx.at(node, d.child("households") + ": '" + glob + "' is not a household id or glob; expected e.g. 3-* or 3-2-501");
                continue;
            }
            out.add(new HouseholdGlob(glob));
            at.add(YamlMap.position(node));
        }
        if (!out.isEmpty()) {
            globsAt.put(n, at.stream().mapToLong(Long::longValue).toArray());
        }
        return out;
    }

    /**
     * Checks what the devices refer to, now that households, profiles and ports are read, and
     * returns the devices in config order. A device's household id is the household's own
     * instance.
     */
    List<GatewayConfig.DeviceConfig> finish(Map<String, Household> households, Set<String> profiles, Set<String> ports) {
        for (int n = 0; n < out.size(); n++) {
            GatewayConfig.DeviceConfig d = out.get(n);
            if (d.household() != null) {
                Household h = households.get(d.household());
                if (h == null) {
                    at(n, householdAt[n], key(n, "household") + ": unknown household '" + d.household() + "'"
                            + DidYouMean.hint(d.household(), households.keySet()));
                } else if (h.id() != d.household()) {
                    out.set(n, new GatewayConfig.DeviceConfig(d.id(), d.kind(), h.id(), d.source(), d.topic(),
                            d.profile(), d.port(), d.building(), d.households()));
                }
            }
            long[] globs = globsAt.get(n);
            for (int g = 0; globs != null && g < d.households().size(); g++) {
                HouseholdGlob hg = d.households().get(g);
                if (households.keySet().stream().noneMatch(hg::matches)) {
                    String glob = hg.toString();
                    String hint = glob.indexOf('*') < 0 && glob.indexOf('?') < 0 ? DidYouMean.hint(glob, households.keySet()) : "";
                    at(n, globs[g], key(n, "households") + ": '" + glob + "' matches no household" + hint);
                }
            }
            if (profileAt[n] != 0 && !profiles.contains(d.profile())) {
                at(n, profileAt[n], key(n, "profile") + ": unknown profile '" + d.profile() + "'"
                        + DidYouMean.hint(d.profile(), profiles) + "; known: " + HouseholdSection.known(profiles));
            }
            if (portAt[n] != 0 && !ports.contains(d.port())) {
                at(n, portAt[n], key(n, "port") + ": unknown port '" + d.port() + "'"
                        + DidYouMean.hint(d.port(), ports) + "; known: " + HouseholdSection.known(ports));
            }
        }
        return out;
    }

    /** How messages name {@code key} of device {@code n} of {@link #finish}'s list: {@code devices[7].port}, or {@code port} for a CSV row. */
    String key(int n, String key) {
        return index[n] < 0 ? key : "devices[" + index[n] + "]." + key;
    }

    /** Where device {@code n}'s {@code source} value is ({@link YamlMap#position}; 0 when it has none). */
    long sourceAt(int n) {
        return sourceAt[n];
    }

    /** Where device {@code n}'s {@code port} value is. */
    long portAt(int n) {
        return portAt[n];
    }

    /** Records a problem of device {@code n} of {@link #finish}'s list at a position kept for it. */
    void at(int n, long position, String message) {
        atFile(fileAt[n], position, message);
    }

    private void atFile(int file, long position, String message) {
        ctx.problems.at(files.get(file), (int) (position >>> 32), (int) position, message);
    }

    private String name(String s) {
        if (s == null) {
            return null;
        }
        String known = names.putIfAbsent(s, s);
        return known == null ? s : known;
    }
}

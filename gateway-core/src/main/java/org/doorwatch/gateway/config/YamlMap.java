package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A typed, position-aware view of one YAML mapping. Every getter that finds a value of the
 * wrong kind records a problem at the value's line and column and returns the default, so that
 * reading goes on and every mistake in the file is reported in one run.
 *
 * <p>Messages start with the key's dotted path ({@code policies.elderly.inactivity.warning})
 * and say what was found and what was expected.
 */
final class YamlMap {

    private final Path file;
    private final Problems problems;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(Path file, Problems problems, String path, Node node) {
        this.file = file;
        this.problems = problems;
        this.path = path;
        this.node = node;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    problems.at(file, t.getKeyNode(), where() + "keys must be plain names, found " + describe(t.getKeyNode()));
                } else if (entries.containsKey(key)) {
                    problems.at(file, t.getKeyNode(), "duplicate key '" + key + "' in " + label()
                            + " (first at line " + line(entries.get(key).getKeyNode()) + ")");
                } else {
                    entries.put(key, t);
                }
            }
        }
    }

    /** A view of {@code node}; a non-mapping is reported and read as empty. */
    static YamlMap of(Path file, Problems problems, String path, Node node) {
        if (node != null && !(node instanceof MappingNode) && !isNull(node)) {
            problems.at(file, node, (path.isEmpty() ? "" : path + ": ") + "expected a mapping of keys, found " + describe(node));
            return new YamlMap(file, problems, path, null);
        }
        return new YamlMap(file, problems, path, node);
    }

    Path file() {
        return file;
    }

    Problems problems() {
        return problems;
    }

    String path() {
        return path;
    }

    /** The mapping node itself (for positions), or null when absent. */
    Node node() {
        return node;
    }

    boolean isPresent() {
        return node instanceof MappingNode;
    }

    boolean has(String key) {
        Node v = value(key);
        return v != null && !isNull(v);
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The value node of {@code key}, or null. */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The key node of {@code key} (for positions), or null. */
    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key not in {@code allowed}, suggesting the nearest allowed one. */
    void rejectUnknown(Collection<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String hint = DidYouMean.hint(e.getKey(), allowed);
                String expected = hint.isEmpty() ? "; expected one of: " + String.join(", ", new TreeSet<>(allowed)) : "";
                problems.at(file, e.getValue().getKeyNode(),
                        "unknown key '" + e.getKey() + "' in " + label() + hint + expected);
            }
        }
    }

    // ------------------------------------------------------------------ scalars

    /** A string value, or null when absent. Numbers and booleans are read as their text. */
    String string(String key) {
        Node v = value(key);
        if (v == null || isNull(v)) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            problems.at(file, v, child(key) + ": expected a text value, found " + describe(v));
            return null;
        }
        return s.getValue();
    }

    String string(String key, String def) {
        String s = string(key);
        return s == null ? def : s;
    }

    /** A string that must be present; its absence is reported at the mapping. */
    String requiredString(String key, String expected) {
        String s = string(key);
        if (s == null && value(key) == null) {
            missing(key, expected);
        } else if (s == null || s.isBlank()) {
            if (value(key) instanceof ScalarNode) {
                problems.at(file, value(key), child(key) + ": must not be empty; expected " + expected);
            }
            return null;
        }
        return s;
    }

    void missing(String key, String expected) {
        problems.at(file, node, (path.isEmpty() ? "" : path + ": ") + "missing key '" + key + "'; expected " + expected);
    }

    Duration duration(String key, Duration def) {
        String s = string(key);
        if (s == null) {
            return def;
        }
        Duration d = Durations.parse(s);
        if (d == null || d.isZero()) {
            problems.at(file, value(key), child(key) + ": bad duration '" + s + "'; expected " + Durations.EXPECTED);
            return def;
        }
        return d;
    }

    Integer integer(String key, Integer def, int min, int max) {
        Node v = value(key);
        String s = string(key);
        if (s == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n < min || n > max) {
                problems.at(file, v, child(key) + ": " + n + " is out of range; expected a whole number from " + min + " to " + max);
                return def;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.at(file, v, child(key) + ": expected a whole number from " + min + " to " + max + ", found '" + s + "'");
            return def;
        }
    }

    Boolean bool(String key, Boolean def) {
        String s = string(key);
        if (s == null) {
            return def;
        }
        if (s.equals("true")) return Boolean.TRUE;
        if (s.equals("false")) return Boolean.FALSE;
        problems.at(file, value(key), child(key) + ": expected true or false, found '" + s + "'");
        return def;
    }

    /** A list of strings; a single scalar is read as a one-element list. */
    List<String> strings(String key) {
        Node v = value(key);
        List<String> out = new ArrayList<>();
        if (v == null || isNull(v)) {
            return out;
        }
        if (v instanceof ScalarNode s) {
            out.add(s.getValue());
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            problems.at(file, v, child(key) + ": expected a list of names, found " + describe(v));
            return out;
        }
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !isNull(item)) {
                out.add(s.getValue());
            } else {
                problems.at(file, item, child(key) + ": expected a name, found " + describe(item));
            }
        }
        return out;
    }

    /** The scalar nodes of a list value, for callers that report per item. */
    List<Node> items(String key) {
        Node v = value(key);
        if (v == null || isNull(v)) {
            return List.of();
        }
        if (!(v instanceof SequenceNode seq)) {
            problems.at(file, v, child(key) + ": expected a list, found " + describe(v));
            return List.of();
        }
        return seq.getValue();
    }

    /** A nested mapping; absent reads as empty. */
    YamlMap map(String key) {
        return YamlMap.of(file, problems, child(key), value(key));
    }

    // ------------------------------------------------------------------ helpers

    private String label() {
        return path.isEmpty() ? "the top level" : "'" + path + "'";
    }

    private String where() {
        return path.isEmpty() ? "" : path + ": ";
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /**
     * Where {@code n} starts, as one number ({@code line << 32 | column}, both from 1), so that a
     * reader that drops its nodes can still report a problem there ({@link #at}); 0 for none.
     */
    static long position(Node n) {
        if (n == null) {
            return 0;
        }
        return n.getStartMark().map(m -> (long) (m.getLine() + 1) << 32 | (m.getColumn() + 1)).orElse(0L);
    }

    /** Records a problem in the config file at a {@link #position} (0: no position, like a null node). */
    static void at(ConfigContext ctx, long position, String message) {
        ctx.problems.at(ctx.file, (int) (position >>> 32), (int) position, message);
    }

    static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** What a node is, for "found ..." in messages. Scalars are quoted, long ones cut. */
    static String describe(Node n) {
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        if (n instanceof ScalarNode s) {
            if (isNull(n)) return "nothing";
            String v = s.getValue();
            return "'" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'";
        }
        return "something else";
    }
}

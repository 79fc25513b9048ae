package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code ports:} serial lines and serial device servers that {@code serial}/{@code tcp}
 * devices hang on. Only the outline is read here: a list of mappings, each with a unique
 * {@code id}; the rest of each mapping is kept as plain values in {@link GatewayConfig.PortConfig}
 * for the serial drivers to read (their settings are defined with the drivers).
 */
final class PortSection {

    private PortSection() {}

    static List<GatewayConfig.PortConfig> read(ConfigContext ctx, YamlMap top) {
        List<GatewayConfig.PortConfig> out = new ArrayList<>();
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
            String first = seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(items.get(i)));
            if (first != null) {
                ctx.at(p.value("id"), p.child("id") + ": duplicate port id '" + id + "' (first at " + first + ")");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) plain(items.get(i));
            out.add(new GatewayConfig.PortConfig(id, settings));
        }
        return out;
    }

    /** A node as plain values: scalars as their text (null for YAML null), lists, maps in order. */
    static Object plain(Node node) {
        if (node instanceof ScalarNode s) {
            return YamlMap.isNull(s) ? null : s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            seq.getValue().forEach(n -> list.add(plain(n)));
            return Collections.unmodifiableList(list);
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    map.putIfAbsent(k.getValue(), plain(t.getValueNode()));
                }
            }
            return Collections.unmodifiableMap(map);
        }
        return null;
    }
}

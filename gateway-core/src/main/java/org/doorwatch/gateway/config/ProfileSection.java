package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.drivers.json.PayloadProfile;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code profiles:} vendor JSON to normalized events, checked with the same rules
 * {@link PayloadProfile} applies, but each mistake reported at its own line and column.
 *
 * <pre>
 * acme-v2:
 *   topics: ["acme/+/event"]
 *   fields: { device: /devId, type: /evt/code, ts: /evt/time }
 *   values: { type: { "1": DOOR_OPENED, "2": DOOR_CLOSED } }
 *   timeFormat: epoch-ms
 * uhppoted:
 *   builtin: uhppoted-mqtt          # uhppoted-mqtt's event messages, read by code
 *   topics: [uhppoted/gateway/events/live]
 *   values: { device: { "405419896/1": gate-3-in } }   # controller serial / door to device
 * </pre>
 */
final class ProfileSection {

    private ProfileSection() {}

    static Map<String, GatewayConfig.PayloadProfileConfig> read(ConfigContext ctx, YamlMap profiles) {
        Map<String, GatewayConfig.PayloadProfileConfig> out = new LinkedHashMap<>();
        for (String name : profiles.keys()) {
            if (!ConfigLoader.NAME.matcher(name).matches()) {
                ctx.at(profiles.keyNode(name), "profiles: '" + name + "' is not a valid profile name; expected letters, digits, '-', '_' or '.'");
                continue;
            }
            YamlMap p = profiles.map(name);
            int before = ctx.problems.size();
            p.rejectUnknown(Set.of("topics", "fields", "values", "timeFormat", "builtin"));
            if (p.has("builtin")) {
                out.put(name, builtIn(ctx, p, name, before));
                continue;
            }
            List<String> topics = topics(ctx, p);
            Map<String, String> fields = fields(ctx, p);
            Map<String, Map<String, String>> values = values(ctx, p);
            String timeFormat = p.string("timeFormat", PayloadProfile.ISO);
            String tf = PayloadProfile.timeFormatProblem(timeFormat);
            if (tf != null) {
                ctx.at(p.value("timeFormat"), p.child("timeFormat") + ": " + tf);
            }
            if (p.isPresent() && !p.has("fields")) {
                p.missing("fields", "the JSON Pointer of each field, at least type, e.g. fields: { type: /evt/code }");
            }
            GatewayConfig.PayloadProfileConfig config = new GatewayConfig.PayloadProfileConfig(name, topics, fields, values, timeFormat);
            if (ctx.problems.size() == before) {
                try {
                    config.toProfile();
                } catch (IllegalArgumentException e) {
                    // Defensive: the checks above mirror PayloadProfile's; this keeps them honest.
                    ctx.at(p.node(), p.path() + ": " + e.getMessage());
                }
            }
            out.put(name, config);
        }
        return out;
    }

    /**
     * {@code builtin: uhppoted-mqtt}: the reading is code, so {@code fields} and {@code timeFormat}
     * would only mislead; {@code values} renames as in any profile (the devices, above all).
     */
    private static GatewayConfig.PayloadProfileConfig builtIn(ConfigContext ctx, YamlMap p, String name, int before) {
        String builtin = p.string("builtin");
        String problem = builtin == null ? "expected the name of a built-in profile: " + String.join(", ", PayloadProfile.BUILT_INS)
                : PayloadProfile.builtInProblem(builtin);
        if (problem != null) {
            ctx.at(p.value("builtin"), p.child("builtin") + ": " + problem
                    + (builtin == null ? "" : DidYouMean.hint(builtin, PayloadProfile.BUILT_INS)));
        }
        for (String key : List.of("fields", "timeFormat")) {
            if (p.has(key)) {
                ctx.at(p.keyNode(key), p.child(key) + ": the built-in profile '" + builtin + "' reads its own fields and times; remove '"
                        + key + "'");
            }
        }
        List<String> topics = topics(ctx, p);
        if (p.isPresent() && !p.has("topics")) {
            p.missing("topics", "the topics uhppoted-mqtt publishes its events to, e.g. topics: [uhppoted/gateway/events/live]");
        }
        Map<String, Map<String, String>> values = values(ctx, p);
        GatewayConfig.PayloadProfileConfig config = new GatewayConfig.PayloadProfileConfig(name, topics, Map.of(), values,
                PayloadProfile.ISO, problem == null ? builtin : null);
        if (problem == null && ctx.problems.size() == before) {
            try {
                config.toProfile();
            } catch (IllegalArgumentException e) {
                ctx.at(p.node(), p.path() + ": " + e.getMessage());
            }
        }
        return config;
    }

    private static List<String> topics(ConfigContext ctx, YamlMap p) {
        List<String> topics = p.strings("topics");
        List<Node> nodes = p.items("topics");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            String problem = Topics.filterProblem(topics.get(i));
            if (problem != null) {
                ctx.at(i < nodes.size() ? nodes.get(i) : p.value("topics"), p.child("topics") + ": " + problem);
            } else {
                out.add(topics.get(i));
            }
        }
        return out;
    }

    private static Map<String, String> fields(ConfigContext ctx, YamlMap p) {
        YamlMap fields = p.map("fields");
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : fields.keys()) {
            String problem = PayloadProfile.fieldProblem(field);
            if (problem != null) {
                ctx.at(fields.keyNode(field), fields.path() + ": " + problem + DidYouMean.hint(field, PayloadProfile.FIELDS));
                continue;
            }
            String path = fields.string(field);
            if (path == null) {
                continue;
            }
            String bad = PayloadProfile.pointerProblem(path);
            if (bad != null) {
                ctx.at(fields.value(field), fields.child(field) + ": " + bad);
                continue;
            }
            out.put(field, path);
        }
        if (fields.isPresent() && !out.containsKey("type") && !fields.keys().contains("type")) {
            ctx.at(fields.node(), fields.path() + ": missing key 'type'; expected the JSON Pointer of the vendor's event type, e.g. /evt/code");
        }
        return out;
    }

    private static Map<String, Map<String, String>> values(ConfigContext ctx, YamlMap p) {
        YamlMap values = p.map("values");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String field : values.keys()) {
            String problem = PayloadProfile.fieldProblem(field);
            if (problem == null && field.equals("ts")) {
                problem = "timestamps are not renamed; use timeFormat";
            }
            if (problem != null) {
                ctx.at(values.keyNode(field), values.path() + ": " + problem);
                continue;
            }
            YamlMap map = values.map(field);
            Map<String, String> renames = new LinkedHashMap<>();
            for (String vendor : map.keys()) {
                String normalized = map.string(vendor);
                String bad = PayloadProfile.valueProblem(field, normalized);
                if (bad != null) {
                    ctx.at(map.value(vendor), map.child(vendor) + ": " + bad);
                    continue;
                }
                renames.put(vendor, normalized);
            }
            out.put(field, renames);
        }
        return out;
    }
}

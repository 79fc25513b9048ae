package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code households:} a list of inline entries and {@code {file: x.csv}} references, read in
 * order; ids are unique across all of them.
 *
 * <pre>
 * - { id: "3-2-501", address: "3栋2单元501", policy: elderly-living-alone, tags: [elderly],
 *     contacts: [{ name: 王小明, phone: "13800000001" }] }
 * - { file: households.csv }
 * </pre>
 */
final class HouseholdSection {

    static final Set<String> KEYS = Set.of("id", "address", "policy", "tags", "contacts");
    /** Digits with an optional leading + and '-' or space separators: 13800000001, 0571-8888 1234. */
    static final Pattern PHONE = Pattern.compile("\\+?[0-9](?:[0-9 -]*[0-9])?");

    /** Households in config order, contacts by household, and where each id was first seen. */
    static final class Result {
        final List<Household> households = new ArrayList<>();
        final Map<String, List<GatewayConfig.Contact>> contacts = new LinkedHashMap<>();
        final Map<String, String> seenAt = new HashMap<>();
    }

    private HouseholdSection() {}

    static Result read(ConfigContext ctx, YamlMap top, Map<String, Policy> policies) {
        Result out = new Result();
        List<Node> items = top.items("households");
        for (int i = 0; i < items.size(); i++) {
            YamlMap h = YamlMap.of(ctx.file, ctx.problems, "households[" + i + "]", items.get(i));
            if (h.has("file")) {
                h.rejectUnknown(Set.of("file"));
                Path csv = ctx.source(h.string("file"));
                if (csv != null) {
                    HouseholdCsv.read(ctx, csv, h.value("file"), out, policies);
                }
                continue;
            }
            if (!h.isPresent()) {
                continue;
            }
            h.rejectUnknown(KEYS);
            String id = h.requiredString("id", "a household id such as 3-2-501");
            if (id == null) {
                continue;
            }
            String first = out.seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(items.get(i)));
            if (first != null) {
                ctx.at(h.value("id"), h.child("id") + ": duplicate household id '" + id + "' (first at " + first + ")");
                continue;
            }
            String policy = h.string("policy");
            if (policy != null && !policies.containsKey(policy)) {
                ctx.at(h.value("policy"), h.child("policy") + ": unknown policy '" + policy + "'"
                        + DidYouMean.hint(policy, policies.keySet()) + "; known: " + known(policies.keySet()));
                policy = null;
            }
            out.households.add(new Household(id, h.string("address"), policy, h.strings("tags")));
            List<GatewayConfig.Contact> contacts = contacts(ctx, h);
            if (!contacts.isEmpty()) {
                out.contacts.put(id, contacts);
            }
        }
        return out;
    }

    private static List<GatewayConfig.Contact> contacts(ConfigContext ctx, YamlMap h) {
        List<GatewayConfig.Contact> out = new ArrayList<>();
        List<Node> items = h.items("contacts");
        for (int i = 0; i < items.size(); i++) {
            YamlMap c = YamlMap.of(ctx.file, ctx.problems, h.child("contacts") + "[" + i + "]", items.get(i));
            if (!c.isPresent()) {
                continue;
            }
            c.rejectUnknown(Set.of("name", "phone"));
            String name = c.string("name");
            String phone = c.string("phone");
            if (phone != null && !PHONE.matcher(phone.trim()).matches()) {
                // Personal data: the message names the key, never the value.
                ctx.at(c.value("phone"), c.child("phone") + ": not a phone number; expected digits, optionally with a leading +, '-' or spaces");
            }
            if (name == null && phone == null) {
                ctx.at(c.node(), c.path() + ": expected 'name' and/or 'phone'");
                continue;
            }
            out.add(new GatewayConfig.Contact(name, phone == null ? null : phone.trim()));
        }
        return out;
    }

    /** Tags of a CSV cell: separated by ';', blanks dropped. */
    static List<String> tags(String cell) {
        List<String> tags = new ArrayList<>();
        for (String tag : cell.split(";")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return tags;
    }

    static String known(Collection<String> names) {
        return names.isEmpty() ? "(none defined)" : String.join(", ", names);
    }
}

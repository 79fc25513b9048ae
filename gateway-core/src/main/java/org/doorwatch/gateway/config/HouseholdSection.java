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
        /** Policy names to check once the policies are read: where each was written (file, line, column), and its key's path for the message. */
        final List<PolicyRef> policyRefs = new ArrayList<>();
        /** Tag lists and policy names as written, one instance each: 100,000 households share a handful. */
        private final Map<String, List<String>> tagLists = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();

        /** The tags of a CSV cell ({@link HouseholdSection#tags}), the same immutable list for the same cell. */
        List<String> tags(String cell) {
            return tagLists.computeIfAbsent(cell, c -> List.copyOf(HouseholdSection.tags(c)));
        }

        /** {@code name}, or the instance of an equal name seen before. */
        String name(String name) {
            if (name == null) {
                return null;
            }
            String known = names.putIfAbsent(name, name);
            return known == null ? name : known;
        }
    }

    /** A household's policy name, checked by {@link #finish} at this position. */
    record PolicyRef(Path file, int line, int column, String path, String policy) {}

    private final ConfigContext ctx;
    private final Result out = new Result();

    /**
     * Read in two steps, so that the list can be streamed ({@link StreamingComposer}): each entry
     * as it is composed ({@link #item}, CSV files included), in file order whatever the order of
     * the sections; the policies they name once {@code policies:} is read ({@link #finish}).
     */
    HouseholdSection(ConfigContext ctx) {
        this.ctx = ctx;
    }

    /** Entry {@code i} of {@code households:}: an inline household or a CSV file of them. */
    void item(int i, Node node) {
        YamlMap h = YamlMap.of(ctx.file, ctx.problems, "households[" + i + "]", node);
        if (h.has("file")) {
            h.rejectUnknown(Set.of("file"));
            Path csv = ctx.source(h.string("file"));
            if (csv != null) {
                HouseholdCsv.read(ctx, csv, h.value("file"), out);
            }
            return;
        }
        if (!h.isPresent()) {
            return;
        }
        h.rejectUnknown(KEYS);
        String id = h.requiredString("id", "a household id such as 3-2-501");
        if (id == null) {
            return;
        }
        String first = out.seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(node));
        if (first != null) {
            ctx.at(h.value("id"), h.child("id") + ": duplicate household id '" + id + "' (first at " + first + ")");
            return;
        }
        String policy = h.string("policy");
        if (policy != null) {
            long at = YamlMap.position(h.value("policy"));
            out.policyRefs.add(new PolicyRef(ctx.file, (int) (at >>> 32), (int) at, h.child("policy"), policy));
        }
        out.households.add(new Household(id, h.string("address"), out.name(policy), h.strings("tags")));
        List<GatewayConfig.Contact> contacts = contacts(ctx, h);
        if (!contacts.isEmpty()) {
            out.contacts.put(id, contacts);
        }
    }

    /** Checks the policies the households name, now that {@code policies:} is read. */
    Result finish(Map<String, Policy> policies) {
        for (PolicyRef ref : out.policyRefs) {
            if (!policies.containsKey(ref.policy())) {
                ctx.problems.at(ref.file(), ref.line(), ref.column(), ref.path() + ": unknown policy '" + ref.policy() + "'"
                        + DidYouMean.hint(ref.policy(), policies.keySet()) + "; known: " + known(policies.keySet()));
            }
        }
        out.policyRefs.clear();
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

package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.List;
import org.doorwatch.domain.Household;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A household list exported from the property office's spreadsheet (SPEC section 3):
 * UTF-8, a header row {@code id,address,policy,tags,contact_name,contact_phone} (columns in any
 * order, only {@code id} required), tags separated by {@code ;}. Problems point at the CSV's
 * own line and column. Contact names and phones are personal data: messages never quote them.
 */
final class HouseholdCsv {

    static final List<String> COLUMNS = List.of("id", "address", "policy", "tags", "contact_name", "contact_phone");

    private HouseholdCsv() {}

    static void read(ConfigContext ctx, Path csv, Node reference, HouseholdSection.Result into) {
        CsvTable table = CsvTable.read(ctx, csv, reference, "households", COLUMNS, List.of("id"));
        if (table == null) {
            return;
        }
        for (CsvReader.Row row : table.rows()) {
            String id = table.get(row, "id");
            if (id.isEmpty()) {
                table.at(row, "id", "id: empty; every row needs a household id");
                continue;
            }
            String first = into.seenAt.putIfAbsent(id, table.where(row));
            if (first != null) {
                table.at(row, "id", "id: duplicate household id '" + id + "' (first at " + first + ")");
                continue;
            }
            String policy = table.get(row, "policy");
            if (!policy.isEmpty()) {
                // checked once the policies are read (HouseholdSection.finish)
                into.policyRefs.add(new HouseholdSection.PolicyRef(table.file(), row.line(), table.column(row, "policy"),
                        "policy", policy));
            }
            String address = table.get(row, "address");
            into.households.add(new Household(id, address.isEmpty() ? null : address,
                    policy.isEmpty() ? null : into.name(policy), into.tags(table.get(row, "tags"))));
            String name = table.get(row, "contact_name");
            String phone = table.get(row, "contact_phone");
            if (!phone.isEmpty() && !HouseholdSection.PHONE.matcher(phone).matches()) {
                table.at(row, "contact_phone", "contact_phone: not a phone number; expected digits, optionally with a leading +, '-' or spaces");
            }
            if (!name.isEmpty() || !phone.isEmpty()) {
                into.contacts.put(id, List.of(new GatewayConfig.Contact(name.isEmpty() ? null : name, phone.isEmpty() ? null : phone)));
            }
        }
    }
}

package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.HouseholdGlob;
import org.doorwatch.notify.DutyRoster;
import org.doorwatch.notify.Person;
import org.doorwatch.notify.Role;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * People from the community office's spreadsheet (SPEC section 8): UTF-8, a header row
 * {@code id,name,roles,households,phone} (columns in any order; an optional {@code duty} column),
 * roles, households and duty shifts separated by {@code ;}. Problems point at the CSV's own line
 * and column; names and phones never enter a message.
 */
final class PeopleCsv {

    static final List<String> COLUMNS = List.of("id", "name", "roles", "households", "phone", "duty");

    private PeopleCsv() {}

    static void read(ConfigContext ctx, Path csv, Node reference, PeopleSection.Result into, PeopleSection.Households known) {
        CsvTable table = CsvTable.read(ctx, csv, reference, "people", COLUMNS, List.of("id", "roles", "households", "phone"));
        if (table == null) {
            return;
        }
        for (CsvReader.Row row : table.rows()) {
            String id = table.get(row, "id");
            if (id.isEmpty()) {
                table.at(row, "id", "id: empty; every row needs a person id such as wang-li");
                continue;
            }
            boolean ok = true;
            if (!PeopleSection.ID.matcher(id).matches()) {
                table.at(row, "id", "id: '" + id + "' is not a valid person id; expected letters, digits and ._- (at most 64)");
                ok = false;
            } else {
                String first = into.seenAt.putIfAbsent(id, table.where(row));
                if (first != null) {
                    table.at(row, "id", "id: duplicate person id '" + id + "' (first at " + first + ")");
                    ok = false;
                }
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : PeopleSection.split(table.get(row, "roles"))) {
                Role role = Role.of(r);
                if (role == null) {
                    table.at(row, "roles", "roles: " + PeopleSection.unknownRole(r));
                    ok = false;
                } else {
                    roles.add(role);
                }
            }
            if (roles.isEmpty() && ok) {
                table.at(row, "roles", "roles: empty; expected one or more of " + String.join(", ", Role.IDS) + " separated by ;");
                ok = false;
            }
            List<HouseholdGlob> globs = new ArrayList<>();
            List<String> globTexts = PeopleSection.split(table.get(row, "households"));
            for (String g : globTexts) {
                String problem = PeopleSection.globProblem(g, known);
                if (problem != null) {
                    table.at(row, "households", "households: " + problem);
                    ok = false;
                } else {
                    globs.add(new HouseholdGlob(g));
                }
            }
            if (globTexts.isEmpty()) {
                table.at(row, "households", "households: empty; expected household ids or globs such as 3-2-* separated by ;");
                ok = false;
            }
            String phoneText = table.get(row, "phone");
            String phone = phoneText.isEmpty() ? null : MobileNumbers.normalize(phoneText);
            if (phone == null) {
                table.at(row, "phone", "phone: " + (phoneText.isEmpty() ? "empty; " + MobileNumbers.EXPECTED
                        : MobileNumbers.problem(phoneText)));
                ok = false;
            }
            DutyRoster duty = null;
            String dutyText = table.get(row, "duty");
            if (!dutyText.isEmpty()) {
                duty = PeopleSection.roster(PeopleSection.split(dutyText), (k, msg) -> table.at(row, "duty", "duty: " + msg));
                ok &= duty != null;
            }
            String name = table.get(row, "name");
            if (ok) {
                into.people.add(new Person(id, name.isEmpty() ? null : name, roles, globs, phone, duty));
            }
        }
    }
}

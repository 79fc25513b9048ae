package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.HouseholdGlob;
import org.doorwatch.notify.DutyRoster;
import org.doorwatch.notify.Person;
import org.doorwatch.notify.Role;
import org.doorwatch.notify.Shift;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code people:} (SPEC section 8) a list of inline entries and {@code {file: people.csv}}
 * references, read in order; ids are unique across all of them.
 *
 * <pre>
 * - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001",
 *     duty: ["Mon-Fri 18:00-22:00"] }
 * - { file: people.csv }   # id,name,roles,households,phone[,duty] (lists ;-separated)
 * </pre>
 *
 * Checked like households: an unknown role (with the nearest known), a glob that matches no
 * household, a phone that is not a mainland mobile, a duplicate id, a duty line that is not a
 * shift. Names and phones are personal data: no message repeats them.
 */
final class PeopleSection {

    static final Set<String> KEYS = Set.of("id", "name", "roles", "households", "phone", "duty");
    /** Person ids: they appear in logs, the outbox and the alert history instead of names. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** People in config order and where each id was first seen. */
    static final class Result {
        final List<Person> people = new ArrayList<>();
        final Map<String, String> seenAt = new HashMap<>();
    }

    /** The household ids, and answers to "does this glob match any?", shared by the YAML and CSV readers. */
    static final class Households {
        private final List<String> ids;
        private final Set<String> set;
        private final Map<String, Boolean> matched = new HashMap<>();

        Households(List<Household> households) {
            this.ids = households.stream().map(Household::id).toList();
            this.set = Set.copyOf(ids);
        }

        boolean anyMatch(String glob) {
            return matched.computeIfAbsent(glob, g -> {
                if (g.indexOf('*') < 0 && g.indexOf('?') < 0) {
                    return set.contains(g);
                }
                HouseholdGlob hg = new HouseholdGlob(g);
                for (String id : ids) {
                    if (hg.matches(id)) {
                        return true;
                    }
                }
                return false;
            });
        }

        List<String> ids() {
            return ids;
        }
    }

    private PeopleSection() {}

    static Result read(ConfigContext ctx, YamlMap top, List<Household> households) {
        Result out = new Result();
        Households known = new Households(households);
        List<Node> items = top.items("people");
        for (int i = 0; i < items.size(); i++) {
            String path = "people[" + i + "]";
            YamlMap p = YamlMap.of(ctx.file, ctx.problems, path, items.get(i));
            if (p.has("file")) {
                p.rejectUnknown(Set.of("file"));
                Path csv = ctx.source(p.string("file"));
                if (csv != null) {
                    PeopleCsv.read(ctx, csv, p.value("file"), out, known);
                }
                continue;
            }
            if (!p.isPresent()) {
                continue;
            }
            p.rejectUnknown(KEYS);
            String id = p.requiredString("id", "a person id of letters, digits and ._- such as wang-li");
            boolean ok = id != null;
            if (id != null && !ID.matcher(id).matches()) {
                ctx.at(p.value("id"), p.child("id") + ": '" + id
                        + "' is not a valid person id; expected letters, digits and ._- (at most 64), such as wang-li");
                ok = false;
            } else if (id != null) {
                String first = out.seenAt.putIfAbsent(id, ctx.file.getFileName() + ":" + YamlMap.line(items.get(i)));
                if (first != null) {
                    ctx.at(p.value("id"), p.child("id") + ": duplicate person id '" + id + "' (first at " + first + ")");
                    ok = false;
                }
            }
            String name = p.string("name");
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<Node> roleNodes = p.items("roles");
            List<String> roleNames = p.strings("roles");
            if (p.value("roles") == null) {
                p.missing("roles", "a list of roles: " + String.join(", ", Role.IDS));
                ok = false;
            }
            for (int r = 0; r < roleNames.size(); r++) {
                Role role = Role.of(roleNames.get(r));
                if (role == null) {
                    Node at = r < roleNodes.size() ? roleNodes.get(r) : p.value("roles");
                    ctx.at(at, p.child("roles") + ": " + unknownRole(roleNames.get(r)));
                    ok = false;
                } else {
                    roles.add(role);
                }
            }
            if (p.value("roles") != null && roleNames.isEmpty() && !YamlMap.isNull(p.value("roles"))) {
                ctx.at(p.value("roles"), p.child("roles") + ": no roles; expected at least one of " + String.join(", ", Role.IDS));
                ok = false;
            }
            List<HouseholdGlob> globs = new ArrayList<>();
            List<Node> globNodes = p.items("households");
            List<String> globTexts = p.strings("households");
            if (p.value("households") == null) {
                p.missing("households", "household ids or globs such as [\"3-2-*\"] (\"*\" for every household)");
                ok = false;
            }
            for (int g = 0; g < globTexts.size(); g++) {
                Node at = g < globNodes.size() ? globNodes.get(g) : p.value("households");
                String problem = globProblem(globTexts.get(g), known);
                if (problem != null) {
                    ctx.at(at, p.child("households") + ": " + problem);
                    ok = false;
                } else {
                    globs.add(new HouseholdGlob(globTexts.get(g)));
                }
            }
            String phone = null;
            String phoneText = p.requiredString("phone", "a mainland mobile number such as \"13800000001\" (in quotes)");
            if (phoneText == null) {
                ok = false;
            } else {
                phone = MobileNumbers.normalize(phoneText);
                if (phone == null) {
                    ctx.at(p.value("phone"), p.child("phone") + ": " + MobileNumbers.problem(phoneText));
                    ok = false;
                }
            }
            DutyRoster duty = null;
            if (p.value("duty") != null) {
                List<Node> dutyNodes = p.items("duty");
                List<String> shifts = p.strings("duty");
                duty = roster(shifts, (k, msg) -> ctx.at(k < dutyNodes.size() ? dutyNodes.get(k) : p.value("duty"),
                        p.child("duty") + ": " + msg));
                ok &= duty != null;
            }
            if (ok) {
                out.people.add(new Person(id, name, roles, globs, phone, duty));
            }
        }
        return out;
    }

    interface Report {
        void at(int index, String message);
    }

    /** A roster of {@code shifts}, or null with each problem reported. */
    static DutyRoster roster(List<String> shifts, Report report) {
        List<Shift> out = new ArrayList<>();
        boolean ok = true;
        for (int k = 0; k < shifts.size(); k++) {
            Shift.Parsed parsed = Shift.parse(shifts.get(k));
            if (parsed.problem() != null) {
                report.at(k, parsed.problem());
                ok = false;
            } else {
                out.add(parsed.shift());
            }
        }
        if (ok && out.isEmpty()) {
            report.at(0, "no shifts: a roster without shifts would never be on duty; leave the key out for always, or expected "
                    + Shift.EXPECTED);
            return null;
        }
        return ok ? new DutyRoster(out) : null;
    }

    static String unknownRole(String role) {
        return "unknown role '" + role + "'" + DidYouMean.hint(role, Role.IDS) + "; known: " + String.join(", ", Role.IDS);
    }

    /** Why {@code glob} cannot be a person's households, or null. */
    static String globProblem(String glob, Households known) {
        if (!UserSection.GLOB.matcher(glob).matches()) {
            return "'" + glob + "' is not a household id or glob; expected e.g. 3-2-* or 5-1-302";
        }
        if (!known.anyMatch(glob)) {
            List<String> ids = known.ids();
            String hint = glob.indexOf('*') < 0 && glob.indexOf('?') < 0 ? DidYouMean.hint(glob, ids) : "";
            return "'" + glob + "' matches no household" + hint + "; a person looking after nobody would never be reached";
        }
        return null;
    }

    static List<String> split(String cell) {
        return new ArrayList<>(new LinkedHashSet<>(HouseholdSection.tags(cell)));
    }
}

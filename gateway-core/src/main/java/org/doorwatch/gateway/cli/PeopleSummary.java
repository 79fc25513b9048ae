package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Household;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.notify.NotifyPolicy;
import org.doorwatch.notify.Person;
import org.doorwatch.notify.Role;

/**
 * The people part of check-config's summary: counts by role, never a name or a phone; how they
 * are reached (re-notification, quiet hours, rosters); and a warning for each 三员 role that some
 * households lack, since their alerts would then reach no neighbour at all.
 */
final class PeopleSummary {

    /** Household ids listed per warning; the rest are counted. */
    static final int LISTED = 10;
    static final List<Role> SAN_YUAN = List.of(Role.NEIGHBOUR_WATCHER, Role.CORRIDOR_LIAISON, Role.SAFETY_GUARDIAN);

    private PeopleSummary() {}

    static void print(GatewayConfig c, PrintStream out) {
        var people = c.people().people();
        if (people.isEmpty()) {
            return;
        }
        Map<Role, Integer> byRole = new EnumMap<>(Role.class);
        int rostered = 0;
        for (Person p : people.all()) {
            p.roles().forEach(r -> byRole.merge(r, 1, Integer::sum));
            rostered += p.duty() == null ? 0 : 1;
        }
        List<String> parts = new ArrayList<>();
        byRole.forEach((r, n) -> parts.add(r.id() + " " + n));
        out.println("people: " + people.size() + " (" + String.join(", ", parts) + ")"
                + (rostered == 0 ? "" : ", " + rostered + " with their own duty roster"));
        NotifyPolicy policy = c.people().policy();
        var re = policy.renotify();
        List<String> chain = new ArrayList<>();
        re.then().forEach((from, to) -> chain.add(from.id() + " -> " + to.id()));
        chain.sort(null);
        out.println("renotify: " + (!re.enabled() ? "off" : "every " + Durations.format(re.after()) + ", " + re.times()
                + " times, then passed on" + (chain.isEmpty() ? " to nobody" : ": " + String.join(", ", chain))));
        var q = policy.quiet();
        out.println("quiet hours: " + (!q.enabled() || q.roles().isEmpty() ? "off" : q.from() + "-" + q.to() + " for "
                + String.join(", ", q.roles().stream().map(Role::id).toList())
                + " (WARNING and NOTICE wait for the end; CALL_BACK, VISIT, ALARM never wait)"));
        if (!policy.rosters().isEmpty()) {
            List<String> rosters = new ArrayList<>();
            policy.rosters().forEach((r, roster) -> rosters.add(r.id() + " " + String.join(" + ",
                    roster.shifts().stream().map(Object::toString).toList())));
            out.println("rosters: " + String.join("; ", rosters));
        }
        for (Role role : SAN_YUAN) {
            List<String> without = new ArrayList<>();
            for (Household h : c.engine().households()) {
                if (people.with(role, h.id()).isEmpty()) {
                    without.add(h.id());
                }
            }
            if (!without.isEmpty()) {
                out.println("warning: " + without.size() + " of " + c.engine().households().size() + " households have no "
                        + role.id() + " (" + role.label() + "): " + String.join(", ", without.subList(0, Math.min(LISTED, without.size())))
                        + (without.size() > LISTED ? " and " + (without.size() - LISTED) + " more" : ""));
            }
        }
    }
}

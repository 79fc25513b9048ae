package org.doorwatch.gateway.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.notify.DutyRoster;
import org.doorwatch.notify.NotifyPolicy;
import org.doorwatch.notify.QuietHours;
import org.doorwatch.notify.Renotify;
import org.doorwatch.notify.Role;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * How people are reached (SPEC section 8 and issue 14):
 * <pre>
 * renotify: { after: 15m, times: 3, then: { neighbour-watcher: corridor-liaison } }   # or then: property
 * quietHours: { from: "22:00", to: "07:00", roles: [neighbour-watcher, corridor-liaison, safety-guardian] }
 * rosters: { property: ["Mon-Fri 08:00-18:00"], police: ["daily 00:00-00:00"] }
 * </pre>
 * Absent, each has its documented default ({@link Renotify#DEFAULT}, {@link QuietHours#DEFAULT},
 * no rosters: always on duty).
 */
final class NotifySection {

    private NotifySection() {}

    static NotifyPolicy read(ConfigContext ctx, YamlMap top, ZoneId zone) {
        return new NotifyPolicy(zone, quiet(ctx, top.map("quietHours")), rosters(ctx, top.map("rosters")),
                renotify(ctx, top.map("renotify")));
    }

    static Renotify renotify(ConfigContext ctx, YamlMap r) {
        if (!r.isPresent()) {
            return Renotify.DEFAULT;
        }
        r.rejectUnknown(Set.of("after", "times", "then", "enabled"));
        boolean enabled = r.bool("enabled", Boolean.TRUE);
        Duration after = r.duration("after", Renotify.DEFAULT_AFTER);
        if (after.compareTo(Duration.ofMinutes(1)) < 0) {
            ctx.at(r.value("after"), r.child("after") + ": " + Durations.format(after)
                    + " would ring people's phones every few seconds; expected at least 1m");
            after = Renotify.DEFAULT_AFTER;
        }
        int times = r.integer("times", Renotify.DEFAULT_TIMES, 0, 20);
        Map<Role, Role> then = Renotify.DEFAULT_THEN;
        Node thenNode = r.value("then");
        if (thenNode instanceof org.snakeyaml.engine.v2.nodes.ScalarNode && !YamlMap.isNull(thenNode)) {
            Role to = role(ctx, thenNode, r.child("then"), r.string("then"));
            then = new EnumMap<>(Role.class);
            if (to != null) {
                for (Role from : Role.values()) {
                    if (from != to) {
                        then.put(from, to);
                    }
                }
            }
        } else if (thenNode != null && !YamlMap.isNull(thenNode)) {
            YamlMap m = r.map("then");
            then = new EnumMap<>(Role.class);
            for (String fromName : m.keys()) {
                Role from = role(ctx, m.keyNode(fromName), m.child(fromName), fromName);
                Role to = role(ctx, m.value(fromName), m.child(fromName), m.string(fromName));
                if (from != null && to != null) {
                    if (from == to) {
                        ctx.at(m.value(fromName), m.child(fromName) + ": a role cannot pass an alert on to itself");
                    } else {
                        then.put(from, to);
                    }
                }
            }
        }
        return new Renotify(enabled, after, times, then);
    }

    static QuietHours quiet(ConfigContext ctx, YamlMap q) {
        if (!q.isPresent()) {
            return QuietHours.DEFAULT;
        }
        q.rejectUnknown(Set.of("from", "to", "roles", "enabled"));
        boolean enabled = q.bool("enabled", Boolean.TRUE);
        LocalTime from = time(ctx, q, "from", QuietHours.DEFAULT_FROM);
        LocalTime to = time(ctx, q, "to", QuietHours.DEFAULT_TO);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (q.value("roles") == null) {
            roles.addAll(QuietHours.DEFAULT.roles());
        } else {
            List<Node> nodes = q.items("roles");
            List<String> names = q.strings("roles");
            for (int i = 0; i < names.size(); i++) {
                Role r = role(ctx, i < nodes.size() ? nodes.get(i) : q.value("roles"), q.child("roles"), names.get(i));
                if (r != null) {
                    roles.add(r);
                }
            }
        }
        if (enabled && from.equals(to)) {
            ctx.at(q.value("to"), q.child("to") + ": quiet hours from " + from + " to " + to
                    + " are empty; to switch them off write enabled: false");
        }
        return new QuietHours(enabled, from, to, roles);
    }

    static Map<Role, DutyRoster> rosters(ConfigContext ctx, YamlMap r) {
        Map<Role, DutyRoster> out = new EnumMap<>(Role.class);
        for (String name : r.keys()) {
            Role role = role(ctx, r.keyNode(name), "rosters", name);
            List<Node> nodes = r.items(name);
            List<String> shifts = r.strings(name);
            DutyRoster roster = PeopleSection.roster(shifts, (k, msg) -> ctx.at(k < nodes.size() ? nodes.get(k) : r.value(name),
                    r.child(name) + ": " + msg));
            if (role != null && roster != null) {
                out.put(role, roster);
            }
        }
        return out;
    }

    private static Role role(ConfigContext ctx, Node at, String path, String name) {
        if (name == null) {
            return null;
        }
        Role r = Role.of(name);
        if (r == null) {
            ctx.at(at, path + ": " + PeopleSection.unknownRole(name));
        }
        return r;
    }

    private static LocalTime time(ConfigContext ctx, YamlMap m, String key, LocalTime def) {
        String s = m.string(key);
        if (s == null) {
            return def;
        }
        try {
            String v = s.trim().length() == 4 ? "0" + s.trim() : s.trim();
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            ctx.at(m.value(key), m.child(key) + ": '" + s + "' is not a time of day; expected HH:MM such as \"22:00\" (in quotes)");
            return def;
        }
    }
}

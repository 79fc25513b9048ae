package org.doorwatch.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code users}: the staff API's accounts (name, roles, household scope), the password file,
 * the lock-out threshold and the session lifetime. Passwords never appear in the YAML: the file
 * holds {@code name:hash} lines written by {@code gateway add-user}. A missing password file is
 * not a config problem (the first {@code add-user} creates it); nobody can log in until then.
 */
final class UserSection {

    /** Login names: no ':' (the password file's separator), no spaces. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Household globs: household id characters plus '*' and '?'. */
    static final Pattern GLOB = Pattern.compile("[A-Za-z0-9*?._:-]+");
    static final String DEFAULT_FILE = "users.passwd";

    private UserSection() {}

    static GatewayConfig.UserSettings read(ConfigContext ctx, YamlMap users) {
        if (!users.isPresent()) {
            return GatewayConfig.UserSettings.none();
        }
        users.rejectUnknown(Set.of("file", "accounts", "lockoutAfter", "sessionTtl"));
        Path file = ctx.path(users.string("file", DEFAULT_FILE));
        if (file != null && Files.exists(file) && (Files.isDirectory(file) || !Files.isReadable(file))) {
            ctx.at(users.value("file") != null ? users.value("file") : users.node(), "users.file: cannot read '"
                    + ConfigContext.show(file) + "': " + (Files.isDirectory(file) ? "is a folder" : "permission denied"));
        }
        int lockoutAfter = users.integer("lockoutAfter", GatewayConfig.UserSettings.DEFAULT_LOCKOUT, 1, 100);
        Duration ttl = users.duration("sessionTtl", GatewayConfig.UserSettings.DEFAULT_TTL);
        List<GatewayConfig.Account> accounts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> items = users.items("accounts");
        for (int i = 0; i < items.size(); i++) {
            String path = "users.accounts[" + i + "]";
            YamlMap a = YamlMap.of(users.file(), users.problems(), path, items.get(i));
            if (!a.isPresent()) {
                ctx.at(items.get(i), path + ": expected a mapping { name, roles, households }, found "
                        + YamlMap.describe(items.get(i)));
                continue;
            }
            a.rejectUnknown(Set.of("name", "roles", "households"));
            String name = a.requiredString("name", "a login name of letters, digits and ._-");
            boolean ok = name != null;
            if (name != null && !NAME.matcher(name).matches()) {
                ctx.at(a.value("name"), path + ".name: '" + name
                        + "' is not a valid login name; expected letters, digits and ._- (at most 64)");
                ok = false;
            } else if (name != null && !names.add(name)) {
                ctx.at(a.value("name"), path + ".name: '" + name + "' is already an account; names are unique");
                ok = false;
            }
            List<String> roles = a.strings("roles");
            if (roles.isEmpty() && a.value("roles") == null) {
                a.missing("roles", "a list of roles: " + String.join(", ", GatewayConfig.Account.ROLES));
                ok = false;
            }
            for (String r : roles) {
                if (!GatewayConfig.Account.ROLES.contains(r)) {
                    ctx.at(a.value("roles"), path + ".roles: unknown role '" + r + "'"
                            + DidYouMean.hint(r, GatewayConfig.Account.ROLES) + "; expected "
                            + String.join(", ", GatewayConfig.Account.ROLES));
                    ok = false;
                }
            }
            List<String> globs = a.strings("households");
            for (String g : globs) {
                if (!GLOB.matcher(g).matches()) {
                    ctx.at(a.value("households"), path + ".households: '" + g
                            + "' is not a household id or glob; expected e.g. 3-* or 5-1-302");
                    ok = false;
                }
            }
            if (a.value("households") != null && globs.isEmpty() && ok) {
                ctx.at(a.value("households"), path + ".households: an empty list would show nothing; "
                        + "leave the key out for every household");
                ok = false;
            }
            if (ok) {
                accounts.add(new GatewayConfig.Account(name, List.copyOf(new java.util.LinkedHashSet<>(roles)), globs));
            }
        }
        return new GatewayConfig.UserSettings(file, accounts, lockoutAfter, ttl);
    }
}

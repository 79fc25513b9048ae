package org.doorwatch.gateway.staff.auth;

import java.util.Set;

/**
 * Who is calling: a logged-in staff member with roles and a household scope.
 *
 * @param name  the login name (what the audit log and acknowledgements record)
 * @param roles at least one
 * @param scope the households they may see
 */
public record Principal(String name, Set<Role> roles, Scope scope) {

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role r) {
        return roles.contains(r);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Whether any of {@code allowed} is one of the caller's roles. */
    public boolean hasAny(Set<Role> allowed) {
        for (Role r : roles) {
            if (allowed.contains(r)) {
                return true;
            }
        }
        return false;
    }
}

package org.doorwatch.notify;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.doorwatch.domain.HouseholdGlob;

/**
 * Someone the gateway reaches on the phone they carry (SPEC section 8). Name and phone are
 * personal data: {@link #toString()} shows neither, so neither can reach a log line by accident.
 *
 * @param id         a stable id ({@code wang-li}); what logs, history and the outbox name
 * @param name       as the community knows them ({@code 王丽})
 * @param roles      what they do
 * @param households globs on household ids they look after
 * @param phone      a mainland mobile number ({@code 13800000001}): SMS and @-mentions
 * @param duty       their own duty roster, or null for their roles' rosters (else always)
 */
public record Person(String id, String name, Set<Role> roles, List<HouseholdGlob> households, String phone,
                     DutyRoster duty) {

    public Person {
        Objects.requireNonNull(id, "id");
        roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        households = List.copyOf(households);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** True when one of their globs matches {@code household}. */
    public boolean covers(String household) {
        if (household == null) {
            return false;
        }
        for (HouseholdGlob g : households) {
            if (g.matches(household)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 王*} for {@code 王丽}: what a role that may not see names is shown. */
    public String maskedName() {
        if (name == null || name.isEmpty()) {
            return "";
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    /** {@code 138****0001}: the phone as a role that may not see it is shown. */
    public String maskedPhone() {
        if (phone == null || phone.length() < 7) {
            return phone == null ? "" : "****";
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    @Override
    public String toString() {
        return "Person[" + id + ", " + roles.stream().map(Role::id).toList() + "]";
    }
}

package org.doorwatch.gateway.staff.auth;

import java.util.Locale;

/** The staff roles of SPEC section 1 and issue 7; each opens its own door of the API. */
public enum Role {
    PROPERTY,
    COMMUNITY,
    POLICE,
    INSTALLER,
    ADMIN;

    /** The name used in the config and in responses: {@code property} ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

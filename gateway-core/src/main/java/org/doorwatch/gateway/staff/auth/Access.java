package org.doorwatch.gateway.staff.auth;

import java.util.List;
import java.util.Set;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * Who may see what, decided on the server for every request (issue 7, "Access rules"). One
 * place, so the routes, the live stream and the matrix test agree.
 *
 * <ul>
 * <li>property, community: welfare alerts (elderly-inactivity) and security alerts routed to
 *     their channel, of households in their scope; contacts of those households; staff actions.
 * <li>police: security alerts (SPEC section 7) and elderly-inactivity alerts at VISIT or the
 *     RESOLVED that ends a VISIT; routine-deviation alerts (SPEC 11, welfare) only when routed
 *     to police; visitor, access and tenant data; contact phones only while a VISIT is open for
 *     the household.
 * <li>installer: devices only; no residents, no alerts.
 * <li>admin: everything.
 * </ul>
 * A household outside a user's scope is answered like one that does not exist.
 */
public final class Access {

    public static final Set<Role> ACTORS = Set.of(Role.PROPERTY, Role.COMMUNITY, Role.ADMIN);
    public static final Set<Role> ALERT_READERS = Set.of(Role.PROPERTY, Role.COMMUNITY, Role.POLICE, Role.ADMIN);
    public static final Set<Role> BOARD_READERS = ACTORS;
    public static final Set<Role> HOUSEHOLD_READERS = ALERT_READERS;
    public static final Set<Role> POLICE = Set.of(Role.POLICE, Role.ADMIN);
    public static final Set<Role> DEVICE_READERS = Set.of(Role.INSTALLER, Role.ADMIN);
    public static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    public static final Set<Role> ANYONE = Set.of(Role.values());

    private Access() {}

    /** Whether {@code p} may see household {@code id} at all (it exists: the caller checked). */
    public static boolean seesHousehold(Principal p, String id) {
        return p.hasAny(HOUSEHOLD_READERS) && p.scope().covers(id);
    }

    /**
     * Whether {@code p} may see an alert.
     *
     * @param previousStage for a RESOLVED, the stage raised just before it (what it ends)
     */
    public static boolean seesAlert(Principal p, String rule, String stage, String household, List<String> channels,
                             String previousStage) {
        if (p.isAdmin()) {
            return true;
        }
        if (!p.scope().covers(household)) {
            return false;
        }
        boolean elderly = RuleNames.ELDERLY_INACTIVITY.equals(rule);
        // routine-deviation is welfare like the escalation, but gentler: those it was sent to see it
        boolean routine = RuleNames.ROUTINE_DEVIATION.equals(rule);
        for (Role r : p.roles()) {
            switch (r) {
                case PROPERTY, COMMUNITY -> {
                    if (elderly || channels.contains(r.id())) {
                        return true;
                    }
                }
                case POLICE -> {
                    if (routine) {
                        if (channels.contains(r.id())) {
                            return true;
                        }
                    } else if (!elderly && RuleNames.ALL.contains(rule)) {
                        return true;
                    }
                    String s = Stage.RESOLVED.name().equals(stage) ? previousStage : stage;
                    if (elderly && Stage.VISIT.name().equals(s)) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    /** Whether household contacts (names, phones) are shown to {@code p}. */
    public static boolean seesContacts(Principal p, String household, boolean visitOpen) {
        if (p.isAdmin()) {
            return true;
        }
        if (!p.scope().covers(household)) {
            return false;
        }
        return p.has(Role.PROPERTY) || p.has(Role.COMMUNITY) || (p.has(Role.POLICE) && visitOpen);
    }

    /**
     * Whether the names and phones of the people an alert reached (the 三员 volunteers, staff on
     * duty) are shown to {@code p}. Like household contacts: property and community staff of the
     * household's scope, who coordinate the volunteers and may have to phone one; police only
     * while a VISIT is open for the household; admin. Everyone who may see the alert sees who was
     * reached by id and role, and every attempt's result.
     */
    public static boolean seesPeople(Principal p, String household, boolean visitOpen) {
        return household == null ? p.isAdmin() : seesContacts(p, household, visitOpen);
    }

    /** Tenant names: police and admin only. */
    public static boolean seesTenants(Principal p) {
        return p.has(Role.POLICE) || p.isAdmin();
    }
}

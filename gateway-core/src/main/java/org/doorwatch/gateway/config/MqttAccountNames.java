package org.doorwatch.gateway.config;

import java.util.regex.Pattern;

/**
 * Names of the embedded broker's accounts (SPEC 10): device accounts are named like their device,
 * so the same characters as device ids; and the one name the gateway keeps for itself.
 */
public final class MqttAccountNames {

    /**
     * Device ids' characters without ':', which separates name and hash in the accounts file
     * (Mosquitto's password_file too); a device whose id has one needs a topic of its own and
     * cannot have a device account.
     */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    public static final String EXPECTED = "expected letters, digits, '.', '_' or '-' (a device account is named like its device; no ':')";
    /** The gateway's own clients log in as this account, with a secret made at each start. */
    public static final String GATEWAY = "doorwatch-gateway";

    private MqttAccountNames() {}

    public static boolean isReserved(String name) {
        return GATEWAY.equals(name);
    }
}

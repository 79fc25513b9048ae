package org.doorwatch.rules;

/**
 * Credentials are personal data: alerts show them masked, enough for an officer to match the
 * card in hand, not enough to clone it.
 */
public final class Credentials {

    private static final String DOTS = "••";

    private Credentials() {}

    /**
     * {@code card:5A3C91} becomes {@code card:••3C91}: the scheme stays, of the value only the
     * last four characters show (of a value shorter than six, only the last half).
     */
    public static String mask(String credential) {
        if (credential == null) {
            return null;
        }
        int colon = credential.indexOf(':');
        String scheme = colon >= 0 ? credential.substring(0, colon + 1) : "";
        String value = credential.substring(colon + 1);
        int shown = value.length() >= 6 ? 4 : value.length() / 2;
        return scheme + DOTS + value.substring(value.length() - shown);
    }
}

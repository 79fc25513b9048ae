package org.doorwatch.drivers;

import java.util.regex.Pattern;

/** Masks what looks like a card number before a line is quoted in a log or an invalid-frame message. */
final class Redact {
    /** Card numbers print as 6 or more hex or decimal digits (Wiegand 26: 8 decimal, Mifare UID: 8 hex). */
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9A-Fa-f]{6,}");

    private Redact() {
    }

    /** {@code "CARD 5A3C91 OK"} becomes {@code "CARD **3C91 OK"}: enough to tell cards apart, not to clone one. */
    static String line(String line) {
        return LONG_NUMBER.matcher(line).replaceAll(m -> {
            String s = m.group();
            return "*".repeat(s.length() - 4) + s.substring(s.length() - 4);
        });
    }

    /** A credential for a log line: only its last four characters. */
    static String credential(String credential) {
        if (credential == null) {
            return "-";
        }
        return credential.length() <= 4 ? "****" : "…" + credential.substring(credential.length() - 4);
    }
}

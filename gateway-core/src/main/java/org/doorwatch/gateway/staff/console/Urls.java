package org.doorwatch.gateway.staff.console;

/** Addresses the console redirects to. */
final class Urls {

    private Urls() {}

    /**
     * {@code candidate} when it is a path of this site ({@code /...}, not {@code //host} or
     * {@code /\host}, which browsers take for another site), else {@code fallback}: a login link
     * must not send staff on to a look-alike page.
     */
    static String local(String candidate, String fallback) {
        if (candidate == null || candidate.length() > 512 || !candidate.startsWith("/")
                || candidate.startsWith("//") || candidate.startsWith("/\\")) {
            return fallback;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return fallback;
            }
        }
        return candidate;
    }

    /** {@code url} with one more query parameter. */
    static String with(String url, String name, String value) {
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String frag = hash < 0 ? "" : url.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + name + "=" + Html.q(value) + frag;
    }
}

package org.doorwatch.gateway.config;

/**
 * What of a configured value may be shown. Webhook addresses sometimes carry a token in their
 * query or user part; summaries and messages show scheme, host, port and path only.
 */
public final class Redact {

    private Redact() {}

    /** {@code https://example.org/hook?key=…} without its query, fragment and user info. */
    public static String url(String text) {
        String s = text.trim();
        int scheme = s.indexOf("://");
        int at = s.indexOf('@', scheme < 0 ? 0 : scheme + 3);
        int slash = s.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (at >= 0 && (slash < 0 || at < slash)) {
            s = s.substring(0, scheme < 0 ? 0 : scheme + 3) + "…@" + s.substring(at + 1);
        }
        int cut = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return cut < s.length() ? s.substring(0, cut) + "?…" : s;
    }
}

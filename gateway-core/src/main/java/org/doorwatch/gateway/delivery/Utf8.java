package org.doorwatch.gateway.delivery;

import java.nio.charset.StandardCharsets;

/** UTF-8 byte budgets, as the robots count them (WeCom: text content at most 2048 bytes). */
final class Utf8 {

    static final String ELLIPSIS = "…";

    private Utf8() {}

    static int bytes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return n;
    }

    /**
     * {@code s} cut to at most {@code max} bytes on a code point boundary (never half a Chinese
     * character or half an emoji), ending with "…" when anything was cut.
     */
    static String cut(String s, int max) {
        if (bytes(s) <= max) {
            return s;
        }
        int budget = max - bytes(ELLIPSIS);
        int n = 0;
        int end = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int b = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (n + b > budget) {
                break;
            }
            n += b;
            i += Character.charCount(cp);
            end = i;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

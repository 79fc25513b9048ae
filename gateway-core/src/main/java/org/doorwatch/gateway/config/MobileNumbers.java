package org.doorwatch.gateway.config;

import java.util.regex.Pattern;

/**
 * People's phones: mainland China mobile numbers, the only numbers that can receive an SMS and be
 * @-mentioned in a WeCom or DingTalk group (both look members up by their mobile number). Written
 * as {@code 13800000001}, with spaces or dashes ({@code 138-0000-0001}), or with the country code
 * ({@code +86 13800000001}, {@code 0086...}); stored as the 11 digits.
 *
 * <p>Landlines ({@code 0571-88881234}) and other countries' numbers are refused, not accepted and
 * then silently never reached: a neighbour watcher without a mobile needs somebody else's number
 * or no {@code phone} role of their own.
 */
final class MobileNumbers {

    static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    static final String EXPECTED = "expected a mainland mobile number of 11 digits starting 13-19, e.g. 13800000001";

    private MobileNumbers() {}

    /** The 11 digits, or null when {@code text} is not a mainland mobile number. */
    static String normalize(String text) {
        String s = text.trim().replace(" ", "").replace("-", "");
        if (s.startsWith("+86")) {
            s = s.substring(3);
        } else if (s.startsWith("0086")) {
            s = s.substring(4);
        }
        return MOBILE.matcher(s).matches() ? s : null;
    }

    /** Why {@code text} is refused; never repeats the number (personal data). */
    static String problem(String text) {
        String s = text.trim().replace(" ", "").replace("-", "");
        if (s.startsWith("0") && !s.startsWith("00") && s.length() >= 9) {
            return "a landline cannot receive an SMS or be @-mentioned in a group; " + EXPECTED;
        }
        if (s.startsWith("+") && !s.startsWith("+86")) {
            return "only mainland China numbers can be reached (the SMS account and the robots are mainland services); " + EXPECTED;
        }
        return "not a mobile number; " + EXPECTED;
    }
}

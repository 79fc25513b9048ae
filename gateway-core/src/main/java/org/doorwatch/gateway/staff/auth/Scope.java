package org.doorwatch.gateway.staff.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The households a user may see: globs on household ids ({@code 3-*} is building 3,
 * {@code 5-1-302} one flat); no globs means every household. {@code *} is any run of characters,
 * {@code ?} one character; everything else is literal.
 */
public final class Scope {

    private final List<String> globs;
    private final List<Pattern> patterns;

    private Scope(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = globs.stream().map(Scope::compile).toList();
    }

    public static Scope of(List<String> globs) {
        return new Scope(globs);
    }

    public static Scope everything() {
        return new Scope(List.of());
    }

    /** True when every household is in scope. */
    public boolean isEverything() {
        return globs.isEmpty();
    }

    /** Whether {@code household} is in scope; a null household (a shared door) only for an unrestricted scope. */
    public boolean covers(String household) {
        if (globs.isEmpty()) {
            return true;
        }
        if (household == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(household).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return globs.isEmpty() ? "all households" : String.join(",", globs);
    }
}

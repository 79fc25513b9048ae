package org.doorwatch.domain;

import java.util.Objects;

/**
 * A pattern on household ids: {@code *} stands for any run of characters (also none),
 * {@code ?} for exactly one; everything else matches itself. {@code 3-2-*} is every flat of
 * building 3 unit 2, {@code *} every household. One implementation for every list of households
 * in the config: the people a person looks after ({@code people[].households}) and the households
 * a shared device's events may name ({@code devices[].households}, SPEC 10).
 */
public record HouseholdGlob(String pattern) {

    public HouseholdGlob {
        Objects.requireNonNull(pattern, "pattern");
    }

    /** True when {@code id} matches. Linear in the lengths: backtracks only to the last {@code *}. */
    public boolean matches(String id) {
        int p = 0;
        int s = 0;
        int star = -1;
        int mark = 0;
        while (s < id.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == id.charAt(s))) {
                p++;
                s++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = s;
            } else if (star >= 0) {
                p = star + 1;
                s = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}

package org.doorwatch.gateway.staff.auth;

import java.util.List;
import org.doorwatch.domain.HouseholdGlob;

/**
 * The households a user may see: globs on household ids ({@code 3-*} is building 3,
 * {@code 5-1-302} one flat); no globs means every household. {@code *} is any run of characters,
 * {@code ?} one character; everything else is literal: {@link HouseholdGlob}, the same patterns as
 * the config's other household lists.
 */
public final class Scope {

    private final List<String> globs;
    private final List<HouseholdGlob> patterns;

    private Scope(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = globs.stream().map(HouseholdGlob::new).toList();
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
        for (HouseholdGlob p : patterns) {
            if (p.matches(household)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return globs.isEmpty() ? "all households" : String.join(",", globs);
    }
}

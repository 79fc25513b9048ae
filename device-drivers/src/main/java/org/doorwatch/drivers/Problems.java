package org.doorwatch.drivers;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a settings object so that one exception names them all. */
final class Problems {
    private final String what;
    private final List<String> problems = new ArrayList<>();

    Problems(String what) {
        this.what = what;
    }

    Problems check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    void add(String problem) {
        problems.add(problem);
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + String.join("; ", problems));
        }
    }
}

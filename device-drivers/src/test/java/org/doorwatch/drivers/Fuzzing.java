package org.doorwatch.drivers;

/** Invariant checks of the fuzz targets: a broken one is a finding, reported with what broke it. */
public final class Fuzzing {

    private Fuzzing() {}

    public static void check(boolean ok, String what, Object subject) {
        if (!ok) {
            throw new AssertionError(what + ": " + subject);
        }
    }
}

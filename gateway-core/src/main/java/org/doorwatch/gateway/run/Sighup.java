package org.doorwatch.gateway.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that touches {@code sun.misc.Signal} (jdk.unsupported): Java has no supported
 * API for SIGHUP, the Unix convention for "reload your config". javac warns about the
 * internal API here; that is expected.
 */
final class Sighup {

    private static final Logger LOG = LoggerFactory.getLogger(Sighup.class);

    private Sighup() {}

    /** Runs {@code action} on every SIGHUP; false when the platform has none. */
    static boolean handle(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("SIGHUP is not available here ({}); the config is still reloaded when its files change", e.getMessage());
            return false;
        }
    }
}

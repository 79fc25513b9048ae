package org.doorwatch.gateway.cli;

/** Shared constants of the commands. */
final class Defaults {
    /** SPEC section 2: the default config of run and check-config. */
    static final String DEFAULT_CONFIG = "config/gateway.yml";

    private Defaults() {}
}

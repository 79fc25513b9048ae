package org.doorwatch.gateway.cli;

/** Exit codes of every command (SPEC section 2). */
final class ExitCodes {
    public static final int OK = 0;
    /** Anything else: an I/O failure, a crash. */
    public static final int FAILURE = 1;
    /** Bad configuration, bad input file, bad command line. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}

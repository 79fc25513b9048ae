package org.doorwatch.gateway;

import org.doorwatch.gateway.cli.Cli;

/** Entry point of the fat jar; see {@link Cli}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }
}

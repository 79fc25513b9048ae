package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.doorwatch.gateway.config.ConfigException;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * The config file every command reads: loaded, or its problems printed one per line
 * (FILE:LINE:COLUMN: ...) so that the command can exit with {@link ExitCodes#BAD_INPUT}.
 */
final class ConfigArgument {

    private ConfigArgument() {}

    /** The loaded config, or null after printing its problems to {@code err}. */
    static GatewayConfig load(Path file, PrintStream err) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            return null;
        }
    }

    /** As {@link #load(Path, PrintStream)}, plus a last line that counts the problems. */
    static GatewayConfig loadCounting(Path file, PrintStream err) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            int n = e.problems().size();
            err.println(file + ": " + n + (n == 1 ? " problem" : " problems"));
            return null;
        }
    }
}

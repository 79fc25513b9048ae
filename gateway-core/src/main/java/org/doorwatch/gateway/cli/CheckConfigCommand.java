package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * {@code gateway check-config [--config FILE] [--route RULE/STAGE [household=ID]]}: validates
 * the config; prints every problem, one line each, and exits 2, or prints a summary (or, with
 * {@code --route}, the channels that alert would reach) and exits 0.
 *
 * <p>Problems go to stderr and nothing else does, so a config with three mistakes prints
 * exactly three lines. Nothing printed here contains a secret, a contact or a tenant name.
 */
final class CheckConfigCommand {

    static final String USAGE = "check-config [--config FILE] [--route RULE/STAGE [household=ID] [at=YYYY-MM-DDTHH:MM] [--personal]]";

    private CheckConfigCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, Set.of("config", "route"), Set.of("personal"));
        if (args.get("route") == null && !args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        if (args.get("route") != null) {
            return RouteQuery.run(config, args.get("route"), args.positional(), args.flag("personal"), out, err);
        }
        ConfigSummary.print(config, file, out);
        return ExitCodes.OK;
    }
}

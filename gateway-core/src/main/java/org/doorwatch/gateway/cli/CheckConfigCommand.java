package org.doorwatch.gateway.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.config.ConfigException;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;

/** {@code gateway check-config [--config FILE]}: validates, prints a summary, exits. */
final class CheckConfigCommand {

    static final String USAGE = "check-config [--config FILE]";

    private CheckConfigCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, Set.of("config"), Set.of());
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.println(file + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
            return ExitCodes.BAD_INPUT;
        }
        out.println(file + ": OK");
        out.println("site: " + config.siteId() + " (" + config.zone() + ")");
        Map<String, Integer> byPolicy = new TreeMap<>();
        Map<String, Integer> byTag = new TreeMap<>();
        for (Household h : config.engine().households()) {
            byPolicy.merge(h.policy() == null ? "(no policy)" : h.policy(), 1, Integer::sum);
            h.tags().forEach(t -> byTag.merge(t, 1, Integer::sum));
        }
        out.println("households: " + config.engine().households().size() + " by policy " + byPolicy + ", by tag " + byTag);
        Map<String, Integer> bySource = new TreeMap<>();
        config.devices().forEach(d -> bySource.merge(d.source(), 1, Integer::sum));
        out.println("devices: " + config.devices().size() + " by transport " + bySource);
        config.engine().policies().values().forEach(p -> out.println("policy " + p.name() + ": "
                + (p.inactivity() == null ? "no inactivity watch"
                : p.inactivity().stages().stream()
                        .map(s -> s.stage() + " after " + Durations.format(s.after()))
                        .reduce((a, b) -> a + ", " + b).orElse(""))));
        out.println("channels: " + String.join(", ", config.engine().channels()));
        out.println("routes:");
        for (Map.Entry<String, Map<Stage, List<String>>> rule : config.engine().routes().table().entrySet()) {
            for (Map.Entry<Stage, List<String>> stage : new TreeMap<>(rule.getValue()).entrySet()) {
                out.printf("  %-22s %-10s -> %s%n", rule.getKey(), stage.getKey(), String.join(", ", stage.getValue()));
            }
        }
        return ExitCodes.OK;
    }
}

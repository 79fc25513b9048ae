package org.doorwatch.gateway.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.replay.Replay;

/** {@code gateway replay --config FILE --events FILE [--until TS]}. */
final class ReplayCommand {

    static final String USAGE = "replay --config FILE --events FILE [--until TS]";

    private ReplayCommand() {}

    static int run(List<String> argv, PrintStream stdout, PrintStream err) throws Args.UsageException, IOException {
        Args args = Args.parse(argv, Set.of("config", "events", "until"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        if (args.get("config") == null || args.get("events") == null) {
            throw new Args.UsageException("replay needs --config FILE and --events FILE");
        }
        GatewayConfig config = ConfigArgument.load(Path.of(args.get("config")), err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        Instant until = null;
        if (args.get("until") != null) {
            try {
                until = EventJson.parseTime(args.get("until"), config.zone());
            } catch (DateTimeException e) {
                err.println("replay: --until: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
        Path eventsFile = Path.of(args.get("events"));
        if (!Files.isRegularFile(eventsFile) || !Files.isReadable(eventsFile)) {
            err.println(eventsFile + ": cannot read the events file"
                    + (Files.exists(eventsFile) ? "" : ": no such file"));
            return ExitCodes.BAD_INPUT;
        }
        Replay.Summary s;
        try (BufferedReader in = Files.newBufferedReader(eventsFile, StandardCharsets.UTF_8)) {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
            s = new Replay(config, until).run(in, eventsFile.toString(), out, err);
        } catch (java.nio.charset.MalformedInputException e) {
            err.println(eventsFile + ": not UTF-8 text");
            return ExitCodes.BAD_INPUT;
        }
        err.println("replay: " + s.events() + " events applied, " + s.badLines() + " bad lines skipped"
                + (s.afterUntil() > 0 ? ", " + s.afterUntil() + " events after --until ignored" : "")
                + ", " + s.alerts() + " alerts"
                + (s.from() == null ? "" : "; virtual time " + AlertJson.time(s.from(), config.zone())
                        + " .. " + AlertJson.time(s.to(), config.zone())));
        return ExitCodes.OK;
    }
}

package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dispatches {@code gateway <command> ...} and maps failures to exit codes. */
public final class Cli {

    private static final String USAGE = String.join("\n",
            "usage: gateway <command> [options]",
            "  " + RunCommand.USAGE + "   the edge process (until SIGTERM)",
            "  " + CheckConfigCommand.USAGE + "   validate the config and print a summary",
            "  " + ReplayCommand.USAGE + "   alerts for an events file on virtual time",
            "  " + AddUserCommand.USAGE + "   set a staff account's password (asked, or the first line of stdin)",
            "  " + BackupCommand.USAGE + "   a consistent copy of the store, also while the gateway runs",
            "  " + RestoreCommand.USAGE + "   put a backup in the place of the store (no gateway may be running on it)",
            "  " + AddMqttUserCommand.USAGE + "   set an MQTT account's password (devices, receivers)",
            "  " + MosquittoAclCommand.USAGE + "   the same accounts and rules for an external Mosquitto",
            "exit codes: 0 ok, 2 bad configuration or input, 1 anything else");

    /** Each command's own usage line, for {@code gateway <command> --help}. */
    private static final Map<String, String> COMMANDS = commands();

    private Cli() {}

    private static Map<String, String> commands() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String usage : List.of(RunCommand.USAGE, CheckConfigCommand.USAGE, ReplayCommand.USAGE, AddUserCommand.USAGE,
                BackupCommand.USAGE, RestoreCommand.USAGE, AddMqttUserCommand.USAGE, MosquittoAclCommand.USAGE)) {
            m.put(usage.substring(0, usage.indexOf(' ')), usage);
        }
        return m;
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            (argv.length == 0 ? err : out).println(USAGE);
            return argv.length == 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (COMMANDS.containsKey(argv[0]) && (rest.contains("--help") || rest.contains("-h"))) {
            out.println("usage: gateway " + COMMANDS.get(argv[0]));
            return ExitCodes.OK;
        }
        try {
            switch (argv[0]) {
                case "run":
                    return RunCommand.run(rest, out, err);
                case "replay":
                    return ReplayCommand.run(rest, out, err);
                case "check-config":
                    return CheckConfigCommand.run(rest, out, err);
                case "add-user":
                    return AddUserCommand.run(rest, System.in, out, err);
                case "backup":
                    return BackupCommand.run(rest, out, err, Clock.systemDefaultZone());
                case "restore":
                    return RestoreCommand.run(rest, out, err, Clock.systemDefaultZone());
                case "add-mqtt-user":
                    return AddMqttUserCommand.run(rest, System.in, out, err);
                case "mosquitto-acl":
                    return MosquittoAclCommand.run(rest, out, err);
                default:
                    err.println("gateway: unknown command '" + argv[0] + "'");
                    err.println(USAGE);
                    return ExitCodes.BAD_INPUT;
            }
        } catch (Args.UsageException e) {
            err.println("gateway " + argv[0] + ": " + e.getMessage());
            err.println(USAGE);
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("gateway " + argv[0] + ": " + e);
            return ExitCodes.FAILURE;
        } catch (RuntimeException e) {
            err.println("gateway " + argv[0] + ": internal error: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILURE;
        }
    }
}

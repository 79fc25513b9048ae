package org.doorwatch.gateway.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;

/**
 * {@code gateway add-user NAME [--config FILE]}: sets NAME's password in the config's
 * {@code users.file} (creating it, owner-only). The password is asked twice on a terminal
 * without echo, or read as the first line of standard input (scripts). The account's roles and
 * scope are in the config; a name that has no account there is refused. The running gateway
 * picks the change up at the next login.
 */
final class AddUserCommand {

    static final String USAGE = "add-user NAME [--config FILE]";
    static final int MIN_LENGTH = 8;

    private AddUserCommand() {}

    static int run(List<String> argv, InputStream in, PrintStream out, PrintStream err)
            throws Args.UsageException, IOException {
        Args args = Args.parse(argv, Set.of("config"), Set.of());
        if (args.positional().size() != 1) {
            throw new Args.UsageException("expected one user name");
        }
        String name = args.positional().get(0);
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        GatewayConfig.UserSettings users = config.http().users();
        if (users.account(name) == null) {
            err.println("gateway add-user: '" + name + "' has no account in " + file
                    + " (users.accounts); add it there with its roles first");
            return ExitCodes.BAD_INPUT;
        }
        char[] password = readPassword(in, err);
        if (password == null) {
            err.println("gateway add-user: no password given");
            return ExitCodes.BAD_INPUT;
        }
        try {
            if (password.length < MIN_LENGTH) {
                err.println("gateway add-user: the password is shorter than " + MIN_LENGTH + " characters");
                return ExitCodes.BAD_INPUT;
            }
            PasswordFile.put(users.file(), name, PasswordHash.hash(password));
        } finally {
            Arrays.fill(password, '\0');
        }
        out.println("password of " + name + " set in " + users.file());
        return ExitCodes.OK;
    }

    static char[] readPassword(InputStream in, PrintStream err) throws IOException {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                err.println("gateway add-user: the two passwords differ");
                return null;
            }
            Arrays.fill(again, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isEmpty() ? null : line.toCharArray();
    }
}

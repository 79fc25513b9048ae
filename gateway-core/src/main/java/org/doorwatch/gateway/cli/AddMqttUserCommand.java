package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.MqttAccountNames;
import org.doorwatch.gateway.mqtt.BrokerAccess;
import org.doorwatch.gateway.passwords.MqttPasswordHash;
import org.doorwatch.gateway.passwords.PasswordFile;

/**
 * {@code gateway add-mqtt-user NAME [--config FILE]}: sets the password of an MQTT account (SPEC
 * 10) in the config's accounts file ({@code mqtt.embedded.usersFile}; with an external broker,
 * {@code mqtt-users.passwd} next to the config, the source of {@code gateway mosquitto-acl}),
 * creating it owner-only. The password is asked twice on a terminal without echo, or read as
 * the first line of standard input. What the account may do is the config's: a device account
 * is named like its device, a receiver is named in {@code channels.<id>.readers}. A running
 * gateway takes the change within a second, without a restart.
 *
 * <p>Several names, or {@code --devices} (every MQTT device of the config), get the same
 * password: for a lab or a demo. On a community's network each device should have its own, so
 * that one device taken apart does not give away the others.
 */
final class AddMqttUserCommand {

    static final String USAGE = "add-mqtt-user NAME... | --devices [--config FILE]";

    private AddMqttUserCommand() {}

    static int run(List<String> argv, InputStream in, PrintStream out, PrintStream err)
            throws Args.UsageException, IOException {
        Args args = Args.parse(argv, Set.of("config"), Set.of("devices"));
        boolean devices = args.flag("devices");
        if (args.positional().isEmpty() && !devices) {
            throw new Args.UsageException("expected an account name (or --devices)");
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        for (String name : args.positional()) {
            if (!MqttAccountNames.VALID.matcher(name).matches()) {
                err.println("gateway add-mqtt-user: '" + name + "' is not a valid account name; " + MqttAccountNames.EXPECTED);
                return ExitCodes.BAD_INPUT;
            }
            if (MqttAccountNames.isReserved(name)) {
                err.println("gateway add-mqtt-user: '" + name + "' is the gateway's own account; it has no password to set");
                return ExitCodes.BAD_INPUT;
            }
        }
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        java.util.List<String> names = new java.util.ArrayList<>(args.positional());
        if (devices) {
            config.devices().stream().filter(d -> "mqtt".equals(d.source()))
                    .filter(d -> MqttAccountNames.VALID.matcher(d.id()).matches()).map(GatewayConfig.DeviceConfig::id)
                    .filter(id -> !names.contains(id)).forEach(names::add);
        }
        Path users = usersFile(config);
        BrokerAccess access = new BrokerAccess(config);
        char[] password = AddUserCommand.readPassword(in, err);
        if (password == null) {
            err.println("gateway add-mqtt-user: no password given");
            return ExitCodes.BAD_INPUT;
        }
        try {
            if (password.length < AddUserCommand.MIN_LENGTH) {
                err.println("gateway add-mqtt-user: the password is shorter than " + AddUserCommand.MIN_LENGTH + " characters");
                return ExitCodes.BAD_INPUT;
            }
            for (String name : names) {
                PasswordFile.put(users, name, MqttPasswordHash.hash(password));
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        for (String name : names) {
            out.println("password of MQTT account " + name + " set in " + users);
            List<BrokerAccess.Permission> may = access.permissions(name);
            if (may.isEmpty()) {
                err.println("gateway add-mqtt-user: note: '" + name + "' is neither a device of " + file
                        + " nor a reader of a channel (channels.<id>.readers): it can log in and do nothing");
            } else {
                for (BrokerAccess.Permission p : may) {
                    out.println("  may " + (p.activity() == BrokerAccess.Activity.PUBLISH ? "publish to " : "read ") + p.filter());
                }
            }
        }
        return ExitCodes.OK;
    }

    /** The accounts file of {@code config}: the embedded broker's, or the default one next to the config. */
    static Path usersFile(GatewayConfig config) {
        if (config.mqtt().broker() != null && config.mqtt().broker().usersFile() != null) {
            return config.mqtt().broker().usersFile();
        }
        return config.file().toAbsolutePath().resolveSibling("mqtt-users.passwd");
    }
}

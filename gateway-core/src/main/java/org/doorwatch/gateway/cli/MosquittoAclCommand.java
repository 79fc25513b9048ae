package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.MqttAccountNames;
import org.doorwatch.gateway.mqtt.BrokerAccess;
import org.doorwatch.gateway.passwords.MqttPasswordHash;
import org.doorwatch.gateway.passwords.PasswordFile;

/**
 * {@code gateway mosquitto-acl [--config FILE] [--out DIR]}: the embedded broker's accounts and
 * rules (SPEC 10, {@link BrokerAccess}) as a Mosquitto {@code password_file} and {@code acl_file},
 * for a site on an external Mosquitto. The accounts file's lines are Mosquitto's own hash form,
 * so they are copied as they are; the gateway's own account ({@code mqtt.username}, with the
 * password of {@code mqtt.passwordFile}) is hashed in and may publish and read everything. Both
 * files are written owner-only; the lines for {@code mosquitto.conf} are printed.
 *
 * <p>What Mosquitto cannot do, and the embedded broker does: refuse the gateway's client ids to
 * other accounts (a device that takes one knocks the gateway's connection off until it reconnects),
 * and refuse retained messages from devices (the gateway drops those and counts them).
 */
final class MosquittoAclCommand {

    static final String USAGE = "mosquitto-acl [--config FILE] [--out DIR]";

    private MosquittoAclCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Args.UsageException, IOException {
        Args args = Args.parse(argv, Set.of("config", "out"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        Path dir = args.get("out", null) != null ? Path.of(args.get("out", null))
                : config.file().toAbsolutePath().resolveSibling("mosquitto");
        Path users = AddMqttUserCommand.usersFile(config);
        Map<String, String> hashes = new PasswordFile(users, PasswordFile.MQTT).all();
        BrokerAccess access = new BrokerAccess(config);

        String gateway = config.mqtt().username();
        List<String> passwords = new ArrayList<>();
        passwords.add("# written by `scripts/gateway mosquitto-acl` from " + users + "; do not edit, run it again");
        if (gateway != null && config.mqtt().passwordFile() != null) {
            char[] pw = Files.readString(config.mqtt().passwordFile(), StandardCharsets.UTF_8).strip().toCharArray();
            passwords.add(gateway + ":" + MqttPasswordHash.hash(pw));
            java.util.Arrays.fill(pw, '\0');
        } else {
            err.println("gateway mosquitto-acl: note: the config has no mqtt.username and mqtt.passwordFile; the "
                    + "gateway's own account is left out (set them to the account the gateway logs in with)");
        }
        hashes.forEach((name, hash) -> {
            if (!MqttAccountNames.isReserved(name) && !name.equals(gateway)) {
                passwords.add(name + ":" + hash);
            }
        });

        List<String> acl = new ArrayList<>();
        acl.add("# written by `scripts/gateway mosquitto-acl` from " + config.file() + "; do not edit, run it again");
        acl.add("# the same rules as the embedded broker's (docs/installer-guide.en.md, \"Accounts on the device network\")");
        if (gateway != null) {
            acl.add("");
            acl.add("# the gateway: publishes alerts and its status, reads device events");
            acl.add("user " + gateway);
            acl.add("topic readwrite #");
        }
        for (String account : access.accounts()) {
            if (account.equals(gateway)) {
                continue;
            }
            acl.add("");
            acl.add("user " + account);
            for (BrokerAccess.Permission p : access.permissions(account)) {
                acl.add("topic " + (p.activity() == BrokerAccess.Activity.PUBLISH ? "write " : "read ") + p.filter());
            }
        }
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve("password_file");
        Path aclFile = dir.resolve("acl_file");
        writeOwnerOnly(passwordFile, passwords);
        writeOwnerOnly(aclFile, acl);
        out.println("# " + (passwords.size() - 1) + " accounts, " + access.accounts().size()
                + " with rules; add to mosquitto.conf:");
        out.println("allow_anonymous false");
        out.println("password_file " + passwordFile.toAbsolutePath());
        out.println("acl_file " + aclFile.toAbsolutePath());
        return ExitCodes.OK;
    }

    private static void writeOwnerOnly(Path file, List<String> lines) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

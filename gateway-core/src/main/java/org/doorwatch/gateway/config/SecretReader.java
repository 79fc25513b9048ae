package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads a secret named by {@code secretFile} (a path) or {@code secretEnv} (an environment
 * variable). The value never enters a message: problems name the key, the file or the
 * variable, and what is wrong with it, nothing of what is in it.
 */
final class SecretReader {

    /** A secret file bigger than this is surely the wrong file. */
    static final int MAX_BYTES = 4096;
    /**
     * Conventional variable names only: a value that is not one may be the secret itself,
     * pasted in by mistake, and is then not repeated in the message.
     */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

    private SecretReader() {}

    /** The secret of {@code map} (a webhook), or null with the problem recorded. */
    static GatewayConfig.Secret read(ConfigContext ctx, YamlMap map) {
        String file = map.string("secretFile");
        String env = map.string("secretEnv");
        if (file != null && env != null) {
            ctx.at(map.keyNode("secretEnv"), map.path() + ": give either secretFile or secretEnv, not both");
            return null;
        }
        if (file == null && env == null) {
            map.missing("secretFile", "the file holding the signing secret (or secretEnv: a variable holding it)");
            return null;
        }
        return file != null ? fromFile(ctx, map, file) : fromEnv(ctx, map, env);
    }

    private static GatewayConfig.Secret fromFile(ConfigContext ctx, YamlMap map, String file) {
        Path p = ctx.source(file);
        String key = map.child("secretFile");
        byte[] bytes;
        try {
            if (Files.isDirectory(p)) {
                ctx.at(map.value("secretFile"), key + ": cannot read '" + ConfigContext.show(p) + "': is a folder");
                return null;
            }
            if (Files.size(p) > MAX_BYTES) {
                ctx.at(map.value("secretFile"), key + ": '" + ConfigContext.show(p) + "' is larger than " + MAX_BYTES
                        + " bytes; expected a file holding only the secret");
                return null;
            }
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            ctx.at(map.value("secretFile"), key + ": cannot read '" + ConfigContext.show(p) + "': " + ConfigLoader.describe(e));
            return null;
        }
        byte[] value = trimEnd(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (value.length == 0) {
            ctx.at(map.value("secretFile"), key + ": '" + ConfigContext.show(p) + "' is empty; expected the signing secret");
            return null;
        }
        return new GatewayConfig.Secret("file " + file, value);
    }

    private static GatewayConfig.Secret fromEnv(ConfigContext ctx, YamlMap map, String name) {
        String key = map.child("secretEnv");
        if (!ENV_NAME.matcher(name).matches()) {
            ctx.at(map.value("secretEnv"), key + ": not an environment variable name (not shown, in case it is the secret itself); "
                    + "expected upper-case letters, digits and '_', e.g. FAMILY_HOOK_SECRET");
            return null;
        }
        String value = ctx.env.apply(name);
        if (value == null) {
            ctx.at(map.value("secretEnv"), key + ": environment variable " + name + " is not set");
            return null;
        }
        byte[] bytes = trimEnd(value.getBytes(StandardCharsets.UTF_8));
        if (bytes.length == 0) {
            ctx.at(map.value("secretEnv"), key + ": environment variable " + name + " is empty");
            return null;
        }
        return new GatewayConfig.Secret("env " + name, bytes);
    }

    /** Drops trailing whitespace: editors and {@code echo} end files with a newline. */
    private static byte[] trimEnd(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t')) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }
}

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
        return read(ctx, map, "secret", "the signing secret");
    }

    /**
     * The secret named by {@code <base>File} or {@code <base>Env} of {@code map} ({@code keyFile},
     * {@code tokenEnv} ...), or null with the problem recorded.
     *
     * @param what what the secret is, for messages ("the robot's key")
     */
    static GatewayConfig.Secret read(ConfigContext ctx, YamlMap map, String base, String what) {
        String fileKey = base + "File";
        String envKey = base + "Env";
        String file = map.string(fileKey);
        String env = map.string(envKey);
        if (file != null && env != null) {
            ctx.at(map.keyNode(envKey), map.path() + ": give either " + fileKey + " or " + envKey + ", not both");
            return null;
        }
        if (file == null && env == null) {
            map.missing(fileKey, "the file holding " + what + " (or " + envKey + ": a variable holding it)");
            return null;
        }
        return file != null ? fromFile(ctx, map, file, fileKey, what) : fromEnv(ctx, map, env, envKey);
    }

    private static GatewayConfig.Secret fromFile(ConfigContext ctx, YamlMap map, String file, String fileKey, String what) {
        Path p = ctx.source(file);
        String key = map.child(fileKey);
        byte[] bytes;
        try {
            if (Files.isDirectory(p)) {
                ctx.at(map.value(fileKey), key + ": cannot read '" + ConfigContext.show(p) + "': is a folder");
                return null;
            }
            if (Files.size(p) > MAX_BYTES) {
                ctx.at(map.value(fileKey), key + ": '" + ConfigContext.show(p) + "' is larger than " + MAX_BYTES
                        + " bytes; expected a file holding only the secret");
                return null;
            }
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            ctx.at(map.value(fileKey), key + ": cannot read '" + ConfigContext.show(p) + "': " + ConfigLoader.describe(e));
            return null;
        }
        byte[] value = trimEnd(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (value.length == 0) {
            ctx.at(map.value(fileKey), key + ": '" + ConfigContext.show(p) + "' is empty; expected " + what);
            return null;
        }
        return new GatewayConfig.Secret("file " + file, value);
    }

    private static GatewayConfig.Secret fromEnv(ConfigContext ctx, YamlMap map, String name, String envKey) {
        String key = map.child(envKey);
        if (!ENV_NAME.matcher(name).matches()) {
            ctx.at(map.value(envKey), key + ": not an environment variable name (not shown, in case it is the secret itself); "
                    + "expected upper-case letters, digits and '_', e.g. FAMILY_HOOK_SECRET");
            return null;
        }
        String value = ctx.env.apply(name);
        if (value == null) {
            ctx.at(map.value(envKey), key + ": environment variable " + name + " is not set");
            return null;
        }
        byte[] bytes = trimEnd(value.getBytes(StandardCharsets.UTF_8));
        if (bytes.length == 0) {
            ctx.at(map.value(envKey), key + ": environment variable " + name + " is empty");
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

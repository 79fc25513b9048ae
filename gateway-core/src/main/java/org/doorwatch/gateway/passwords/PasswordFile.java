package org.doorwatch.gateway.passwords;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password file: one {@code name:hash} line per user (htpasswd-like; the hash is a
 * {@link PasswordHash}), {@code #} comments and blank lines allowed. Never plain text: a line
 * whose hash is not in the known form is skipped and logged by line number, never quoted.
 *
 * <p>The API re-reads the file when its modification time or size changes, so
 * {@code gateway add-user} takes effect without a restart.
 */
public final class PasswordFile {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordFile.class);

    /**
     * What a file's hashes look like and which command writes its lines.
     *
     * @param example    the start of a hash, for messages ({@code pbkdf2-sha256$…})
     * @param wellFormed whether a stored hash has the form
     * @param command    the command that writes a line, for messages
     */
    public record Format(String example, java.util.function.Predicate<String> wellFormed, String command) {}

    /** The staff API's file: {@link PasswordHash} lines written by {@code gateway add-user}. */
    public static final Format STAFF = new Format(PasswordHash.SCHEME + "$…", PasswordHash::isWellFormed,
            "scripts/gateway add-user NAME");
    /** The embedded broker's accounts: {@link MqttPasswordHash} lines written by {@code gateway add-mqtt-user}. */
    public static final Format MQTT = new Format(MqttPasswordHash.PREFIX + "…", MqttPasswordHash::isWellFormed,
            "scripts/gateway add-mqtt-user NAME");

    private final Path file;
    private final Format format;
    private volatile Map<String, String> hashes = Map.of();
    private FileTime readTime;
    private long readSize = -1;
    private long version;

    public PasswordFile(Path file) {
        this(file, STAFF);
    }

    public PasswordFile(Path file, Format format) {
        this.file = file;
        this.format = format;
    }

    /** Every name with its hash, as of the last read; re-reads the file first if it changed. */
    public synchronized Map<String, String> all() {
        refresh();
        return hashes;
    }

    /** Grows each time the file is read anew (a change seen); callers compare it to notice reloads. */
    public synchronized long version() {
        refresh();
        return version;
    }

    /** The stored hash of {@code name}, or null; re-reads the file first if it changed. */
    public synchronized String hashOf(String name) {
        refresh();
        return hashes.get(name);
    }

    private void refresh() {
        if (file == null) {
            return;
        }
        try {
            FileTime t = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (t.equals(readTime) && size == readSize) {
                return;
            }
            hashes = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8), format);
            readTime = t;
            readSize = size;
            version++;
        } catch (NoSuchFileException e) {
            if (readSize != 0) {
                LOG.warn("password file {} does not exist: nobody can log in with a password until "
                        + "`{}` creates it", file, format.command());
                version++;
            }
            hashes = Map.of();
            readTime = null;
            readSize = 0;
        } catch (IOException e) {
            LOG.error("cannot read the password file {}: {}; keeping the users read before", file, e.toString());
        }
    }

    static Map<String, String> parse(Path file, List<String> lines) {
        return parse(file, lines, STAFF);
    }

    static Map<String, String> parse(Path file, List<String> lines, Format format) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !format.wellFormed().test(hash)) {
                LOG.warn("{}:{}: not a 'name:{}' line; skipped (write users with `{}`)",
                        file, i + 1, format.example(), format.command());
                continue;
            }
            out.put(line.substring(0, colon), hash);
        }
        return out;
    }

    /**
     * Sets {@code name}'s hash in {@code file}, replacing an existing line, keeping the others;
     * written to a temporary file (owner-only permissions) and moved into place, so a reader
     * never sees half a file.
     */
    public static void put(Path file, String name, String hash) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String l : lines) {
            if (l.startsWith(name + ":")) {
                if (!replaced) {
                    out.add(name + ":" + hash);
                    replaced = true;
                }
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            out.add(name + ":" + hash);
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, ".users", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.write(tmp, out, StandardCharsets.UTF_8);
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

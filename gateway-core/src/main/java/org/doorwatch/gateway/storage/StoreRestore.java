package org.doorwatch.gateway.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Puts a backup in the place of the store, while no gateway runs on it. The store's lock
 * ({@link StoreLock}) is held throughout, so a gateway cannot start half-way; the backup is
 * checked ({@link StoreCopy#inspect}) and refused if damaged, foreign or of a newer schema; it is
 * copied next to the store with {@code VACUUM INTO} (which also folds in a {@code -wal} lying
 * beside the backup) and checked again there; only then is the store moved aside, never deleted,
 * and the copy renamed into its place. An older schema is left as it is: the gateway migrates it
 * at its next start, as after any upgrade.
 *
 * <p>The store's {@code -wal} goes aside with it, under the same new name plus {@code -wal}
 * (SQLite's own naming, so the kept store opens with what its WAL holds), and before the store
 * file itself: a WAL left behind next to a new store would be read as the new store's.
 */
public final class StoreRestore {

    /**
     * @param backup    what the restored store holds
     * @param keptAside the files of the replaced store, moved aside (empty when there was none)
     */
    public record Restored(StoreCopy.Summary backup, List<Path> keptAside) {}

    private StoreRestore() {}

    /**
     * Restores {@code backup} as {@code store}; the replaced store's files get the suffix
     * {@code .replaced-<stamp>}.
     *
     * @throws StoreInUseException when a gateway holds the store's lock; nothing is changed
     * @throws StoreException      when the backup is not usable (missing, not SQLite, damaged, not a
     *                             door-watch store, a newer schema); nothing is changed
     * @throws IOException         when the files cannot be written or moved
     */
    public static Restored restore(Path backup, Path store, String stamp)
            throws StoreInUseException, StoreException, IOException {
        backup = backup.toAbsolutePath().normalize();
        store = store.toAbsolutePath().normalize();
        if (backup.equals(store)) {
            throw new StoreException(backup + ": this is the store itself; restore from a backup file");
        }
        StoreCopy.Summary checked = StoreCopy.inspect(backup);
        refuseNewer(backup, checked.schemaVersion());
        Files.createDirectories(store.getParent());
        try (StoreLock lock = StoreLock.tryTake(store)) {
            if (lock == null) {
                throw new StoreInUseException(store + ": a gateway is running on this store (it holds "
                        + StoreLock.fileOf(store) + "); stop it first, then restore");
            }
            Path temp = store.resolveSibling(store.getFileName() + ".restoring");
            Files.deleteIfExists(temp);
            try {
                vacuumInto(backup, temp);
                StoreCopy.Summary copied = StoreCopy.inspect(temp);
                refuseNewer(backup, copied.schemaVersion());
                StoreCopy.ownerOnly(temp);
                StoreCopy.fsync(temp);
                List<Path> kept = moveAside(store, stamp);
                StoreCopy.move(temp, store);
                return new Restored(new StoreCopy.Summary(store, copied.schemaVersion(), copied.bytes(), copied.rows(),
                        copied.owed(), copied.newestEvent()), kept);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void refuseNewer(Path backup, int version) throws StoreException {
        int latest = Database.latestSchemaVersion();
        if (version > latest) {
            throw new StoreException(backup + ": the backup has schema version " + version + ", newer than this "
                    + "gateway understands (version " + latest + "); restore it with the gateway version that wrote "
                    + "it, or a newer one. Nothing was changed.");
        }
    }

    private static void vacuumInto(Path from, Path to) throws StoreException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + from, cfg.toProperties());
             PreparedStatement p = c.prepareStatement("VACUUM INTO ?")) {
            p.setString(1, to.toString());
            p.execute();
        } catch (SQLException e) {
            throw new StoreException(from + ": cannot copy it (" + e.getMessage() + ")", e);
        }
    }

    /** Moves the store's files (the WAL first, see the class comment) to {@code <name>.replaced-<stamp>...}. */
    private static List<Path> moveAside(Path store, String stamp) throws IOException {
        String base = store.getFileName() + ".replaced-" + stamp;
        for (int n = 2; Files.exists(store.resolveSibling(base)) || Files.exists(store.resolveSibling(base + "-wal")); n++) {
            base = store.getFileName() + ".replaced-" + stamp + "-" + n;
        }
        List<Path> kept = new ArrayList<>();
        for (String suffix : List.of("-wal", "", "-shm")) {
            Path from = store.resolveSibling(store.getFileName() + suffix);
            if (Files.exists(from)) {
                Path to = store.resolveSibling(base + suffix);
                StoreCopy.move(from, to);
                kept.add(to);
            }
        }
        return kept;
    }
}

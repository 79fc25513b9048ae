package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.doorwatch.gateway.config.Durations;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.StoreCopy;
import org.doorwatch.gateway.storage.StoreException;

/**
 * {@code gateway backup --to FILE|FOLDER [--config FILE] [--keep N] [--progress DURATION]}: a
 * consistent copy of the store ({@code storage.path}) while the gateway goes on running
 * ({@link StoreCopy}); the copy is checked, then renamed into place, and a summary is printed.
 *
 * <p>A folder (an existing one, or a name ending in {@code /}) gets a file named after the store
 * and the time, {@code gateway-20261201-033000.db}; with {@code --keep N} only the newest N such
 * files stay in it. The embedded broker's store is not copied: it is not the gateway's truth
 * (docs/operations.md, "Backup and restore, upgrades, retention").
 */
final class BackupCommand {

    static final String USAGE = "backup --to FILE|FOLDER [--config FILE] [--keep N] [--progress DURATION]";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private BackupCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err, Clock clock) throws Args.UsageException {
        Args args = Args.parse(argv, Set.of("to", "config", "keep", "progress"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String to = args.get("to");
        if (to == null || to.isBlank()) {
            throw new Args.UsageException("--to FILE or --to FOLDER/ is needed: where the backup goes");
        }
        Integer keep = null;
        if (args.get("keep") != null) {
            try {
                keep = Integer.parseInt(args.get("keep"));
            } catch (NumberFormatException e) {
                keep = 0;
            }
            if (keep < 1) {
                throw new Args.UsageException("--keep: expected a whole number of backups to keep, at least 1, found '"
                        + args.get("keep") + "'");
            }
        }
        Duration progressEvery = Duration.ofSeconds(5);
        if (args.get("progress") != null) {
            progressEvery = Durations.parse(args.get("progress"));
            if (progressEvery == null || progressEvery.isZero()) {
                throw new Args.UsageException("--progress: bad duration '" + args.get("progress") + "'; expected "
                        + Durations.EXPECTED);
            }
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        Path store = config.storage().path().toAbsolutePath().normalize();
        Path target = Path.of(to).toAbsolutePath().normalize();
        boolean folder = Files.isDirectory(target) || to.endsWith("/");
        if (keep != null && !folder) {
            throw new Args.UsageException("--keep needs --to FOLDER/ (it keeps the newest N backups in that folder)");
        }
        String stem = stem(store);
        if (folder) {
            target = target.resolve(stem + "-" + STAMP.format(clock.instant().atZone(config.zone())) + ".db");
        }
        for (String suffix : List.of("", "-wal", "-shm", ".lock")) {
            if (target.equals(store.resolveSibling(store.getFileName() + suffix))) {
                err.println("gateway backup: " + target + " is the store itself; give another file or a folder");
                return ExitCodes.BAD_INPUT;
            }
        }
        if (!Files.exists(store)) {
            err.println("gateway backup: " + store + ": no store there (storage.path of " + file
                    + "); nothing to back up");
            return ExitCodes.BAD_INPUT;
        }
        long started = System.nanoTime();
        StoreCopy.Summary s;
        try {
            if (!Files.isDirectory(target.getParent())) {
                // a new folder for backups: its listing is nobody else's business either
                Files.createDirectories(target.getParent(), ownerOnlyFolder(target.getParent()));
            }
            s = StoreCopy.copy(store, target, progressEvery, (written, expected) -> err.printf(
                    "backup: %s of about %s written (%d %%)%n", StoreSummaryText.size(written),
                    StoreSummaryText.size(expected), expected <= 0 ? 0 : Math.min(99, written * 100 / expected)));
        } catch (StoreException e) {
            err.println("gateway backup: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("gateway backup: cannot write " + target + ": " + e);
            return ExitCodes.FAILURE;
        }
        out.printf("backup: %s -> %s in %.1f s%n", store, s.file(), (System.nanoTime() - started) / 1e9);
        StoreSummaryText.lines(s, config.zone()).forEach(out::println);
        if (keep != null) {
            try {
                for (Path old : olderBackups(target.getParent(), stem, keep)) {
                    Files.delete(old);
                    out.println("  removed the older backup " + old.getFileName() + " (--keep " + keep + ")");
                }
            } catch (IOException e) {
                err.println("gateway backup: the backup is written, but older ones could not be removed: " + e);
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    private static FileAttribute<?>[] ownerOnlyFolder(Path folder) throws IOException {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.getFileStore(existing)
                .supportsFileAttributeView(PosixFileAttributeView.class)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions
                .asFileAttribute(PosixFilePermissions.fromString("rwx------"))};
    }

    private static String stem(Path store) {
        String name = store.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Backups this command wrote into {@code folder} beyond the newest {@code keep}, oldest first. */
    static List<Path> olderBackups(Path folder, String stem, int keep) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(stem) + "-\\d{8}-\\d{6}\\.db");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> ours.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .forEach(found::add);
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())); // the stamp sorts by time
        return found.size() <= keep ? List.of() : found.subList(0, found.size() - keep);
    }
}

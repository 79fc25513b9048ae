package org.doorwatch.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.Database;
import org.doorwatch.gateway.storage.StoreException;
import org.doorwatch.gateway.storage.StoreInUseException;
import org.doorwatch.gateway.storage.StoreRestore;

/**
 * {@code gateway restore --from FILE [--config FILE]}: puts a backup in the place of the store
 * ({@code storage.path}) while no gateway runs on it ({@link StoreRestore}). The store it
 * replaces is moved aside as {@code <store>.replaced-<time>}, never deleted.
 *
 * <p>Exit codes (SPEC 2): 0 restored; 2 a bad command line or config, or a backup that is
 * missing, not SQLite, damaged, not a door-watch store or of a newer schema; 1 a gateway is
 * running on the store, or the files cannot be written.
 */
final class RestoreCommand {

    static final String USAGE = "restore --from FILE [--config FILE]";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RestoreCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err, Clock clock) throws Args.UsageException {
        Args args = Args.parse(argv, Set.of("from", "config"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String from = args.get("from");
        if (from == null || from.isBlank()) {
            throw new Args.UsageException("--from FILE is needed: the backup to restore");
        }
        Path file = Path.of(args.get("config", Defaults.DEFAULT_CONFIG));
        GatewayConfig config = ConfigArgument.load(file, err);
        if (config == null) {
            return ExitCodes.BAD_INPUT;
        }
        Path store = config.storage().path().toAbsolutePath().normalize();
        Path backup = Path.of(from).toAbsolutePath().normalize();
        StoreRestore.Restored r;
        try {
            r = StoreRestore.restore(backup, store, STAMP.format(clock.instant().atZone(config.zone())));
        } catch (StoreInUseException e) {
            err.println("gateway restore: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (StoreException e) {
            err.println("gateway restore: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("gateway restore: cannot restore into " + store + ": " + e);
            return ExitCodes.FAILURE;
        }
        out.println("restore: " + backup + " -> " + store);
        StoreSummaryText.lines(r.backup(), config.zone()).forEach(out::println);
        if (r.keptAside().isEmpty()) {
            out.println("  there was no store to replace");
        } else {
            out.println("  the replaced store is kept as " + r.keptAside().stream().map(p -> p.getFileName().toString())
                    .reduce((a, b) -> a + ", " + b).orElse("") + " (delete it yourself once the restore is confirmed)");
        }
        int latest = Database.latestSchemaVersion();
        if (r.backup().schemaVersion() < latest) {
            out.println("  schema version " + r.backup().schemaVersion() + " is older than this gateway's (" + latest
                    + "): the next start migrates it");
        }
        out.println("  next: start the gateway; the " + r.backup().owed() + " deliveries owed in the backup are sent "
                + "(again) with their alert ids, and stages that fell due since the newest event are raised");
        return ExitCodes.OK;
    }
}

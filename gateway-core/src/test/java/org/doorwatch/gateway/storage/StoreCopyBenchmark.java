package org.doorwatch.gateway.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * How to copy a live store: SQLite's {@code VACUUM INTO} against its online backup API, each
 * on a store of N journal rows while a writer keeps committing (a batch of 20 events every 2 ms,
 * {@code synchronous=FULL}, like the gateway's). Not a test: a plain main whose figures go into
 * BENCHMARKS.md.
 *
 * <pre>
 * mvn -q -pl gateway-core -am package -DskipTests
 * java -cp gateway-core/target/doorwatch-gateway.jar:gateway-core/target/test-classes \
 *     org.doorwatch.gateway.storage.StoreCopyBenchmark [rows=1500000] [rounds=3]
 * </pre>
 *
 * Methods: {@code vacuum-into} (one read transaction, writes a compacted copy);
 * {@code backup-one-step} (the backup API, all pages in one step: one read transaction, a
 * page-for-page copy); {@code backup-100-pages} (what sqlite-jdbc's {@code backup to FILE}
 * statement does: 100 pages a step, the read lock let go between steps, so every commit of the
 * writer restarts the copy; it is given 30 s with the writer running, then the writer stops).
 * A warm-up copy runs first; then rounds in alternating order. For each: wall time, CPU time of
 * the copying thread, size of the copy, the writer's commit times (median, p99, max) while it
 * ran, against a baseline stretch without a copy measured in the same round.
 */
public final class StoreCopyBenchmark {

    private StoreCopyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("copy-bench");
        Path store = dir.resolve("gateway.db");
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(store, clock); WriterStore w = new WriterStore(db)) {
            fill(w, rows);
            System.out.printf("store: %d journal rows, %.1f MB%n", rows, Files.size(store) / 1e6);
            copy("warm-up vacuum-into", db, w, dir, "vacuum-into");
            copy("warm-up backup-one-step", db, w, dir, "backup-one-step");
            String[] order = {"vacuum-into", "backup-one-step"};
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < order.length; i++) {
                    String m = order[(i + r) % order.length];
                    copy("round " + (r + 1) + " " + m, db, w, dir, m);
                }
            }
            copy("backup-100-pages", db, w, dir, "backup-100-pages");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void fill(WriterStore w, int rows) throws Exception {
        Instant t = Instant.now();
        for (int done = 0; done < rows; done += 10_000) {
            Batch b = new Batch();
            for (int i = 0; i < 10_000; i++) {
                b.event(new JournalEntry(new DoorEvent(t, "door-" + ((done + i) % 5000), EventType.ACCESS_GRANTED,
                        "h-" + ((done + i) % 5000), "card:" + Integer.toHexString(done + i), null, null, null), "mqtt", t));
            }
            w.commit(b, t);
        }
    }

    private static void copy(String label, Database db, WriterStore w, Path dir, String method) throws Exception {
        Path out = dir.resolve(method + ".copy");
        Files.deleteIfExists(out);
        Files.deleteIfExists(dir.resolve(method + ".copy-journal"));
        List<Long> baseline = writerLoad(w, 3000, null);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> during = Collections.synchronizedList(new ArrayList<>());
        AtomicLong restarts = new AtomicLong();
        Thread load = new Thread(() -> {
            try {
                during.addAll(writerLoad(w, Long.MAX_VALUE, running));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        load.start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long walPeak = 0;
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file(), cfg.toProperties())) {
            switch (method) {
                case "vacuum-into" -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("VACUUM INTO '" + out + "'");
                    }
                }
                case "backup-one-step" -> ((SQLiteConnection) c).getDatabase().backup("main", out.toString(),
                        (remaining, total) -> { }, 100, 3, -1);
                default -> {
                    long[] lastRemaining = {Long.MAX_VALUE};
                    Thread stopper = new Thread(() -> {
                        try {
                            Thread.sleep(30_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        running.set(false);
                    });
                    stopper.start();
                    ((SQLiteConnection) c).getDatabase().backup("main", out.toString(), (remaining, total) -> {
                        if (remaining > lastRemaining[0]) {
                            restarts.incrementAndGet();
                        }
                        lastRemaining[0] = remaining;
                    }, 100, 3, 100);
                    stopper.interrupt();
                }
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        Path wal = db.file().resolveSibling(db.file().getFileName() + "-wal");
        walPeak = Files.exists(wal) ? Files.size(wal) : 0;
        running.set(false);
        load.join();
        System.out.printf("%-28s wall %6.2f s  cpu %6.2f s  copy %6.1f MB  wal %5.1f MB  restarts %d  commits: "
                        + "baseline %s | during %s%n", label, wall / 1e9, cpu / 1e9, Files.size(out) / 1e6, walPeak / 1e6,
                restarts.get(), stats(baseline), stats(during));
        Files.delete(out);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.file()); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Commits a batch of 20 events every 2 ms for {@code millis} or until {@code running} goes false. */
    private static List<Long> writerLoad(WriterStore w, long millis, AtomicBoolean running) throws Exception {
        List<Long> times = new ArrayList<>();
        long end = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
        int n = 0;
        while (System.nanoTime() < end && (running == null || running.get())) {
            Instant t = Instant.now();
            Batch b = new Batch();
            for (int i = 0; i < 20; i++) {
                b.event(new JournalEntry(DoorEvent.device(t, "door-" + (n++ % 5000), EventType.DOOR_OPENED), "mqtt", t));
            }
            long t0 = System.nanoTime();
            w.commit(b, t);
            times.add(System.nanoTime() - t0);
            Thread.sleep(2);
        }
        return times;
    }

    private static String stats(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format("n %d p50 %.1f ms p99 %.1f ms max %.1f ms", s.size(), s.get(s.size() / 2) / 1e6,
                s.get((int) (s.size() * 0.99)) / 1e6, s.get(s.size() - 1) / 1e6);
    }
}

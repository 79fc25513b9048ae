package org.doorwatch.gateway.run;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.doorwatch.gateway.config.ConfigException;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.ConfigProblem;
import org.doorwatch.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config when its file, or a file it references (household and tenancy CSVs,
 * secret, password and TLS files), changes on disk, or when the process gets SIGHUP.
 *
 * <p>Two daemon threads: {@code config-watch} turns {@link WatchService} events on the
 * watched files into triggers; {@code config-reload} waits until triggers have been quiet for
 * the debounce interval (an editor's save is several events, a spreadsheet export many), then
 * loads the file. A valid config goes to {@link Listener#applied} on that thread; the live
 * gateway hands it to its single writer, which calls {@code WatchEngine.reconfigure(next.engine(),
 * now)} so that households are added and removed and thresholds change atomically between two
 * batches, every household keeping its L. An invalid config is refused: each problem is logged
 * as one line ({@code FILE:LINE:COLUMN: message}), {@link Listener#refused} is told, and the old
 * config stays in force.
 *
 * <p>A change of the watched files' content is needed for a reload (their bytes are hashed);
 * touching a file or saving it unchanged does nothing. SIGHUP and {@link #reloadNow()} always
 * reload. Settings that need a restart (site id, MQTT, storage, HTTP) are logged as such when
 * they change; the new config is still handed over, for the rest.
 *
 * <p>SIGHUP is caught with {@code sun.misc.Signal} (module jdk.unsupported, present in every
 * JDK 17): the JDK has no supported API for it. {@link #handleSighup()} installs the handler;
 * where the platform has no SIGHUP (Windows) it logs that and file watching still works.
 */
final class ConfigReloader implements AutoCloseable {

    /** Receives the outcome of each reload, on the reloader's thread. */
    public interface Listener {
        /** A valid new config; apply it through the engine's single writer. */
        void applied(GatewayConfig next);

        /** A reload was refused; the running config stays. Already logged. */
        default void refused(List<ConfigProblem> problems) {}
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** Why a reload was asked for; a forced one reloads even when no content changed. */
    private enum Trigger { FILE, FORCED, STOP }

    private final Path file;
    private final Duration debounce;
    private final Function<String, String> env;
    private final Listener listener;
    private final LinkedBlockingQueue<Trigger> triggers = new LinkedBlockingQueue<>();
    private final Map<WatchKey, Path> watchedDirs = new HashMap<>();
    private final WatchService watcher;

    private volatile GatewayConfig current;
    private volatile Set<Path> watchedFiles;
    private byte[] lastDigest;
    /**
     * After a refused reload any change in a watched folder retries: the fix may be a file the
     * refused config named but the running one does not (a CSV created after the error).
     */
    private volatile boolean lastRefused;
    /** The problems of the last refusal; the same ones again are not logged again. */
    private List<ConfigProblem> lastProblems = List.of();
    private Thread watchThread;
    private Thread reloadThread;
    private volatile boolean closed;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();

    /**
     * @param current  the config now in force (loaded from {@code file})
     * @param debounce how long the files must stay quiet before a reload, e.g. 500 ms
     */
    public ConfigReloader(Path file, GatewayConfig current, Duration debounce, Listener listener) throws IOException {
        this(file, current, debounce, System::getenv, listener);
    }

    /** Like the public constructor, with {@code env} standing in for the process environment. */
    public ConfigReloader(Path file, GatewayConfig current, Duration debounce, Function<String, String> env,
                          Listener listener) throws IOException {
        this.file = file;
        this.current = Objects.requireNonNull(current, "current");
        this.debounce = debounce;
        this.env = env;
        this.listener = listener;
        this.watcher = FileSystems.getDefault().newWatchService();
    }

    /** Starts watching. Files changed from now on are noticed. */
    public synchronized ConfigReloader start() throws IOException {
        if (watchThread != null) {
            throw new IllegalStateException("already started");
        }
        watch(current.sources());
        lastDigest = digest(current.sources());
        watchThread = daemon("config-watch", this::watchLoop);
        reloadThread = daemon("config-reload", this::reloadLoop);
        return this;
    }

    /**
     * Reloads on SIGHUP. Returns false when this platform has no SIGHUP. The handler lasts for
     * the life of the process; a closed reloader ignores it.
     */
    public boolean handleSighup() {
        return Sighup.handle(() -> {
            LOG.info("SIGHUP: reloading the config");
            reloadNow();
        });
    }

    /** Asks for a reload whether or not the files changed (what SIGHUP does). */
    public void reloadNow() {
        if (!closed) {
            triggers.offer(Trigger.FORCED);
        }
    }

    /** The config in force: the last one applied. */
    public GatewayConfig current() {
        return current;
    }

    /** Reloads handed to {@link Listener#applied} so far. */
    public long appliedCount() {
        return applied.get();
    }

    /** Reloads refused for problems in the new config so far. */
    public long refusedCount() {
        return refused.get();
    }

    /** File events that changed nothing in the watched files' content so far. */
    public long unchangedCount() {
        return unchanged.get();
    }

    @Override
    public void close() {
        closed = true;
        triggers.offer(Trigger.STOP);
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        for (Thread t : new Thread[] {watchThread, reloadThread}) {
            if (t != null) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- threads

    private void watchLoop() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                Path dir;
                synchronized (watchedDirs) {
                    dir = watchedDirs.get(key);
                }
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        relevant = true; // events were lost: one of them may have been ours
                    } else if (dir != null && event.context() instanceof Path name
                            && (lastRefused || watchedFiles.contains(dir.resolve(name)))) {
                        relevant = true;
                    }
                }
                key.reset();
                if (relevant) {
                    triggers.offer(Trigger.FILE);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        }
    }

    private void reloadLoop() {
        try {
            while (true) {
                Trigger t = triggers.take();
                boolean forced = t == Trigger.FORCED;
                // Debounce: wait until the files have been quiet for a whole interval.
                while (t != Trigger.STOP) {
                    t = triggers.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
                    if (t == null) {
                        break;
                    }
                    forced |= t == Trigger.FORCED;
                }
                if (t == Trigger.STOP || closed) {
                    return;
                }
                reload(forced);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- reloading

    private void reload(boolean forced) {
        byte[] before = digest(current.sources());
        if (!forced && !lastRefused && Arrays.equals(before, lastDigest)) {
            LOG.debug("config files touched but unchanged; nothing to reload");
            unchanged.incrementAndGet();
            return;
        }
        GatewayConfig next;
        try {
            next = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            lastDigest = before;
            lastRefused = true;
            refused.incrementAndGet();
            if (e.problems().equals(lastProblems)) {
                LOG.debug("config reload refused again with the same {} problems", e.problems().size());
                return;
            }
            lastProblems = e.problems();
            LOG.warn("config reload refused, the gateway keeps running on the previous config; {} {}:",
                    e.problems().size(), e.problems().size() == 1 ? "problem" : "problems");
            for (ConfigProblem p : e.problems()) {
                LOG.warn("{}", p);
            }
            safely(() -> listener.refused(e.problems()));
            return;
        } catch (RuntimeException e) {
            lastDigest = before;
            lastRefused = true;
            refused.incrementAndGet();
            LOG.error("config reload failed, the gateway keeps running on the previous config", e);
            return;
        }
        lastRefused = false;
        lastProblems = List.of();
        lastDigest = digest(next.sources());
        if (next.sources().equals(current.sources()) && !Arrays.equals(before, lastDigest)) {
            // A file was saved again while this load read it: what was loaded may be the older
            // content, and that save's event may already be spent. Load once more.
            triggers.offer(Trigger.FORCED);
        }
        List<String> restart = restartOnly(current, next);
        if (!restart.isEmpty()) {
            LOG.warn("config reload: changes to {} take effect after a restart", String.join(", ", restart));
        }
        try {
            watch(next.sources());
        } catch (IOException e) {
            LOG.warn("config reload: cannot watch a folder of the new config's files: {}", e.toString());
        }
        current = next;
        LOG.info("config reloaded: {} households, {} devices", next.engine().households().size(), next.devices().size());
        applied.incrementAndGet();
        safely(() -> listener.applied(next));
    }

    /** The sections whose change needs a restart to take effect, by their key. */
    static List<String> restartOnly(GatewayConfig old, GatewayConfig next) {
        List<String> out = new ArrayList<>();
        if (!old.siteId().equals(next.siteId())) out.add("site.id");
        if (!old.mqtt().equals(next.mqtt())) out.add("mqtt");
        if (!old.storage().equals(next.storage())) out.add("storage");
        if (!old.http().equals(next.http())) out.add("http");
        return out;
    }

    private void watch(Set<Path> files) throws IOException {
        synchronized (watchedDirs) {
            for (Path f : files) {
                Path dir = f.getParent();
                if (dir == null || watchedDirs.containsValue(dir) || !Files.isDirectory(dir)) {
                    continue;
                }
                WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                watchedDirs.put(key, dir);
            }
            watchedFiles = Set.copyOf(files);
        }
    }

    /** SHA-256 over the files' paths and bytes; a missing file counts as its absence. */
    private static byte[] digest(Set<Path> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    md.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    md.update((byte) 0);
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("config reload listener failed", e);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}

package org.doorwatch.gateway.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's lock file, {@code <store>.lock}: an OS lock on it says a gateway (or a restore)
 * is using the store. The kernel drops the lock when the process dies, so a crash never leaves
 * a stale lock behind; the file itself stays and means nothing without the lock.
 *
 * <p>A running gateway holds it from start to stop ({@link Database#open}); {@code gateway
 * restore} takes it for the time it replaces the file, so that neither can start while the
 * other has the store.
 */
public final class StoreLock implements AutoCloseable {

    private final Path file;
    private FileChannel channel;
    private FileLock lock;

    private StoreLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code store}. */
    public static Path fileOf(Path store) {
        return store.resolveSibling(store.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code store}, or returns null when another process holds it (or this
     * one, through another channel).
     *
     * @throws IOException when the lock file cannot be created (the folder is missing or not writable)
     */
    public static StoreLock tryTake(Path store) throws IOException {
        Path file = fileOf(store);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return new StoreLock(file, channel, lock);
    }

    /** True when some process holds the lock of {@code store} right now (a running gateway). */
    public static boolean isHeld(Path store) throws IOException {
        if (!Files.exists(fileOf(store))) {
            return false;
        }
        try (StoreLock l = tryTake(store)) {
            return l == null;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock != null) {
                lock.release();
            }
        } finally {
            lock = null;
            if (channel != null) {
                channel.close();
            }
            channel = null;
        }
    }
}

package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted at a folder (we run as root): a disk that fills up for real, so
 * SQLite meets ENOSPC as it would on a full SD card. {@link #fill()} writes a filler file until
 * the kernel refuses; {@link #free()} deletes it.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;
    private final Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /**
     * Mounts {@code size} (e.g. {@code 4m}) of tmpfs at {@code dir}.
     *
     * @return null, with the reason on stderr, when this machine does not let us mount one
     */
    public static SmallDisk mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String why = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
        if (why != null) {
            System.err.println("SmallDisk: cannot mount a tmpfs at " + dir + ": " + why);
            return null;
        }
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes the filler until the disk is full; returns how many bytes it took. */
    public long fill() throws IOException {
        long n = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                n += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // the last partial block: byte by byte, until not even one fits
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
                n++;
            }
        } catch (IOException full) {
            return n;
        }
    }

    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /** Runs a command; null when it exits 0, else what it printed. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}

package org.doorwatch.drivers;

import com.sun.management.OperatingSystemMXBean;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.testpeers.PtyPair;

/**
 * Soak benchmark, not a test: ascii-line events over a socat pty at the full rate of a serial line
 * (default 115200 baud 8N1 = 11,520 bytes/s; a pty ignores baud, so the writer paces itself) for a
 * given time (default 10 minutes). Checks that every event arrives once and in order, and prints
 * events/s, process CPU and heap after GC. Run through {@code scripts/bench-serial-soak}.
 *
 * <p>The writer runs in this JVM (one write per 10 ms); its share of the CPU is in the process
 * figure, and the reader thread's own CPU is printed beside it.
 */
public final class SerialLineSoak {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        int baud = args.length > 1 ? Integer.parseInt(args[1]) : 115_200;
        double bytesPerSecond = baud / 10.0; // 8N1: start + 8 data + stop bits per byte
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Clock clock = Clock.system(zone);

        AtomicLong received = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong invalid = new AtomicLong();
        AtomicLong expectedSeq = new AtomicLong();
        EventSink sink = new EventSink() {
            @Override
            public void onEvent(DoorEvent event, String source) {
                long seq = Long.parseLong(event.credential().substring("card:".length()), 16);
                if (seq != expectedSeq.getAndSet(seq + 1)) {
                    outOfOrder.incrementAndGet();
                }
                received.incrementAndGet();
            }

            @Override
            public void onInvalid(InvalidFrame frame) {
                invalid.incrementAndGet();
            }
        };

        try (PtyPair pty = PtyPair.inTemp("soak").start();
             DeviceSource source = DeviceSources.create(SerialSettings.of8N1(pty.gatewayEnd().toString(), baud),
                     Lines.controller().build(), sink, SourceStatusListener.NONE, clock)) {
            source.start();
            long until = System.nanoTime() + 5_000_000_000L;
            while (!source.isUp() && System.nanoTime() < until) {
                LockSupport.parkNanos(10_000_000L);
            }
            if (!source.isUp()) {
                throw new IllegalStateException("port did not open: " + source.statusReason());
            }

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long readerThread = findThread(threads, "serial-line ");
            long cpu0 = os.getProcessCpuTime();
            long readerCpu0 = threads.getThreadCpuTime(readerThread);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long sent = 0;
            long bytes = 0;
            long nextReport = start + 60_000_000_000L;
            System.out.printf("soak: %d s at %d baud (%.0f bytes/s) over %s%n", seconds, baud, bytesPerSecond, pty.gatewayEnd());

            try (FileOutputStream out = new FileOutputStream(pty.deviceEnd().toFile())) {
                StringBuilder batch = new StringBuilder();
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    long allowed = (long) ((now - start) / 1e9 * bytesPerSecond);
                    batch.setLength(0);
                    String ts = LocalDateTime.now(clock).format(TS);
                    while (true) {
                        String line = String.format("%s,%02d,%s,%08X,%d\r\n", ts, 1 + (int) (sent % 3),
                                sent % 2 == 0 ? "G" : "O", sent, sent % 2);
                        if (bytes + batch.length() + line.length() > allowed) {
                            break;
                        }
                        batch.append(line);
                        sent++;
                    }
                    if (batch.length() > 0) {
                        out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        bytes += batch.length();
                    }
                    if (now >= nextReport) {
                        report("progress", now - start, sent, received.get(), os.getProcessCpuTime() - cpu0, os, null);
                        nextReport += 60_000_000_000L;
                    }
                    LockSupport.parkNanos(10_000_000L);
                }
            }
            long wallNanos = System.nanoTime() - start;
            long drainUntil = System.nanoTime() + 5_000_000_000L;
            while (received.get() < sent && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(10_000_000L);
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            long readerCpu = threads.getThreadCpuTime(readerThread) - readerCpu0;
            System.gc();
            System.gc();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapAfterGc = memory.getHeapMemoryUsage().getUsed();

            System.out.printf("sent %d lines (%d bytes) in %.1f s: %.1f bytes/s on the wire%n",
                    sent, bytes, wallNanos / 1e9, bytes / (wallNanos / 1e9));
            report("final", wallNanos, sent, received.get(), cpu, os, null);
            System.out.printf("lost %d, out of order %d, invalid %d%n", sent - received.get(), outOfOrder.get(), invalid.get());
            System.out.printf("reader thread CPU: %.2f %% of one core%n", 100.0 * readerCpu / wallNanos);
            System.out.printf("heap after GC: %.1f MiB (max %.0f MiB)%n", heapAfterGc / 1048576.0,
                    memory.getHeapMemoryUsage().getMax() / 1048576.0);
            if (sent != received.get() || outOfOrder.get() != 0 || invalid.get() != 0) {
                System.out.println("FAILED: events lost, reordered or invalid");
                System.exit(1);
            }
        }
    }

    private static void report(String what, long elapsedNanos, long sent, long received, long cpuNanos,
                               OperatingSystemMXBean os, String extra) {
        double s = elapsedNanos / 1e9;
        System.out.printf("%s: %.0f s, sent %d, received %d, %.1f events/s, process CPU %.2f %% of one core"
                        + " (%.2f %% of %d cores)%n",
                what, s, sent, received, received / s, 100.0 * cpuNanos / elapsedNanos,
                100.0 * cpuNanos / elapsedNanos / os.getAvailableProcessors(), os.getAvailableProcessors());
    }

    private static long findThread(ThreadMXBean threads, String prefix) {
        for (ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().startsWith(prefix)) {
                return t.getThreadId();
            }
        }
        throw new IllegalStateException("no thread named " + prefix + "*");
    }

    private SerialLineSoak() {
    }
}

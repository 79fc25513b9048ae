package org.doorwatch.gateway.run;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notification protocol ({@code Type=notify}, {@code WatchdogSec}): {@code READY=1} once
 * the gateway runs, {@code WATCHDOG=1} while its threads move. Only when systemd started us
 * ({@code NOTIFY_SOCKET} set). The socket is a Unix datagram socket, which Java 17 cannot open, so
 * the messages go through {@code systemd-notify}; the unit sets {@code NotifyAccess=all} so that
 * systemd takes them from that child process (config/systemd/doorwatch.service).
 */
final class SystemdNotify {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);

    private final boolean on;
    private final long watchdogEveryNanos;
    private long lastWatchdog;
    private boolean warned;

    private SystemdNotify(boolean on, long watchdogUsec) {
        this.on = on;
        // systemd asks for a ping at least every WATCHDOG_USEC; half of it leaves room for a late one
        this.watchdogEveryNanos = watchdogUsec > 0 ? watchdogUsec * 1000 / 2 : Long.MAX_VALUE;
    }

    static SystemdNotify fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        long usec = 0;
        try {
            String w = System.getenv("WATCHDOG_USEC");
            usec = w == null ? 0 : Long.parseLong(w.trim());
        } catch (NumberFormatException e) {
            usec = 0;
        }
        return new SystemdNotify(socket != null && !socket.isBlank(), usec);
    }

    static SystemdNotify off() {
        return new SystemdNotify(false, 0);
    }

    void ready(String status) {
        send("READY=1", "STATUS=" + status);
    }

    synchronized void watchdog() {
        long now = System.nanoTime();
        if (!on || watchdogEveryNanos == Long.MAX_VALUE || now - lastWatchdog < watchdogEveryNanos) {
            return;
        }
        lastWatchdog = now;
        send("WATCHDOG=1");
    }

    private void send(String... assignments) {
        if (!on) {
            return;
        }
        String[] cmd = new String[assignments.length + 2];
        cmd[0] = "systemd-notify";
        cmd[1] = "--pid=" + ProcessHandle.current().pid();
        System.arraycopy(assignments, 0, cmd, 2, assignments.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("systemd-notify failed ({}): systemd's watchdog will restart the gateway", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

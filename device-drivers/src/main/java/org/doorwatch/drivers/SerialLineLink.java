package org.doorwatch.drivers;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link ByteLink} over a local serial port: one thread opens, reads, and reopens with backoff. */
final class SerialLineLink implements ByteLink {

    private final SerialSettings settings;
    private final Backoff backoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile SerialConnection connection;
    private Thread thread;

    SerialLineLink(SerialSettings settings, Backoff backoff) {
        this.settings = settings;
        this.backoff = backoff;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> run(listener), "serial-line " + settings.port());
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Listener listener) {
        int failures = 0;
        while (closed.getCount() > 0) {
            Duration wait;
            try {
                SerialConnection c = SerialConnection.open(settings);
                connection = c;
                if (closed.getCount() == 0) {
                    c.close();
                    break;
                }
                failures = 0;
                listener.onUp("open");
                String why = c.readUntilClosed(listener::onBytes);
                c.close();
                connection = null;
                if (closed.getCount() == 0) {
                    break;
                }
                listener.onDown(why);
                wait = backoff.delayAfter(0);
            } catch (IOException e) {
                listener.onDown(e.getMessage());
                wait = backoff.delayAfter(failures++);
            } catch (RuntimeException e) {
                // A listener bug must not end the only thread that reads this port.
                listener.onDown("internal error: " + e);
                wait = backoff.delayAfter(failures++);
            }
            try {
                if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        SerialConnection c = connection;
        if (c != null) {
            c.close();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

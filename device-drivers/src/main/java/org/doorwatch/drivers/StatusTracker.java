package org.doorwatch.drivers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A source's up/down state; tells the listener and the log once per change. Thread-safe. */
final class StatusTracker {
    private static final Logger log = LoggerFactory.getLogger(StatusTracker.class);

    private final String source;
    private final SourceStatusListener listener;
    private boolean up;
    private String reason = "not started";
    private boolean reported;

    StatusTracker(String source, SourceStatusListener listener) {
        this.source = source;
        this.listener = listener;
    }

    /** Records a state; reports it if up/down or the reason changed. */
    void set(boolean up, String reason) {
        synchronized (this) {
            if (reported && this.up == up && this.reason.equals(reason)) {
                return;
            }
            boolean wasUp = this.up;
            this.up = up;
            this.reason = reason;
            this.reported = true;
            if (up) {
                log.info("{} up: {}", source, reason);
            } else if (wasUp) {
                log.warn("{} down: {}", source, reason);
            } else {
                log.info("{} still down: {}", source, reason);
            }
            try {
                listener.onStatus(source, up, reason);
            } catch (RuntimeException e) {
                log.error("status listener failed for {}", source, e);
            }
        }
    }

    synchronized boolean up() {
        return up;
    }

    synchronized String reason() {
        return reason;
    }
}

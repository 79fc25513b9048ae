package org.doorwatch.gateway.storage;

import java.time.Instant;
import org.doorwatch.notify.NotificationSchedule;

/**
 * An alert still re-notified, read back at start-up: its schedule state and what its messages
 * carry (the stored JSON, when it was raised, its device).
 */
public record OpenNotification(NotificationSchedule.State state, String json, Instant alertTs, String device) {}

package org.doorwatch.gateway.storage;

import java.time.Instant;
import org.doorwatch.domain.DoorEvent;

/**
 * One event as the journal keeps it.
 *
 * @param event      the normalized event
 * @param source     where it came from: {@code mqtt}, {@code serial:<port>}, {@code staff} ...
 * @param receivedAt the gateway clock when it was applied
 * @param messageKey the identity of the MQTT message it came in (recognises redeliveries), or 0
 */
public record JournalEntry(DoorEvent event, String source, Instant receivedAt, long messageKey) {
    public JournalEntry(DoorEvent event, String source, Instant receivedAt) {
        this(event, source, receivedAt, 0);
    }
}

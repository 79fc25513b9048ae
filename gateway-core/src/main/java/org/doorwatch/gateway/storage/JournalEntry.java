package org.doorwatch.gateway.storage;

import java.time.Instant;
import org.doorwatch.domain.DoorEvent;

/**
 * One event as the journal keeps it.
 *
 * @param event      the normalized event
 * @param source     where it came from: {@code mqtt}, {@code serial:<port>}, {@code staff} ...
 * @param receivedAt the gateway clock when it was applied
 */
public record JournalEntry(DoorEvent event, String source, Instant receivedAt) {}

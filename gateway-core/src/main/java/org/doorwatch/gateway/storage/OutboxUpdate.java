package org.doorwatch.gateway.storage;

import java.time.Instant;

/**
 * What delivery learned about an outbox row, written by the writer in its next transaction:
 * one writer for the whole store, so the two never wait on each other's lock.
 */
public sealed interface OutboxUpdate {

    long seq();

    /** Confirmed by the broker's PUBACK or the receiver's 2xx. */
    record Delivered(long seq, Instant at) implements OutboxUpdate {}

    /** A failed attempt; the next one not before {@code next}. */
    record Attempt(long seq, int attempts, Instant next, String error) implements OutboxUpdate {}

    /** Failed for good (a 4xx, or its retry time ran out). */
    record Failed(long seq, int attempts, Instant at, String error) implements OutboxUpdate {}
}

package org.doorwatch.gateway.storage;

import java.time.Instant;

/**
 * What delivery learned about an outbox row, written by the writer in its next transaction:
 * one writer for the whole store, so the two never wait on each other's lock. For the rows that
 * reach people (WeCom, DingTalk, SMS) each update is also one line of the alert's history
 * ({@code attempts}): when, the result, the provider's code and answer.
 */
public sealed interface OutboxUpdate {

    long seq();

    /** The row's transport when the sender knows it, else null: only rows that reach people are logged. */
    String transport();

    /** Whether this update is a line of the alert's history ({@code attempts}). */
    default boolean logged() {
        return transport() == null || OutboxRow.reachesPeople(transport());
    }

    /**
     * Confirmed by the broker's PUBACK, the receiver's 2xx, the provider's "ok".
     *
     * @param answer what the provider answered worth keeping (an SMS's BizId), or null
     */
    record Delivered(long seq, Instant at, String answer, String transport) implements OutboxUpdate {
        public Delivered(long seq, Instant at) {
            this(seq, at, null, null);
        }
    }

    /**
     * A failed attempt at {@code at}; the next one not before {@code next}.
     *
     * @param code the provider's error code ({@code 45009}, {@code isv.BUSINESS_LIMIT_CONTROL}), or null
     */
    record Attempt(long seq, int attempts, Instant at, Instant next, String error, String code, String transport)
            implements OutboxUpdate {
        public Attempt(long seq, int attempts, Instant next, String error) {
            this(seq, attempts, next, next, error, null, null);
        }
    }

    /** Failed for good (a 4xx, a provider refusing the request, or its retry time ran out). */
    record Failed(long seq, int attempts, Instant at, String error, String code, String transport)
            implements OutboxUpdate {
        public Failed(long seq, int attempts, Instant at, String error) {
            this(seq, attempts, at, error, null, null);
        }
    }
}

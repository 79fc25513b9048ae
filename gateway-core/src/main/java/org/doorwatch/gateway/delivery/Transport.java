package org.doorwatch.gateway.delivery;

import java.time.Duration;
import java.util.function.Consumer;
import org.doorwatch.gateway.storage.OutboxRow;

/** One way out for alerts: MQTT publishes or webhook POSTs. */
public interface Transport {

    /** {@code mqtt} or {@code webhook}: the outbox's transport column. */
    String name();

    /** False while the transport cannot send at all (broker connection down). */
    boolean ready();

    /** How many sends may await their confirmation at once, per channel. */
    int maxInFlight();

    /**
     * The wait before retry number {@code attempt} (1 = the first retry); {@code null} means
     * "as soon as {@link #ready()}".
     */
    Duration backoff(int attempt);

    /** How long a failing row is retried, counted from its creation; null for ever. */
    Duration retryFor(String channel);

    /** {@link #retryFor} of a channel whose config does not say (the config's own default, 72 h). */
    Duration DEFAULT_RETRY_FOR = Duration.ofHours(72);

    /** Sends one row; {@code done} is called exactly once, on any thread. */
    void send(OutboxRow row, Consumer<Outcome> done);
}

package org.doorwatch.gateway.delivery;

import java.time.Duration;

/** How one delivery attempt ended. */
sealed interface Outcome {

    /** The broker's PUBACK or the receiver's 2xx: the row is done. */
    record Delivered() implements Outcome {}

    /**
     * Try again. {@code notBefore} is a wait the receiver asked for ({@code Retry-After}), or
     * null for the transport's own back-off.
     */
    record Retry(String reason, Duration notBefore) implements Outcome {}

    /** It will never work (a 4xx other than 429): the row fails for good, logged and counted. */
    record Failed(String reason) implements Outcome {}

    Outcome DELIVERED = new Delivered();
}

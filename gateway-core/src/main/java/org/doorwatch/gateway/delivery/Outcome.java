package org.doorwatch.gateway.delivery;

import java.time.Duration;

/** How one delivery attempt ended. */
sealed interface Outcome {

    /**
     * The broker's PUBACK, the receiver's 2xx, the provider's "ok": the row is done.
     *
     * @param answer what the provider answered, when worth keeping (an SMS's BizId), else null
     */
    record Delivered(String answer) implements Outcome {
        public Delivered() {
            this(null);
        }
    }

    /**
     * Try again. {@code notBefore} is a wait the receiver asked for ({@code Retry-After}, a
     * provider's rate limit), or null for the transport's own back-off.
     *
     * @param code the provider's error code ({@code 45009}, {@code isv.BUSINESS_LIMIT_CONTROL}), or null
     */
    record Retry(String reason, Duration notBefore, String code) implements Outcome {
        public Retry(String reason, Duration notBefore) {
            this(reason, notBefore, null);
        }
    }

    /**
     * It will never work (a 4xx other than 429, a provider refusing the request itself): the row
     * fails for good, logged and counted.
     *
     * @param code the provider's error code, or null
     */
    record Failed(String reason, String code) implements Outcome {
        public Failed(String reason) {
            this(reason, null);
        }
    }

    Outcome DELIVERED = new Delivered();
}

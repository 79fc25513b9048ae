package org.doorwatch.gateway.delivery;

import java.time.Duration;
import java.time.Instant;
import org.doorwatch.gateway.storage.OutboxRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a row's stored next attempt believable. Back-off waits at most 15 minutes and a
 * {@code Retry-After} at most an hour, so a next attempt further ahead than {@link #MAX_AHEAD}
 * was written under a clock that has since gone back (a store written under {@code --start
 * 9999-06-01}, an RTC that jumped and was corrected): read literally, the alert would wait for
 * that clock to come round again, thousands of years. Such a row is due now.
 */
final class RetrySchedule {

    private static final Logger LOG = LoggerFactory.getLogger(RetrySchedule.class);
    static final Duration MAX_AHEAD = Duration.ofDays(1);

    private RetrySchedule() {}

    static OutboxRow sane(OutboxRow row, Instant now) {
        Instant next = row.nextAttempt();
        if (next == null || !next.isAfter(now.plus(MAX_AHEAD))) {
            return row;
        }
        LOG.warn("alert {} to {}: its next attempt {} is more than {} ahead of the clock ({}), which must have gone "
                + "back; it is due now", row.alertId(), row.channel(), next, MAX_AHEAD, now);
        return new OutboxRow(row.seq(), row.alertId(), row.channel(), row.transport(), row.orderKey(), row.payload(),
                row.alertTs(), row.createdAt(), row.attempts(), now, row.arrivalNanos());
    }
}

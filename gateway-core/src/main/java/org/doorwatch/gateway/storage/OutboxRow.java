package org.doorwatch.gateway.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery owed: an alert to one channel over one transport. Rows are created with their
 * alert in the writer's transaction and leave the outbox when the broker's PUBACK or the
 * receiver's 2xx confirms them, or when they fail for good.
 *
 * @param seq          delivery order; per household, rows go out in this order
 * @param alertId      the alert's id; a re-send carries the same id
 * @param channel      the channel id (property, community, police, or a configured one)
 * @param transport    {@link #MQTT}, {@link #WEBHOOK}, {@link #WECOM}, {@link #DINGTALK} or {@link #SMS}
 * @param orderKey     what delivery keeps in order: the household, else the device, else the alert
 * @param payload      the SPEC section 5 JSON, byte for byte what every attempt sends
 * @param alertTs      when the alert was raised
 * @param createdAt    when the row was committed; a webhook is retried until createdAt + retryFor
 * @param attempts     failed attempts so far
 * @param nextAttempt  not before this instant (back-off; a message to a person held by quiet hours or
 *                     a duty roster), or null
 * @param arrivalNanos {@link System#nanoTime()} at the arrival of the event that raised the alert,
 *                     or 0 when a deadline raised it or the row was read back after a restart;
 *                     for the event-to-alert latency metric only
 * @param recipients   person ids this row addresses (the one person of an SMS, the @-mentions of a
 *                     group robot's message); empty for MQTT and webhooks. Ids, not phones: the
 *                     phone is looked up in the running config when the row is sent
 * @param round        0 for an alert's first sending, n for its n-th re-notification
 */
public record OutboxRow(
        long seq,
        String alertId,
        String channel,
        String transport,
        String orderKey,
        String payload,
        Instant alertTs,
        Instant createdAt,
        int attempts,
        Instant nextAttempt,
        long arrivalNanos,
        java.util.List<String> recipients,
        int round) {

    public static final String MQTT = "mqtt";
    public static final String WEBHOOK = "webhook";
    public static final String WECOM = "wecom";
    public static final String DINGTALK = "dingtalk";
    public static final String SMS = "sms";
    /** The transports that reach people: each attempt of theirs is a line of the alert's history. */
    public static final java.util.Set<String> PEOPLE_TRANSPORTS = java.util.Set.of(WECOM, DINGTALK, SMS);

    /** True for the rows of {@link #PEOPLE_TRANSPORTS}. */
    public static boolean reachesPeople(String transport) {
        return PEOPLE_TRANSPORTS.contains(transport);
    }

    public OutboxRow {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(payload, "payload");
        recipients = recipients == null ? java.util.List.of() : java.util.List.copyOf(recipients);
    }

    /** A row that addresses nobody in person (MQTT, webhooks), first sending. */
    public OutboxRow(long seq, String alertId, String channel, String transport, String orderKey, String payload,
                     Instant alertTs, Instant createdAt, int attempts, Instant nextAttempt, long arrivalNanos) {
        this(seq, alertId, channel, transport, orderKey, payload, alertTs, createdAt, attempts, nextAttempt, arrivalNanos,
                java.util.List.of(), 0);
    }

    public OutboxRow afterFailure(Instant next) {
        return new OutboxRow(seq, alertId, channel, transport, orderKey, payload, alertTs, createdAt, attempts + 1,
                next, arrivalNanos, recipients, round);
    }
}

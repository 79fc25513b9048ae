package org.doorwatch.gateway.mqtt;

/**
 * Where the embedded broker hands the device messages it receives, inside its own process,
 * before it acknowledges them (issue 16): the hook {@code mqtt} owns so that the gateway's
 * intake can take events in the broker without {@code mqtt} importing {@code intake} (the
 * event path's direction, docs/DESIGN.md). {@code intake.EmbeddedIngest} implements it; the
 * composition root gives it to {@link BrokerGuard#tap(DeviceTap)}.
 *
 * <p>The broker asks {@link #accepting()} for every publish of a client other than the gateway
 * itself; while it says no (before the gateway takes events, and while it stops), the publish
 * is refused without a PUBACK and the device sends it again later. A publish on a topic the tap
 * {@link #takes} and that the sender may publish on is handed to {@link #handle}; the broker's
 * PUBACK waits until {@code done} runs. Anything else goes on to the broker's permission check.
 */
public interface DeviceTap {

    /** Whether device messages are taken now; false: refused unacknowledged. */
    boolean accepting();

    /** Whether {@code topic} is one of the site's device event topics. */
    boolean takes(String topic);

    /**
     * One device message. {@code done} must run exactly once: after the event is committed, or
     * once the message is counted as bad input; the broker acknowledges the message then.
     *
     * @param retained the publish asked to be retained
     * @param dup      the broker's DUP flag (a resend on the same session)
     */
    void handle(String topic, byte[] payload, boolean retained, boolean dup, Runnable done);
}

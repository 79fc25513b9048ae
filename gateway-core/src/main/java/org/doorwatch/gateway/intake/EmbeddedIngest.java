package org.doorwatch.gateway.intake;

import java.time.Clock;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.mqtt.DeviceTap;

/**
 * Door events through the embedded broker, taken in the broker's own process: the broker's
 * {@link DeviceTap} (the hook {@code mqtt} owns; its interceptor holds the device's PUBACK until
 * {@code done} runs). Each message goes through the same {@link DeviceMessages} as one read
 * from an external broker's subscription ({@link MqttIngest}): route and parser by topic, the
 * checks, the hand-over to {@link Ingest} with the message's identity, so a redelivery is
 * recognised. {@code done} runs after the writer's commit, or once the message is counted as
 * bad: nothing a device was told "received" can be lost in a crash. CrashIT checks that every
 * event a device got its PUBACK for is in the journal.
 *
 * <p>Before the composition root hands it to the broker, and after {@link #pause()}, the broker
 * refuses device messages unacknowledged; the devices send them again.
 */
public final class EmbeddedIngest implements DeviceTap {

    private final DeviceMessages messages;
    private final Health health;
    private volatile boolean stopping;

    public EmbeddedIngest(TopicRoutes routes, Ingest ingest, Health health, Clock clock) {
        this.messages = new DeviceMessages(routes, ingest, clock);
        this.health = health;
        health.source(MqttIngest.SOURCE, true, "taking device events inside the embedded broker ("
                + String.join(", ", routes.filters()) + ")");
    }

    /** The topics of a reloaded config. */
    public void update(TopicRoutes next) {
        messages.update(next);
    }

    /** Stops taking messages; what arrives from now on is refused unacknowledged. */
    public void pause() {
        stopping = true;
        health.source(MqttIngest.SOURCE, false, "stopping");
    }

    @Override
    public boolean accepting() {
        return !stopping;
    }

    @Override
    public boolean takes(String topic) {
        return messages.routes().match(topic) != null;
    }

    @Override
    public void handle(String topic, byte[] payload, boolean retained, boolean dup, Runnable done) {
        messages.handle(topic, payload, retained, dup, done);
    }
}

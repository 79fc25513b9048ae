package org.doorwatch.gateway.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import org.doorwatch.gateway.live.Health;
import org.doorwatch.gateway.live.Ingest;

/**
 * Door events through the embedded broker, taken in the broker's own process: a publish
 * interceptor hands each device message on an event topic to the gateway's {@link Ingest} and
 * holds the broker's PUBACK to the device until the event is committed to SQLite. So nothing a
 * device was told "received" can be lost in a crash (it was committed; if not, the device never
 * got its PUBACK and sends the event again), and events do not pass through the broker's
 * queues and a second MQTT hop (issue 16: that was most of the embedded broker's cost).
 *
 * <p>The interceptor runs before the broker's permission check, so it takes only what the
 * sender's account may publish ({@link BrokerGuard#mayPublish}); the rest goes on to the check,
 * which refuses it. A device's messages are taken one at a time in order (the broker runs one
 * interceptor task per client at a time): a single connection carries about one event per
 * commit, many connections share each commit. After the commit the message goes on as any
 * message does (a subscriber with the right to read device topics, in a lab, still sees it).
 * Before the gateway takes events (the broker starts first) and while it stops, every message of
 * a device is refused without a PUBACK (MQTT 3 clients are disconnected and send it again after
 * they reconnect). CrashIT checks that every event a device got its PUBACK for is in the journal.
 */
public final class EmbeddedIngest implements PublishInboundInterceptor {

    /** After this the device is disconnected unacknowledged and sends the event again. */
    static final Duration COMMIT_WAIT = Duration.ofMinutes(2);

    private final BrokerGuard guard;
    private volatile DeviceMessages messages;
    private volatile boolean stopping;
    private volatile Health health;

    EmbeddedIngest(BrokerGuard guard) {
        this.guard = guard;
    }

    /** Starts taking device messages: from now on they go to {@code ingest}. */
    public void attach(TopicRoutes routes, Ingest ingest, Health health, Clock clock) {
        this.health = health;
        this.messages = new DeviceMessages(routes, ingest, clock);
        health.source(MqttIngest.SOURCE, true, "taking device events inside the embedded broker ("
                + String.join(", ", routes.filters()) + ")");
    }

    public void update(TopicRoutes next) {
        DeviceMessages m = messages;
        if (m != null) {
            m.update(next);
        }
    }

    /** Stops taking messages; what arrives from now on is refused unacknowledged. */
    public void pause() {
        stopping = true;
        Health h = health;
        if (h != null) {
            h.source(MqttIngest.SOURCE, false, "stopping");
        }
    }

    @Override
    public void onInboundPublish(PublishInboundInput in, PublishInboundOutput out) {
        String account = guard.accountOf(in.getConnectionInformation());
        if (guard.isGateway(account)) {
            return;
        }
        PublishPacket p = in.getPublishPacket();
        String topic = p.getTopic();
        DeviceMessages m = messages;
        if (m == null || stopping) {
            // The broker is up before the gateway takes events (start-up), or after (stop): a
            // PUBACK now would tell a device "received" for an event nobody stores. Refused
            // unacknowledged; the device sends it again when it reconnects.
            out.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the gateway is not taking events now; "
                    + "send it again later");
            return;
        }
        if (m.routes().match(topic) == null || !guard.mayPublish(account, topic)) {
            return; // not a device event of this site, or not this sender's to publish: the permission check decides
        }
        if (stopping) {
            out.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the gateway is stopping; send it again later");
            return;
        }
        Async<PublishInboundOutput> async = out.async(COMMIT_WAIT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "the gateway could not store the event in time");
        byte[] payload = bytes(p.getPayload().orElse(ByteBuffer.allocate(0)));
        m.handle(topic, payload, p.getRetain(), p.getDupFlag(), async::resume);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}

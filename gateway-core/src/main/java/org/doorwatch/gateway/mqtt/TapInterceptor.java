package org.doorwatch.gateway.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The embedded broker's publish interceptor: hands each device message to the {@link DeviceTap}
 * and holds the broker's PUBACK to the device until the tap says the event is committed. So
 * nothing a device was told "received" can be lost in a crash (it was committed; if not, the
 * device never got its PUBACK and sends the event again), and events do not pass through the
 * broker's queues and a second MQTT hop (issue 16: that was most of the embedded broker's cost).
 *
 * <p>It runs before the broker's permission check, so it takes only what the sender's account
 * may publish ({@link BrokerGuard#mayPublish}); the rest goes on to the check, which refuses it.
 * A device's messages are taken one at a time in order (the broker runs one interceptor task per
 * client at a time): a single connection carries about one event per commit, many connections
 * share each commit. After the commit the message goes on as any message does (a subscriber
 * with the right to read device topics, in a lab, still sees it). Before the gateway takes events
 * (the broker starts first) and while it stops, every message of a device is refused without a
 * PUBACK (MQTT 3 clients are disconnected and send it again after they reconnect).
 */
final class TapInterceptor implements PublishInboundInterceptor {

    /** After this the device is disconnected unacknowledged and sends the event again. */
    static final Duration COMMIT_WAIT = Duration.ofMinutes(2);

    private final BrokerGuard guard;

    TapInterceptor(BrokerGuard guard) {
        this.guard = guard;
    }

    @Override
    public void onInboundPublish(PublishInboundInput in, PublishInboundOutput out) {
        String account = guard.accountOf(in.getConnectionInformation());
        if (guard.isGateway(account)) {
            return;
        }
        DeviceTap tap = guard.tap();
        if (tap == null || !tap.accepting()) {
            // The broker is up before the gateway takes events (start-up), or after (stop): a
            // PUBACK now would tell a device "received" for an event nobody stores. Refused
            // unacknowledged; the device sends it again when it reconnects.
            out.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the gateway is not taking events now; "
                    + "send it again later");
            return;
        }
        PublishPacket p = in.getPublishPacket();
        String topic = p.getTopic();
        if (!tap.takes(topic) || !guard.mayPublish(account, topic)) {
            return; // not a device event of this site, or not this sender's to publish: the permission check decides
        }
        Async<PublishInboundOutput> async = out.async(COMMIT_WAIT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "the gateway could not store the event in time");
        byte[] payload = bytes(p.getPayload().orElse(ByteBuffer.allocate(0)));
        tap.handle(topic, payload, p.getRetain(), p.getDupFlag(), async::resume);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}

package org.doorwatch.gateway.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.drivers.json.ParsedEvent;

/**
 * One MQTT message from a device, whichever way it reached the gateway (a subscription on an
 * external broker, {@link MqttIngest}; or the embedded broker's tap, {@link EmbeddedIngest}): its
 * route and parser by topic, the checks, and the hand-over to {@link Ingest} with the message's
 * identity (a redelivery is recognised, {@link MessageKeys}). {@code ack} runs once the event is
 * committed, or once the message is counted as bad.
 */
final class DeviceMessages {

    private volatile TopicRoutes routes;
    private final Ingest ingest;
    private final Clock clock;

    DeviceMessages(TopicRoutes routes, Ingest ingest, Clock clock) {
        this.routes = routes;
        this.ingest = ingest;
        this.clock = clock;
    }

    void update(TopicRoutes next) {
        routes = next;
    }

    TopicRoutes routes() {
        return routes;
    }

    void handle(String topic, byte[] payload, boolean retained, boolean dup, Runnable ack) {
        Instant receivedAt = clock.instant();
        TopicRoutes r = routes;
        TopicRoutes.Route route = r.match(topic);
        String device = r.deviceOf(topic, route);
        if (route == null) {
            reject(device, "unexpected-topic", "no route for topic '" + topic + "'", ack);
            return;
        }
        if (retained) {
            // A retained event would come back at every reconnect, read as fresh activity.
            reject(device, "retained", "a retained message on " + topic + "; devices must publish events with retain off", ack);
            return;
        }
        if (payload.length > EventJson.MAX_BYTES) {
            reject(device, "oversized", "payload of " + payload.length + " bytes on " + topic + " exceeds "
                    + EventJson.MAX_BYTES, ack);
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            reject(device, "not-utf8", "payload on " + topic + " is not UTF-8 text", ack);
            return;
        }
        ParsedEvent parsed = route.parser().parse(text, device, receivedAt);
        if (!parsed.isOk()) {
            reject(device, parsed.reason(), parsed.message() + " (topic " + topic + ")", ack);
            return;
        }
        DoorEvent event = parsed.event();
        String problem = event.device() == null ? null : r.deviceProblem(topic, route, event.device());
        if (problem != null) {
            reject(device, "device-mismatch", problem, ack);
            return;
        }
        try {
            ingest.accept(event, MqttIngest.SOURCE, MessageKeys.of(event, receivedAt, payload, dup), ack);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down; unacknowledged, so redelivered later
        }
    }

    void reject(String device, String reason, String message, Runnable ack) {
        ingest.reject(MqttIngest.SOURCE, device, reason, message);
        ack.run();
    }
}

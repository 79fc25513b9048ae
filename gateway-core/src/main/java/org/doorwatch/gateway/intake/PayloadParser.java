package org.doorwatch.gateway.intake;

import java.time.Instant;
import org.doorwatch.drivers.json.ParsedEvent;

/**
 * Turns one MQTT payload into a door event, or into the reason it is not one. One parser is
 * chosen per topic ({@link TopicRoutes}): the default event JSON (SPEC section 4) on
 * {@code gw/<site>/devices/+/events}, a vendor profile on that profile's topics.
 */
@FunctionalInterface
public interface PayloadParser {

    /**
     * @param text       the payload as UTF-8 text, at most {@code EventJson.MAX_BYTES} bytes
     * @param deviceHint the device the topic names, or null
     * @param receivedAt the gateway clock at arrival: the event time when the payload has none
     */
    ParsedEvent parse(String text, String deviceHint, Instant receivedAt);
}

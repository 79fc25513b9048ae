package org.doorwatch.testpeers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One MQTT message as a subscriber ({@link AlertSubscriber}, {@link MosquittoSub}) received it:
 * its topic and its payload as text. Equal when topic and payload are, so a re-send compares equal
 * to the first copy.
 *
 * <p>For an alert (SPEC section 5) the fields tests look at are read from the JSON on each call; a
 * field the alert does not carry, or any field of a payload that is not JSON, reads as {@code ""}
 * (an instant as {@code null}).
 */
public record Received(String topic, String payload) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The topic's last level: for {@code gw/<site>/alerts/<channel>}, the channel. */
    public String channel() {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }

    /** The payload parsed as JSON; throws if it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON on " + topic + ": " + payload, e);
        }
    }

    /** The JSON, or no fields at all for a payload that is not JSON (a probe, garbage). */
    private JsonNode fields() {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public String id() {
        return text("id");
    }

    public String rule() {
        return text("rule");
    }

    public String stage() {
        return text("stage");
    }

    public String household() {
        return text("household");
    }

    public String device() {
        return text("device");
    }

    /** When the alert was raised. */
    public Instant ts() {
        return instant("ts");
    }

    /** The last door activity an elderly alert is about. */
    public Instant lastActivity() {
        return instant("lastActivity");
    }

    private String text(String field) {
        return fields().path(field).asText("");
    }

    private Instant instant(String field) {
        JsonNode n = fields().get(field);
        return n == null || n.isNull() ? null : OffsetDateTime.parse(n.asText()).toInstant();
    }
}

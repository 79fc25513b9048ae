package org.doorwatch.gateway.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.doorwatch.domain.Alert;

/**
 * The alert as JSON (SPEC section 5), the same object for replay output, MQTT and webhooks.
 * Fields in a fixed order; instants in the site's zone with its offset; {@code device},
 * {@code lastActivity}, {@code sensorOffline} and {@code evidence} only when they say something.
 */
public final class AlertJson {

    private static final JsonFactory JSON = new JsonFactory();

    private AlertJson() {}

    public static String toJson(Alert a, ZoneId zone) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            g.writeStringField("ts", time(a.ts(), zone));
            g.writeStringField("rule", a.rule());
            g.writeStringField("stage", a.stage().name());
            if (a.household() != null) {
                g.writeStringField("household", a.household());
            }
            if (a.device() != null) {
                g.writeStringField("device", a.device());
            }
            g.writeArrayFieldStart("channels");
            for (String c : a.channels()) {
                g.writeString(c);
            }
            g.writeEndArray();
            if (a.lastActivity() != null) {
                g.writeStringField("lastActivity", time(a.lastActivity(), zone));
            }
            g.writeStringField("message", a.message());
            if (a.sensorOffline()) {
                g.writeBooleanField("sensorOffline", true);
            }
            if (!a.evidence().isEmpty()) {
                g.writeObjectFieldStart("evidence");
                for (Map.Entry<String, Object> e : a.evidence().entrySet()) {
                    g.writeFieldName(e.getKey());
                    value(g, e.getValue(), zone);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** An instant as the site's local time with offset, e.g. {@code 2026-11-23T08:15:00+08:00}. */
    public static String time(Instant t, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone).toOffsetDateTime());
    }

    private static void value(JsonGenerator g, Object v, ZoneId zone) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Instant t) {
            g.writeString(time(t, zone));
        } else if (v instanceof Duration d) {
            g.writeString(org.doorwatch.gateway.config.Durations.format(d));
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o, zone);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}

package org.doorwatch.gateway.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.doorwatch.gateway.alert.AlertJson;

/**
 * The retained {@code gw/<site>/status} payloads:
 * {@code {"status":"online","site":"shengli-road","version":"0.1.0","started":"2026-11-22T08:00:00+08:00"}},
 * and the same with {@code "offline"} as the last will and at a clean stop.
 */
public record StatusMessage(String site, String version, Instant started, ZoneId zone) {

    public String online() {
        return json("online");
    }

    public String offline() {
        return json("offline");
    }

    private String json(String state) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", state);
            g.writeStringField("site", site);
            g.writeStringField("version", version);
            g.writeStringField("started", AlertJson.time(started.truncatedTo(ChronoUnit.MILLIS), zone));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

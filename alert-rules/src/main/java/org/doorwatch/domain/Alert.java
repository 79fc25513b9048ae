package org.doorwatch.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as it leaves the gateway (SPEC section 5).
 *
 * @param id            deterministic: the same alert raised again (restart, replay) has the same id
 * @param ts            when it was raised, on the engine's clock
 * @param rule          the rule id, see {@link RuleNames}
 * @param stage         the stage it announces
 * @param household     the household concerned, or null for a device-only alert
 * @param device        the device concerned, or null
 * @param channels      where it goes, in canonical channel order
 * @param lastActivity  the household's last activity (elderly rule), else null
 * @param message       the staff-facing text (Chinese by default, from the templates)
 * @param sensorOffline true when a device the household's activity depends on is offline
 * @param evidence      why it fired: counts, windows, tenancy end, last-heard time; in insertion
 *                      order; values are String, Number, Boolean, Instant or List of those
 */
public record Alert(
        String id,
        Instant ts,
        String rule,
        Stage stage,
        String household,
        String device,
        List<String> channels,
        Instant lastActivity,
        String message,
        boolean sensorOffline,
        Map<String, Object> evidence) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(stage, "stage");
        channels = List.copyOf(channels);
        evidence = evidence == null || evidence.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}

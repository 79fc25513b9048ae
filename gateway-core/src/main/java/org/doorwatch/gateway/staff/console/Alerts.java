package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Household;

/** Alerts as the API lists them for the caller, and the few facts pages derive from them. */
final class Alerts {

    static final Set<String> ELDERLY_STAGES = Set.of("WARNING", "CALL_BACK", "VISIT");

    /** Open first, then the most urgent stage, then the newest: the order a duty officer works in. */
    static final Comparator<JsonNode> TRIAGE = Comparator
            .comparing((JsonNode a) -> "open".equals(a.path("state").asText()) ? 0 : 1)
            .thenComparing(a -> -Labels.severity(a.path("stage").asText()))
            .thenComparing(a -> ts(a), Comparator.nullsLast(Comparator.reverseOrder()));

    private Alerts() {}

    /** {@code GET /api/alerts} with {@code query}: newest first. */
    static List<JsonNode> list(Request r, Map<String, String> query) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        r.get("GET /api/alerts", Map.of(), query).path("alerts").forEach(out::add);
        return out;
    }

    /** What still needs somebody: open and acknowledged alerts, without the RESOLVED notices themselves. */
    static List<JsonNode> active(Request r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String state : List.of("open", "acknowledged")) {
            for (JsonNode a : list(r, Map.of("state", state, "limit", "500"))) {
                if (!"RESOLVED".equals(a.path("stage").asText())) {
                    out.add(a);
                }
            }
        }
        out.sort(TRIAGE);
        return out;
    }

    static Instant ts(JsonNode a) {
        return Times.parse(a.path("ts").asText(null));
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * The address of a household the API named: the config's words for an id the caller was
     * already given, so nothing is shown that the API did not let through.
     */
    static String address(Request r, String household) {
        if (household == null) {
            return null;
        }
        for (Household h : r.config.engine().households()) {
            if (h.id().equals(household)) {
                return h.displayName();
            }
        }
        return household;
    }

    /** For each alert of an elderly episode that went on to a later stage: that later stage. */
    static Map<String, String> escalated(List<JsonNode> alerts) {
        Map<String, JsonNode> highest = new HashMap<>();
        for (JsonNode a : alerts) {
            if (isElderlyStage(a)) {
                String h = text(a, "household");
                JsonNode top = highest.get(h);
                if (top == null || Labels.severity(a.path("stage").asText()) > Labels.severity(top.path("stage").asText())) {
                    highest.put(h, a);
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        for (JsonNode a : alerts) {
            if (isElderlyStage(a)) {
                JsonNode top = highest.get(text(a, "household"));
                if (top != a && Labels.severity(top.path("stage").asText()) > Labels.severity(a.path("stage").asText())) {
                    out.put(a.path("id").asText(), top.path("stage").asText());
                }
            }
        }
        return out;
    }

    static boolean isElderlyStage(JsonNode a) {
        return "elderly-inactivity".equals(a.path("rule").asText()) && ELDERLY_STAGES.contains(a.path("stage").asText());
    }
}

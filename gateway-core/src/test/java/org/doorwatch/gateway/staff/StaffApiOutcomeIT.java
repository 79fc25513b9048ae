package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance "outcomes", through real HTTP against a running gateway on a clock moved
 * by hand: a CALL_BACK answered with reached-ok restarts the clock (the next WARNING comes 24 h
 * later, not before); in-hospital until a date stops the stages until then; no-answer leaves
 * VISIT to fire. Outcomes show in the alert's history; a bad code is a 400 naming the valid ones.
 */
@Timeout(120)
class StaffApiOutcomeIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void outcomesOfACallBackDriveTheEscalation() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Gateway g = StaffSite.start(StaffSite.write(dir), clock)) {
            ApiClient api = new ApiClient(g.httpPort());
            String wang = api.token("wang-property");
            String zhao = api.token("zhao-grid");

            clock.set(T0.plus(Duration.ofHours(48)));
            StaffSite.tick(g);
            String callBack101 = alertId(api, wang, "3-1-101", "CALL_BACK");
            String callBack103 = alertId(api, zhao, "3-1-103", "CALL_BACK");
            String callBack302 = alertId(api, wang, "5-1-302", "CALL_BACK");

            ApiClient.Response bad = api.post("/api/alerts/" + callBack101 + "/outcome", wang, "{\"code\":\"fine\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("error").asText()).contains("reached-ok", "in-hospital", "no-answer", "visited-emergency");

            Instant answered = clock.instant();
            ApiClient.Response ok = api.post("/api/alerts/" + callBack101 + "/outcome", wang,
                    "{\"code\":\"reached-ok\",\"note\":\"called, she is fine\"}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("effect").asText()).isEqualTo("CONFIRMED_WELL");
            String until = "2026-12-02T00:00:00+08:00";
            assertThat(api.post("/api/alerts/" + callBack302 + "/outcome", wang,
                    "{\"code\":\"in-hospital\",\"until\":\"" + until + "\"}").status()).isEqualTo(200);
            ApiClient.Response noAnswer = api.post("/api/alerts/" + callBack103 + "/outcome", zhao, "{\"code\":\"no-answer\"}");
            assertThat(noAnswer.status()).isEqualTo(200);
            assertThat(noAnswer.json().get("effect").isNull()).isTrue();

            // reached-ok: L = the outcome's time; nothing until 24 h later
            clock.set(answered.plus(Duration.ofHours(24)).minusSeconds(1));
            StaffSite.tick(g);
            assertThat(stages(api, wang, "3-1-101")).containsExactly("WARNING", "CALL_BACK", "RESOLVED");
            // no-answer: VISIT goes on at 72 h
            clock.set(T0.plus(Duration.ofHours(72)));
            StaffSite.tick(g);
            assertThat(stages(api, zhao, "3-1-103")).containsExactly("WARNING", "CALL_BACK", "VISIT");
            List<JsonNode> warnings = alerts(api, wang, "3-1-101", "WARNING");
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0).get("ts").asText()).isEqualTo(Events.ts(answered.plus(Duration.ofHours(24))));
            assertThat(warnings.get(0).get("lastActivity").asText()).isEqualTo(Events.ts(answered));

            // in-hospital until Dec 2 (site time): RESOLVED at once, then nothing until Dec 2 + 24 h
            Instant back = Instant.parse("2026-12-01T16:00:00Z");
            clock.set(back.plus(Duration.ofHours(24)).minusSeconds(1));
            StaffSite.tick(g);
            assertThat(stages(api, wang, "5-1-302")).containsExactly("WARNING", "CALL_BACK", "RESOLVED");
            clock.set(back.plus(Duration.ofHours(24)));
            StaffSite.tick(g);
            assertThat(stages(api, wang, "5-1-302")).containsExactly("WARNING", "CALL_BACK", "RESOLVED", "WARNING");

            // the history of the CALL_BACK: raised, delivered, its outcome; the alert is resolved
            JsonNode history = api.get("/api/alerts/" + callBack101, wang).json();
            assertThat(history.get("state").asText()).isEqualTo("resolved");
            JsonNode outcome = history.get("history").get("outcomes").get(0);
            assertThat(outcome.get("code").asText()).isEqualTo("reached-ok");
            assertThat(outcome.get("by").asText()).isEqualTo("wang-property");
            assertThat(outcome.get("note").asText()).isEqualTo("called, she is fine");
            assertThat(history.get("history").get("deliveries")).isNotEmpty();
            assertThat(history.get("history").get("resolvedBy").asText()).isNotBlank();
            JsonNode hospital = api.get("/api/alerts/" + callBack302, wang).json().get("history").get("outcomes").get(0);
            assertThat(hospital.get("until").asText()).isEqualTo(until);
        }
    }

    private static String alertId(ApiClient api, String token, String household, String stage) {
        List<JsonNode> a = alerts(api, token, household, stage);
        assertThat(a).as(stage + " of " + household).hasSize(1);
        return a.get(0).get("id").asText();
    }

    /** Alerts of a household and stage, oldest first... the API lists newest first. */
    private static List<JsonNode> alerts(ApiClient api, String token, String household, String stage) {
        ApiClient.Response r = api.get("/api/alerts?household=" + household + "&stage=" + stage, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("alerts").forEach(out::add);
        return out;
    }

    /** The stages raised for a household, oldest first. */
    private static List<String> stages(ApiClient api, String token, String household) {
        ApiClient.Response r = api.get("/api/alerts?household=" + household + "&rule=elderly-inactivity", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("alerts").forEach(a -> out.add(0, a.get("stage").asText()));
        return out;
    }
}

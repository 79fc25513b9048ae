package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance "each route with each role; a matrix over every route × role × a household
 * outside the caller's scope finds no unauthorised 2xx", through real HTTP against a running
 * gateway with real SQLite. Building 7 is outside every scope but the admin's. For every route and
 * account: a role the route is not for gets 403; an allowed role gets 2xx inside its scope and
 * 404 outside it (admin: 2xx); no response to a non-admin carries building 7's personal data,
 * and the installer never sees a contact or tenant. Personal fields by role are checked too.
 */
@Timeout(180)
class StaffApiMatrixIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Set<String> ACTORS = Set.of("property", "community", "admin");
    private static final Set<String> READERS = Set.of("property", "community", "police", "admin");
    private static final Set<String> POLICE = Set.of("police", "admin");
    private static final Map<String, String> ROLE = Map.of("wang-property", "property", "zhao-grid", "community",
            "li-police", "police", "installer-1", "installer", "admin", "admin");

    /** A route, called inside the caller's scope and (when it has a target) outside it. */
    private record Route(String method, String inside, String outside, String body, Set<String> roles) {}

    @TempDir
    Path dir;

    @Test
    void noRoleGetsWhatItMayNot() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Gateway g = StaffSite.start(StaffSite.write(dir), clock)) {
            ApiClient api = new ApiClient(g.httpPort());
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String u : StaffSite.USERS) {
                tokens.put(u, api.token(u));
            }
            Instant t = T0.plus(Duration.ofHours(72));
            clock.set(t);
            StaffSite.tick(g); // every elderly household at VISIT
            for (String h : List.of("3-1-101", "7-1-101")) {
                StaffSite.event(g, t, "door-" + h, EventType.DOOR_FORCED, null);
            }
            for (String h : List.of("3-2-201", "7-2-201")) {
                for (int i = 0; i < 3; i++) {
                    StaffSite.event(g, t.plusSeconds(i), "intercom-" + h, EventType.VISITOR_CALL, null);
                }
            }
            StaffSite.event(g, t.plusSeconds(10), "intercom-3-2-201", EventType.ACCESS_GRANTED, "card:3A0001");
            String admin = tokens.get("admin");
            Map<String, String> ids = Map.of(
                    "{a3}", alertId(api, admin, "3-1-101", "VISIT"), "{a7}", alertId(api, admin, "7-1-101", "VISIT"),
                    "{v3}", alertId(api, admin, "3-2-201", "NOTICE"), "{v7}", alertId(api, admin, "7-2-201", "NOTICE"));

            personalFieldsByRole(api, tokens);

            List<Route> routes = List.of(
                    new Route("GET", "/api/alerts", "/api/alerts?household=7-1-101", null, READERS),
                    new Route("GET", "/api/alerts/{a3}", "/api/alerts/{a7}", null, READERS),
                    new Route("POST", "/api/alerts/{a3}/ack", "/api/alerts/{a7}/ack", "{\"note\":\"seen\"}", ACTORS),
                    new Route("POST", "/api/alerts/{a3}/outcome", "/api/alerts/{a7}/outcome", "{\"code\":\"no-answer\"}", ACTORS),
                    new Route("GET", "/api/households", null, null, ACTORS),
                    new Route("GET", "/api/households/3-1-101", "/api/households/7-1-101", null, READERS),
                    new Route("GET", "/api/households/3-1-101/timeline", "/api/households/7-1-101/timeline", null, ACTORS),
                    new Route("GET", "/api/households/3-1-101/activity", "/api/households/7-1-101/activity", null, ACTORS),
                    new Route("POST", "/api/households/3-1-103/confirm-well", "/api/households/7-1-101/confirm-well", null, ACTORS),
                    new Route("POST", "/api/households/3-1-103/away", "/api/households/7-1-101/away", "{\"until\":\"2026-12-30\"}", ACTORS),
                    new Route("DELETE", "/api/households/3-1-103/away", "/api/households/7-1-101/away", null, ACTORS),
                    new Route("GET", "/api/police/activity?household=3-2-201", "/api/police/activity?household=7-2-201", null, POLICE),
                    new Route("GET", "/api/police/activity?building=3", "/api/police/activity?building=7", null, POLICE),
                    new Route("GET", "/api/police/rentals", null, null, POLICE),
                    new Route("GET", "/api/police/alerts/{v3}/evidence", "/api/police/alerts/{v7}/evidence", null, POLICE),
                    new Route("GET", "/api/devices", null, null, Set.of("installer", "admin")),
                    new Route("GET", "/api/audit", null, null, Set.of("admin")),
                    new Route("POST", "/api/users/zhao-grid/unlock", null, null, Set.of("admin")));

            SoftAssertions soft = new SoftAssertions();
            int calls = 0;
            for (Route r : routes) {
                for (String user : StaffSite.USERS) {
                    String role = ROLE.get(user);
                    boolean allowed = r.roles().contains(role);
                    ApiClient.Response in = api.call(r.method(), fill(r.inside(), ids), tokens.get(user), body(r));
                    calls++;
                    soft.assertThat(in.status()).as("%s %s as %s: %s", r.method(), r.inside(), role, in.body())
                            .isEqualTo(allowed ? 200 : 403);
                    noLeak(soft, role, r.inside(), in);
                    if (r.outside() != null) {
                        ApiClient.Response out = api.call(r.method(), fill(r.outside(), ids), tokens.get(user), body(r));
                        calls++;
                        soft.assertThat(out.status()).as("%s %s as %s: %s", r.method(), r.outside(), role, out.body())
                                .isEqualTo(!allowed ? 403 : role.equals("admin") ? 200 : 404);
                        noLeak(soft, role, r.outside(), out);
                    }
                }
            }
            soft.assertAll();
            assertThat(calls).isGreaterThan(120);
            // without a token nothing but login answers
            for (Route r : routes) {
                assertThat(api.call(r.method(), fill(r.inside(), ids), null, body(r)).status())
                        .as(r.inside()).isEqualTo(401);
            }
            assertThat(api.get("/health", null).status()).isIn(200, 503);
            assertThat(api.get("/health", null).body()).doesNotContain("1380000", "1390000", "张");
        }
    }

    /** Contacts, phones and tenant names by role (issue 7 access rules). */
    private static void personalFieldsByRole(ApiClient api, Map<String, String> tokens) {
        JsonNode property = api.get("/api/households/3-1-101", tokens.get("wang-property")).json();
        assertThat(property.get("contacts").get(0).get("phone").asText()).isEqualTo(StaffSite.INSIDE_PHONE);
        assertThat(property.get("stage").asText()).isEqualTo("VISIT");
        // police: phones while a VISIT is open for the household, not otherwise
        JsonNode policeVisit = api.get("/api/households/3-1-101", tokens.get("li-police")).json();
        assertThat(policeVisit.get("contacts").get(0).get("phone").asText()).isEqualTo(StaffSite.INSIDE_PHONE);
        ApiClient.Response policeNoVisit = api.get("/api/households/3-2-201", tokens.get("li-police"));
        assertThat(policeNoVisit.status()).isEqualTo(200);
        assertThat(policeNoVisit.json().has("contacts")).isFalse();
        assertThat(policeNoVisit.body()).doesNotContain("13800000020", "房东陈");
        // tenant names: police yes (activity, rentals, evidence), property never (403)
        ApiClient.Response rentals = api.get("/api/police/rentals", tokens.get("li-police"));
        assertThat(rentals.body()).contains("本区租客").doesNotContain("card:3A0001", StaffSite.OUTSIDE_TENANT, "7-2-201");
        assertThat(api.get("/api/police/activity?household=3-2-201", tokens.get("li-police")).body()).contains("本区租客");
        JsonNode evidence = api.get("/api/police/alerts/" + alertId(api, tokens.get("admin"), "3-2-201", "NOTICE")
                + "/evidence", tokens.get("li-police")).json();
        assertThat(evidence.get("visits")).hasSize(3);
        // police do not see the property-only board, nor a WARNING (stage 1) of a welfare alert
        ApiClient.Response policeAlerts = api.get("/api/alerts?rule=elderly-inactivity", tokens.get("li-police"));
        List<String> stages = new ArrayList<>();
        policeAlerts.json().get("alerts").forEach(a -> stages.add(a.get("stage").asText()));
        assertThat(stages).isNotEmpty().containsOnly("VISIT");
        // community: elderly alerts of building 3 only
        List<String> households = new ArrayList<>();
        api.get("/api/alerts", tokens.get("zhao-grid")).json().get("alerts").forEach(a -> households.add(a.get("household").asText()));
        assertThat(households).isNotEmpty().allMatch(h -> h.startsWith("3-"));
        // the installer sees devices with their state and nothing of residents
        ApiClient.Response devices = api.get("/api/devices", tokens.get("installer-1"));
        assertThat(devices.json().get("devices")).hasSize(6);
        assertThat(devices.json().get("devices").get(0).get("transport").get("status").asText()).isIn("up", "down");
        assertThat(devices.json().get("devices").get(2).get("lastHeard").isNull()).isFalse();
    }

    private static void noLeak(SoftAssertions soft, String role, String path, ApiClient.Response r) {
        if (role.equals("admin")) {
            return;
        }
        soft.assertThat(r.body()).as("%s as %s", path, role)
                .doesNotContain(StaffSite.OUTSIDE_PHONE, StaffSite.OUTSIDE_TENANT, "外区家属");
        if (!role.equals("installer")) { // the installer's scope is every door; a flat id is not a resident
            soft.assertThat(r.body()).as("%s as %s", path, role).doesNotContain("\"7-1-101\"", "\"7-2-201\"");
        }
        if (role.equals("installer")) {
            soft.assertThat(r.body()).as("%s as installer", path).doesNotContain("13800000", "租客", "张小明", "contacts");
        }
    }

    private static String body(Route r) {
        return r.body() != null ? r.body() : r.method().equals("POST") ? "{}" : null;
    }

    private static String fill(String path, Map<String, String> ids) {
        String out = path;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String alertId(ApiClient api, String token, String household, String stage) {
        ApiClient.Response r = api.get("/api/alerts?household=" + household + "&stage=" + stage, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("alerts")).as(household + " " + stage).isNotEmpty();
        return r.json().get("alerts").get(0).get("id").asText();
    }
}

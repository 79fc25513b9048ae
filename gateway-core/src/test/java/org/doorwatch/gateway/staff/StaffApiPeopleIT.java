package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.PeopleConfigs;
import org.doorwatch.gateway.testing.ScriptedReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "every attempt is stored and returned by GET /api/alerts/{id} as part of its
 * history": a running gateway on a clock moved by hand, its SMS and WeCom providers scripted
 * local receivers (SMS answers OK with a BizId, the WeCom robot refuses with errcode 93000).
 * The history lists each attempt with its result, the provider's code and answer, each
 * re-notification round and why the rounds ended; names and phones only for the roles
 * {@code Access.seesPeople} allows.
 */
@Timeout(120)
class StaffApiPeopleIT {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    @Test
    void theHistoryShowsEveryAttemptAndRoundAndPeopleOnlyToWhoMaySeeThem() throws Exception {
        try (ScriptedReceiver sms = new ScriptedReceiver(); ScriptedReceiver wecom = new ScriptedReceiver();
             ScriptedReceiver ding = new ScriptedReceiver()) {
            sms.otherwise(ScriptedReceiver.Answer.json(200,
                    "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5\",\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}"));
            wecom.otherwise(ScriptedReceiver.Answer.json(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
            Path file = PeopleConfigs.write(dir, new PeopleConfigs.Site("embedded: { port: 0 }", 0,
                    "{ warning: 1h, callBack: 4h, visit: 5h }", "{ after: 30m, times: 2 }", base(wecom), base(ding), base(sms),
                    "2s", 0, "1h"), """
                    users:
                      file: users.passwd
                      accounts:
                        - { name: wang-property, roles: [property], households: ["3-*"] }
                        - { name: li-police, roles: [police], households: ["3-*", "5-*"] }
                    """);
            for (String u : List.of("wang-property", "li-police")) {
                PasswordFile.put(dir.resolve("users.passwd"), u,
                        PasswordHash.hash(StaffSite.PASSWORD.toCharArray(), StaffSite.TEST_ITERATIONS));
            }
            ManualClock clock = new ManualClock(local("2026-11-23T09:00"));
            try (Gateway g = Gateway.start(ConfigLoader.load(file), GatewayOptions.defaults().withClock(clock))) {
                ApiClient api = new ApiClient(g.httpPort());
                String property = api.token("wang-property");
                String police = api.token("li-police");

                at(g, clock, "2026-11-23T10:00");
                String warning = alertId(api, property, "3-2-501", "WARNING");
                await("the SMS answered and the robot refused").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(kinds(api.get("/api/alerts/" + warning, property).json()))
                                .contains("attempt sms delivered", "attempt wecom failed"));
                at(g, clock, "2026-11-23T10:30");
                await("the re-sent SMS answered").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(kinds(api.get("/api/alerts/" + warning, property).json()))
                                .containsSubsequence("attempt sms delivered", "renotify", "attempt sms delivered"));
                assertThat(api.post("/api/alerts/" + warning + "/ack", property, "{}").status()).isEqualTo(200);
                at(g, clock, "2026-11-23T11:00");

                JsonNode alert = api.get("/api/alerts/" + warning, property).json();
                JsonNode history = alert.get("history");
                assertThat(history.get("deliveries")).extracting(d -> d.get("transport").asText()).containsOnly("mqtt");
                List<JsonNode> notes = new ArrayList<>();
                history.get("notifications").forEach(notes::add);
                JsonNode firstSms = notes.stream().filter(n -> n.path("transport").asText().equals("sms")).findFirst().orElseThrow();
                assertThat(firstSms.get("kind").asText()).isEqualTo("attempt");
                assertThat(firstSms.get("round").asInt()).isZero();
                assertThat(firstSms.get("to").asText()).isEqualTo("wang-li");
                assertThat(firstSms.get("result").asText()).isEqualTo("delivered");
                assertThat(firstSms.get("detail").asText()).isEqualTo("BizId 900619746936498440^0");
                assertThat(firstSms.get("name").asText()).as("property staff of the household see who").isEqualTo("王丽");
                assertThat(firstSms.at("/people/0/phone").asText()).isEqualTo("13800000001");
                assertThat(firstSms.at("/people/0/roles/0").asText()).isEqualTo("neighbour-watcher");
                JsonNode robot = notes.stream().filter(n -> n.path("transport").asText().equals("wecom")).findFirst().orElseThrow();
                assertThat(robot.get("result").asText()).isEqualTo("failed");
                assertThat(robot.get("code").asText()).as("the provider's error code is shown").isEqualTo("93000");
                assertThat(robot.get("detail").asText()).contains("errcode 93000", "invalid webhook url");
                assertThat(notes).extracting(n -> n.get("kind").asText() + " " + n.path("detail").asText(""))
                        .as("one re-send, then the acknowledgement ended the rounds")
                        .filteredOn(s -> s.startsWith("renotify") || s.startsWith("ended")).hasSize(2)
                        .last().isEqualTo("ended acknowledged");
                String other = alertId(api, property, "3-2-502", "WARNING");
                await("3-2-502, not acknowledged, got its second re-send").atMost(Duration.ofSeconds(20))
                        .until(() -> smsFor(sms, other) == 3);
                assertThat(smsFor(sms, warning)).as("nothing after the acknowledgement").isEqualTo(2);

                // police: VISIT alerts only, and the people reached only while the VISIT is open
                at(g, clock, "2026-11-23T14:00");
                String visit = alertId(api, property, "3-2-501", "VISIT");
                await("the VISIT reached the guardian").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(api.get("/api/alerts/" + visit, police).json().at("/history/notifications"))
                                .anySatisfy(n -> assertThat(n.path("to").asText()).isEqualTo("chen-jie")));
                assertThat(api.get("/api/alerts/" + warning, police).status()).isEqualTo(404);
                JsonNode open = api.get("/api/alerts/" + visit, police).json().at("/history/notifications");
                assertThat(open.findValuesAsText("phone")).contains("13800000004");
                StaffSite.event(g, clock.instant(), "door-3-2-501", EventType.DOOR_OPENED, null);
                JsonNode ended = api.get("/api/alerts/" + visit, police).json().at("/history/notifications");
                assertThat(ended.findValuesAsText("to")).contains("chen-jie");
                assertThat(ended.findValues("phone")).as("the VISIT is over: no phones for police").isEmpty();
                assertThat(ended.findValues("name")).isEmpty();
                assertThat(api.get("/api/alerts/" + visit, property).json().at("/history/notifications")
                        .findValuesAsText("phone")).contains("13800000004");
            }
        }
    }

    private static long smsFor(ScriptedReceiver sms, String alertId) {
        return sms.requests().stream().filter(r -> alertId.equals(r.formBody().get("OutId"))).count();
    }

    private static String base(ScriptedReceiver r) {
        String u = r.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    private static void at(Gateway g, ManualClock clock, String t) throws Exception {
        clock.set(local(t));
        g.wake();
        g.flush().get(10, TimeUnit.SECONDS);
        g.flush().get(10, TimeUnit.SECONDS);
    }

    private static String alertId(ApiClient api, String token, String household, String stage) {
        JsonNode list = api.get("/api/alerts?household=" + household + "&stage=" + stage, token).json().get("alerts");
        assertThat(list).as("%s %s", household, stage).hasSize(1);
        return list.get(0).get("id").asText();
    }

    /** "attempt sms delivered", "renotify", ... in the history's order. */
    private static List<String> kinds(JsonNode alert) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : alert.at("/history/notifications")) {
            String kind = n.get("kind").asText();
            out.add(kind.equals("attempt") || kind.equals("queued")
                    ? kind + " " + n.get("transport").asText() + " " + n.get("result").asText() : kind);
        }
        return out;
    }
}

package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance "end to end": door events published with the real {@code mosquitto_pub}
 * to a gateway with thresholds of seconds; WARNING, CALL_BACK, VISIT and RESOLVED arrive at a
 * real {@code mosquitto_sub} on each routed channel's topic, in the SPEC section 5 form. Once
 * through the embedded broker, once through a Mosquitto started by the test.
 */
@Timeout(120)
class EndToEndIT {

    private static final List<String> FIELDS = List.of("id", "ts", "rule", "stage", "household", "channels",
            "lastActivity", "message");

    @TempDir
    Path dir;

    @Test
    void escalationReachesEveryChannelThroughTheEmbeddedBroker() throws Exception {
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 3s, callBack: 5s, visit: 7s }", 2);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            escalate(gateway, gateway.brokerPort());
        }
    }

    @Test
    void escalationReachesEveryChannelThroughMosquitto() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            Path file = TestConfigs.write(dir, "url: " + mosquitto.url(), 0, "{ warning: 3s, callBack: 5s, visit: 7s }", 2);
            try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
                escalate(gateway, mosquitto.port());
            }
        }
    }

    private void escalate(Gateway gateway, int port) throws Exception {
        await("health up").atMost(Duration.ofSeconds(30))
                .until(() -> Http.get(gateway.httpPort(), "/health").statusCode() == 200);
        try (MosquittoSub sub = SiteMqtt.alerts(port, null, dir.resolve("sub"))) {
            sub.awaitReady(port, "gw/" + TestConfigs.SITE + "/alerts/probe");

            Instant opened = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SiteMqtt.publish(port, TestConfigs.deviceTopic(1), Events.opened(opened));
            String episode = Events.ts(opened);

            await("WARNING, CALL_BACK, VISIT").atMost(Duration.ofSeconds(30)).until(() ->
                    episodeAlerts(sub, "h-1", episode).stream().anyMatch(m -> m.json().get("stage").asText().equals("VISIT")));
            Instant closed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SiteMqtt.publish(port, TestConfigs.deviceTopic(1), Events.opened(closed));
            String resolvedAt = Events.ts(closed);
            await("RESOLVED").atMost(Duration.ofSeconds(20)).until(() -> sub.messages().stream()
                    .filter(m -> !m.topic().endsWith("/probe"))
                    .filter(m -> m.json().get("stage").asText().equals("RESOLVED")
                            && m.json().get("lastActivity").asText().equals(resolvedAt))
                    .count() == 3);

            List<Received> stages = episodeAlerts(sub, "h-1", episode);
            List<Received> resolved = sub.messages().stream()
                    .filter(m -> !m.topic().endsWith("/probe"))
                    .filter(m -> m.json().get("household").asText().equals("h-1")
                            && m.json().get("stage").asText().equals("RESOLVED")
                            && m.json().get("lastActivity").asText().equals(resolvedAt))
                    .toList();
            Map<String, List<String>> topicsByStage = new java.util.LinkedHashMap<>();
            List<Received> all = new ArrayList<>(stages);
            all.addAll(resolved);
            for (Received m : all) {
                topicsByStage.computeIfAbsent(m.json().get("stage").asText(), k -> new ArrayList<>())
                        .add(m.topic().substring(m.topic().lastIndexOf('/') + 1));
                assertSpecForm(m, episode);
            }
            topicsByStage.values().forEach(l -> l.sort(null));
            assertThat(topicsByStage).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "WARNING", List.of("property"),
                    "CALL_BACK", List.of("community", "property"),
                    "VISIT", List.of("community", "police", "property"),
                    "RESOLVED", List.of("community", "police", "property")));
            // each alert is the same object on every topic it went to
            Map<String, Long> payloadsPerId = all.stream().collect(Collectors.groupingBy(
                    m -> m.json().get("id").asText(), Collectors.mapping(Received::payload,
                            Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
            assertThat(payloadsPerId).hasSize(4).allSatisfy((id, distinct) -> assertThat(distinct).isEqualTo(1));
            JsonNode r = resolved.get(0).json();
            assertThat(r.get("evidence").get("resolvedBy").asText()).isEqualTo("DOOR_OPENED");
            assertThat(r.get("message").asText()).contains("1号");
        }
        assertThat(Http.metric(gateway.httpPort(),
                "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}")).isEqualTo(2.0);
        forcedDoor(port);
    }

    /** A security alarm (SPEC 7, door-forced) takes the same path: one device event, two channels. */
    private void forcedDoor(int port) throws Exception {
        try (MosquittoSub sub = SiteMqtt.alerts(port, null, dir.resolve("sub-alarm"))) {
            sub.awaitReady(port, "gw/" + TestConfigs.SITE + "/alerts/probe");
            SiteMqtt.publish(port, TestConfigs.deviceTopic(2), "{\"type\":\"DOOR_FORCED\"}");
            await("ALARM on property and police").atMost(Duration.ofSeconds(20)).until(() -> alarms(sub).size() == 2);
            List<Received> alarms = alarms(sub);
            assertThat(alarms).extracting(Received::topic).containsExactlyInAnyOrder(
                    "gw/" + TestConfigs.SITE + "/alerts/property", "gw/" + TestConfigs.SITE + "/alerts/police");
            JsonNode a = alarms.get(0).json();
            assertThat(a.get("rule").asText()).isEqualTo("door-forced");
            assertThat(a.get("device").asText()).isEqualTo("door-h-2");
            assertThat(a.get("household").asText()).isEqualTo("h-2");
            assertThat(alarms.get(1).payload()).isEqualTo(alarms.get(0).payload());
        }
    }

    private static List<Received> alarms(MosquittoSub sub) {
        return sub.messages().stream().filter(m -> !m.topic().endsWith("/probe"))
                .filter(m -> m.json().get("stage").asText().equals("ALARM")).toList();
    }

    /** WARNING/CALL_BACK/VISIT messages of one household's episode that started at {@code episode}. */
    private static List<Received> episodeAlerts(MosquittoSub sub, String household, String episode) {
        return sub.messages().stream()
                .filter(m -> !m.topic().endsWith("/probe"))
                .filter(m -> {
                    JsonNode j = m.json();
                    return j.get("household").asText().equals(household) && !j.get("stage").asText().equals("RESOLVED")
                            && j.get("lastActivity").asText().equals(episode);
                })
                .toList();
    }

    private static void assertSpecForm(Received m, String episode) {
        JsonNode j = m.json();
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        String stage = j.get("stage").asText();
        List<String> expected = new ArrayList<>(FIELDS);
        if (stage.equals("RESOLVED")) {
            expected.add("evidence");
        }
        assertThat(names).as("fields of %s", m.payload()).containsExactlyElementsOf(expected);
        assertThat(j.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(j.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+08:00");
        assertThat(j.get("rule").asText()).isEqualTo("elderly-inactivity");
        assertThat(j.get("household").asText()).isEqualTo("h-1");
        List<String> channels = new ArrayList<>();
        j.get("channels").forEach(c -> channels.add(c.asText()));
        assertThat(m.topic()).isIn(channels.stream().map(c -> "gw/" + TestConfigs.SITE + "/alerts/" + c).toList());
        if (!stage.equals("RESOLVED")) {
            assertThat(j.get("lastActivity").asText()).isEqualTo(episode);
            assertThat(j.get("message").asText()).startsWith("1号").contains("未开门");
        }
    }
}

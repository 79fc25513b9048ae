package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Personal data stays out of INFO logs": the packaged gateway, at its default INFO level, runs
 * a household with family contacts, a rental flat with a named tenant whose tenancy ended, an
 * elderly escalation, a tenant-expired alert (whose message to police does name the tenant),
 * and garbage payloads that carry a credential and a phone number. Its whole log output may
 * name households, devices and alert ids, but no name, phone number, credential or care tag.
 */
@Timeout(180)
class PersonalDataLogIT {

    private static final String SITE = "log-site";
    private static final List<String> PERSONAL = List.of(
            "王小明", "13800000001", "张三", "5A3C91", "13911112222", "care-tag-dementia", "B77E01");

    @TempDir
    Path dir;

    @Test
    void logsNameNoPersonAndNoCredential() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false)) {
            int http = Ports.free();
            Path config = dir.resolve("gateway.yml");
            Files.writeString(config, """
                    site: { id: %s, timezone: Asia/Shanghai }
                    mqtt: { url: %s }
                    storage: { path: data/gateway.db }
                    http: { port: %d }
                    policies:
                      elderly-living-alone:
                        inactivity: { warning: 2s, callBack: 4s, visit: 6s }
                    households:
                      - id: "1-1-101"
                        address: "1栋101"
                        policy: elderly-living-alone
                        tags: [elderly, care-tag-dementia]
                        contacts:
                          - { name: 王小明, phone: "13800000001" }
                      - { id: "3-2-601", address: "3栋601", tags: [rental] }
                    tenancies:
                      - { credential: "card:5A3C91", household: "3-2-601", tenant: "张三", from: 2025-01-01, until: 2025-12-31 }
                    devices:
                      - { id: door-101, kind: door-contact, household: "1-1-101", source: mqtt }
                      - { id: gate-3, kind: access-reader, source: mqtt }
                    rules:
                      door-held-open: { enabled: false }
                      device-offline: { enabled: false }
                    """.formatted(SITE, mosquitto.url(), http), StandardCharsets.UTF_8);

            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "gw");
                 MosquittoSub sub = MosquittoSub.start(mosquitto.port(), "gw/" + SITE + "/alerts/#", null, dir.resolve("sub"))) {
                await("health").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !g.isAlive() || Ports.accepting(http) && Http.get(http, "/health").statusCode() == 200);
                assertThat(g.isAlive()).as("stderr: %s", g.stderr()).isTrue();
                sub.awaitReady(mosquitto.port(), "gw/" + SITE + "/alerts/probe");

                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                SiteMqtt.publish(mosquitto.port(), "gw/" + SITE + "/devices/door-101/events", Events.opened(now));
                SiteMqtt.publish(mosquitto.port(), "gw/" + SITE + "/devices/gate-3/events",
                        "{\"ts\":\"" + Events.ts(now) + "\",\"type\":\"ACCESS_GRANTED\",\"household\":\"3-2-601\","
                                + "\"credential\":\"card:5A3C91\"}");
                // garbage that carries personal data: a log line quoting the payload would leak it
                SiteMqtt.publish(mosquitto.port(), "gw/" + SITE + "/devices/gate-3/events",
                        "{\"type\":\"ACCESS_GRANTED\",\"credential\":\"card:B77E01\",\"phone\":\"13911112222\",");
                SiteMqtt.publish(mosquitto.port(), "gw/" + SITE + "/devices/gate-3/events",
                        "{\"ts\":12,\"type\":\"ACCESS_GRANTED\",\"credential\":\"card:B77E01\"}");
                SiteMqtt.publish(mosquitto.port(), "gw/" + SITE + "/devices/no-such-reader/events",
                        "{\"type\":\"ACCESS_GRANTED\",\"credential\":\"card:B77E01\",\"note\":\"13911112222\"}");

                await("VISIT and tenant-expired").atMost(Duration.ofSeconds(60)).until(() ->
                        sub.messages().stream().anyMatch(m -> m.payload().contains("\"VISIT\""))
                                && sub.messages().stream().anyMatch(m -> m.payload().contains("tenant-expired")));
                // the alert itself, on the police topic, does carry the evidence: that is where it belongs
                assertThat(sub.messages()).anyMatch(m -> m.topic().endsWith("/police") && m.payload().contains("tenant-expired"));
                await("garbage counted").atMost(Duration.ofSeconds(30)).until(() ->
                        Http.get(http, "/metrics").body().lines()
                                .filter(l -> l.startsWith("doorwatch_bad_payloads_total"))
                                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() >= 3);
                assertThat(g.terminate()).isZero();
                String log = g.stdout() + g.stderr();
                assertThat(log).contains("alert").contains("3-2-601");
                for (String secret : PERSONAL) {
                    assertThat(log).as("the log names '%s'", secret).doesNotContain(secret);
                }
            }
        }
    }
}

package org.doorwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC 10's rules as {@link BrokerAccess} derives them from a config (both brokers use them). */
class BrokerAccessTest {

    @TempDir
    Path dir;

    private static BrokerAccess.Permission pub(String f) {
        return new BrokerAccess.Permission(f, BrokerAccess.Activity.PUBLISH);
    }

    private static BrokerAccess.Permission sub(String f) {
        return new BrokerAccess.Permission(f, BrokerAccess.Activity.SUBSCRIBE);
    }

    private BrokerAccess load() throws Exception {
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, """
                site: { id: s1 }
                profiles:
                  acme: { topics: ["acme/+/event"], fields: { device: /devId, type: /code } }
                households:
                  - { id: h-1 }
                ports:
                  - { id: line-1, port: /dev/ttyUSB0, protocol: ascii-line, regex: '(?<type>.),(?<credential>\\w+)', device: reader-3 }
                devices:
                  - { id: door-1, household: h-1, source: mqtt, topic: custom/door-1 }
                  - { id: gate-2, kind: gate, source: mqtt, profile: acme }
                  - { id: reader-3, kind: card-reader, source: serial, port: line-1 }
                channels:
                  property: { readers: [office] }
                  police: { readers: [office, station], topic: police/alerts }
                """, StandardCharsets.UTF_8);
        GatewayConfig config = ConfigLoader.load(file);
        return new BrokerAccess(config);
    }

    @Test
    void aDeviceAccountPublishesOnItsOwnTopicsOnly() throws Exception {
        BrokerAccess a = load();
        assertThat(a.permissions("door-1")).containsExactly(pub("gw/s1/devices/door-1/events"), pub("custom/door-1"));
        assertThat(a.permissions("gate-2")).containsExactly(pub("gw/s1/devices/gate-2/events"), pub("acme/+/event"));
        // a serial device has no MQTT account; an unknown name may log in and do nothing
        assertThat(a.permissions("reader-3")).isEmpty();
        assertThat(a.permissions("stranger")).isEmpty();
    }

    /**
     * A bridge such as uhppoted-mqtt publishes for every door its profile maps, on the profile's
     * topic; the doors name no profile. Each of them may publish there, so the bridge logs in as
     * one; a device outside the profile may not.
     */
    @Test
    void theDevicesABridgesProfileMapsMayPublishOnItsTopic() throws Exception {
        Path file = dir.resolve("bridge.yml");
        Files.writeString(file, """
                site: { id: s1 }
                profiles:
                  uhppoted:
                    builtin: uhppoted-mqtt
                    topics: ["uhppoted/gateway/events/live"]
                    values: { device: { "405419896/1": gate-5, "405419896/2": door-5 } }
                households:
                  - { id: h-1 }
                devices:
                  - { id: gate-5, kind: card-reader, source: mqtt }
                  - { id: door-5, household: h-1, source: mqtt }
                  - { id: door-6, household: h-1, source: mqtt }
                """, StandardCharsets.UTF_8);
        GatewayConfig config = ConfigLoader.load(file);
        BrokerAccess a = new BrokerAccess(config);
        assertThat(a.permissions("gate-5")).containsExactly(pub("gw/s1/devices/gate-5/events"),
                pub("uhppoted/gateway/events/live"));
        assertThat(a.permissions("door-5")).contains(pub("uhppoted/gateway/events/live"));
        assertThat(a.permissions("door-6")).containsExactly(pub("gw/s1/devices/door-6/events"));
    }

    @Test
    void aReceiverReadsTheAlertTopicsOfTheChannelsThatNameIt() throws Exception {
        BrokerAccess a = load();
        assertThat(a.permissions("office")).containsExactly(sub("gw/s1/alerts/property"), sub("police/alerts"));
        assertThat(a.permissions("station")).containsExactly(sub("police/alerts"));
        assertThat(a.accounts()).containsExactly("door-1", "gate-2", "office", "station");
    }

    @Test
    void anonymousInALabMayPublishDeviceTopicsAndReadButTheGatewaysClientIdsAreReserved() throws Exception {
        BrokerAccess a = load();
        assertThat(a.anonymous()).contains(pub("gw/s1/devices/+/events"), pub("custom/door-1"), pub("acme/+/event"),
                sub("#"));
        assertThat(a.anonymous()).noneMatch(p -> p.activity() == BrokerAccess.Activity.PUBLISH
                && (BrokerAccess.matches(p.filter(), "gw/s1/alerts/property") || BrokerAccess.matches(p.filter(), "gw/s1/status")));
        assertThat(a.reservedClientIds()).containsExactlyInAnyOrder("doorwatch-s1-ingest", "doorwatch-s1-out");
    }
}

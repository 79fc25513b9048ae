package org.doorwatch.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicRoutesTest {

    @TempDir
    Path dir;

    @Test
    void filterMatching() {
        assertThat(TopicRoutes.matches("gw/s/devices/+/events", "gw/s/devices/d1/events")).isTrue();
        assertThat(TopicRoutes.matches("gw/s/devices/+/events", "gw/s/devices/d1/x/events")).isFalse();
        assertThat(TopicRoutes.matches("acme/#", "acme/a/b")).isTrue();
        assertThat(TopicRoutes.matches("acme/+", "acme")).isFalse();
    }

    @Test
    void theDeviceComesFromTheTopic() throws Exception {
        GatewayConfig config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1));
        TopicRoutes routes = new TopicRoutes(config, TopicRoutes.vendorProfiles());
        String topic = TestConfigs.deviceTopic(1);
        TopicRoutes.Route r = routes.match(topic);
        assertThat(r).isNotNull();
        assertThat(routes.deviceOf(topic, r)).isEqualTo("door-h-1");
        assertThat(routes.match("gw/test-site/devices/events")).isNull();
        assertThat(routes.filters()).containsExactly("gw/test-site/devices/+/events");
        var parsed = r.parser().parse("{\"type\":\"DOOR_OPENED\"}", "door-h-1", java.time.Instant.EPOCH);
        assertThat(parsed.event().device()).isEqualTo("door-h-1");
        assertThat(parsed.event().ts()).isEqualTo(java.time.Instant.EPOCH);
    }

    @Test
    void aVendorProfileIsReadByItsMapperOnItsTopics() throws Exception {
        GatewayConfig base = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1));
        GatewayConfig withProfile = new GatewayConfig(base.file(), base.siteId(), base.zone(), base.mqtt(), base.storage(),
                base.http(), base.engine(), base.devices(), base.contacts(), base.channels(),
                Map.of("acme", new GatewayConfig.PayloadProfileConfig("acme", List.of("acme/+/event"),
                        Map.of("device", "/devId", "type", "/evt/code", "ts", "/evt/time"),
                        Map.of("type", Map.of("1", "DOOR_OPENED")), "epoch-ms")),
                base.tenants());
        TopicRoutes routes = new TopicRoutes(withProfile, TopicRoutes.vendorProfiles());
        assertThat(routes.filters()).containsExactly("gw/test-site/devices/+/events", "acme/+/event");
        var parsed = routes.match("acme/7/event").parser()
                .parse("{\"devId\":\"door-h-1\",\"evt\":{\"code\":\"1\",\"time\":1795305600000}}", null, null);
        assertThat(parsed.isOk()).as(parsed.message()).isTrue();
        assertThat(parsed.event().device()).isEqualTo("door-h-1");
        assertThat(parsed.event().type()).isEqualTo(org.doorwatch.domain.EventType.DOOR_OPENED);
        assertThat(parsed.event().ts()).isEqualTo(java.time.Instant.ofEpochMilli(1795305600000L));
        TopicRoutes custom = new TopicRoutes(withProfile, (p, zone) -> (text, device, at) ->
                org.doorwatch.drivers.json.ParsedEvent.error("vendor", p.name()));
        assertThat(custom.match("acme/7/event").parser().parse("{}", null, null).message()).isEqualTo("acme");
    }

    /**
     * SPEC 10: a message on one device's topic never counts as another device's event; on a
     * profile's shared topic only the profile's devices may be named, whether they name the
     * profile or a bridge's profile maps them (uhppoted-mqtt).
     */
    @Test
    void anEventMayNameOnlyTheDevicesItsTopicBelongsTo() throws Exception {
        String extra = "profiles:\n  acme: { topics: [\"acme/+/event\"], fields: { device: /devId, type: /code } }\n"
                + "  uhppoted:\n    builtin: uhppoted-mqtt\n    topics: [\"uhppoted/gateway/events/live\"]\n"
                + "    values: { device: { \"405419896/1\": gate-u } }\n";
        GatewayConfig config = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 2,
                extra, "  - { id: gate-u, kind: card-reader, source: mqtt }\n"
                        + "  - { id: acme-7, kind: gate, source: mqtt, profile: acme }\n"));
        TopicRoutes routes = new TopicRoutes(config, TopicRoutes.vendorProfiles());
        String own = TestConfigs.deviceTopic(1);
        assertThat(routes.deviceProblem(own, routes.match(own), "door-h-1")).isNull();
        assertThat(routes.deviceProblem(own, routes.match(own), "door-h-2")).contains("door-h-1");
        String bridge = "uhppoted/gateway/events/live";
        assertThat(routes.deviceProblem(bridge, routes.match(bridge), "gate-u")).isNull();
        assertThat(routes.deviceProblem(bridge, routes.match(bridge), "door-h-1")).contains("profile 'uhppoted'");
        assertThat(routes.deviceProblem(bridge, routes.match(bridge), "405419896/4"))
                .as("an unmapped door: not a configured device, the intake counts it unknown-device").isNull();
        assertThat(routes.deviceProblem("acme/7/event", routes.match("acme/7/event"), "acme-7")).isNull();
        assertThat(routes.deviceProblem("acme/7/event", routes.match("acme/7/event"), "gate-u")).contains("profile 'acme'");
    }
}

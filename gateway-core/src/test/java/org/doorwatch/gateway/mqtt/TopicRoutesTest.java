package org.doorwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        TopicRoutes routes = new TopicRoutes(config, TopicRoutes.noProfiles());
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
    void aConfiguredProfileNeedsAProfileParser() throws Exception {
        GatewayConfig base = TestConfigs.load(TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1));
        GatewayConfig withProfile = new GatewayConfig(base.file(), base.siteId(), base.zone(), base.mqtt(), base.storage(),
                base.http(), base.engine(), base.devices(), base.contacts(), base.channels(),
                Map.of("acme", new GatewayConfig.PayloadProfileConfig("acme", List.of("acme/+/event"), Map.of(), Map.of(), "iso")),
                base.tenants());
        assertThatThrownBy(() -> new TopicRoutes(withProfile, TopicRoutes.noProfiles()))
                .hasMessageContaining("payload profile 'acme'");
        TopicRoutes routes = new TopicRoutes(withProfile, p -> (text, device, at) ->
                org.doorwatch.drivers.json.ParsedEvent.error("vendor", p.name()));
        assertThat(routes.filters()).containsExactly("gw/test-site/devices/+/events", "acme/+/event");
        assertThat(routes.match("acme/7/event").parser().parse("{}", null, null).message()).isEqualTo("acme");
    }
}

package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config using every section loads into the typed records the other modules use. */
class ConfigLoaderTest {

    static final String FULL = """
            site: { id: shengli-road, timezone: Asia/Shanghai }
            mqtt:
              url: ssl://broker.local:8883
              username: gateway
              passwordFile: secrets/mqtt.pw
              tls: { caFile: secrets/ca.pem }
            storage: { path: db/gw.db, retain: { events: 200d, alerts: 400d, audit: 190d } }
            http: { port: 0 }
            ingest: { timestampWindow: 6h, catchUp: { quiet: 1s, max: 30s } }
            policies:
              elderly-living-alone:
                inactivity: { warning: 24h, callBack: 48h, visit: 72h }
              short:
                inactivity: { warning: 90m }
            households:
              - { id: "3-2-501", address: "3栋2单元501", policy: elderly-living-alone, tags: [elderly],
                  contacts: [{ name: 王小明, phone: "138 0000 0001" }, { phone: "+86-571-8888" }] }
              - { id: "3-2-601", address: "3栋2单元601", tags: [rental] }
              - { file: households.csv }
            tenancies:
              - { credential: "card:5A3C91", household: "3-2-601", tenant: "张三", from: 2026-03-01, until: 2026-11-30 }
              - { file: tenancies.csv }
            profiles:
              acme-v2:
                topics: ["acme/+/event"]
                fields: { device: /devId, type: /evt/code, ts: /evt/time }
                values: { type: { "1": DOOR_OPENED, "2": DOOR_CLOSED } }
                timeFormat: epoch-ms
            ports:
              - { id: bus-1, port: /dev/ttyUSB0, baud: 19200, parity: even, protocol: modbus-rtu-di, pollInterval: 100ms,
                  modules: [{ unitId: 3, functionCode: 1, inputs: [{ input: 2, device: reader-3, normallyClosed: true }] }] }
              - { id: server-1, port: "tcp://10.0.0.7:4001", protocol: ascii-line, charset: GBK,
                  regex: '(?<ts>\\d+),(?<device>\\d\\d),(?<type>[A-Z])', timeFormat: epoch-s,
                  deviceMap: { "01": gate-5 }, typeMap: { G: ACCESS_GRANTED } }
            devices:
              - { id: door-3-2-501, household: "3-2-501" }
              - { id: door-9, household: "3-2-601", source: mqtt, topic: "custom/door-9", profile: acme-v2 }
              - { id: reader-3, kind: card-reader, source: serial, port: bus-1 }
              - { id: gate-5, kind: gate, source: tcp, port: server-1 }
            rules:
              door-held-open: { heldOpenAfter: 90s }
              access-denied-burst: { count: 3, window: 5m }
              device-offline: { offlineAfter: 500ms }
              visitor-frequency: { count: 12, window: 2d }
              watch-window: { from: "22:30", to: "6:00" }
              tamper: { enabled: false }
            channels:
              police: { topic: "sr/police" }
              family-app:
                mqtt: false
                webhook: { url: "https://example.org/hook", secretFile: secrets/family.key, timeout: 5s, retryFor: 24h }
              night-desk:
                webhook: { url: "http://10.0.0.9/alerts", secretEnv: DESK_SECRET }
            routes:
              elderly-inactivity:
                WARNING: [property, family-app]
              door-forced:
                ALARM: [police, night-desk]
            templates:
              elderly-inactivity.WARNING: "{address} 已{elapsed}未开门（{lastActivity}起）"
              elderly-inactivity.reason.DOOR_OPENED: 开门
              door-forced.ALARM: "{device} 被撬"
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;
    GatewayConfig config;

    @BeforeEach
    void load() throws Exception {
        fx = new ConfigFixture(dir).env(Map.of("DESK_SECRET", "desk-key"));
        fx.write("secrets/mqtt.pw", "pw\n");
        fx.write("secrets/ca.pem", "-----BEGIN CERTIFICATE-----\n");
        fx.write("secrets/family.key", "family-key\r\n");
        fx.write("households.csv", "\uFEFFid,address,policy,tags,contact_name,contact_phone\r\n"
                + "5-1-302,5栋1单元302,elderly-living-alone,elderly;watch,\"陈, 大伟\",13800000004\r\n"
                + "6-1-101,6栋1单元101,short,,,\r\n");
        fx.write("tenancies.csv", "household,credential,from,until,tenant\n"
                + "3-2-601,card:0002,2026-12-01T00:00:00+08:00,2027-06-01T00:00:00+08:00,李四\n"
                + "3-2-601,pin:7788,,,\n");
        config = fx.load(FULL);
    }

    @Test
    void siteAndConnections() {
        assertThat(config.siteId()).isEqualTo("shengli-road");
        assertThat(config.zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(config.mqtt().embedded()).isFalse();
        assertThat(config.mqtt().url()).isEqualTo("ssl://broker.local:8883");
        assertThat(config.mqtt().username()).isEqualTo("gateway");
        assertThat(config.mqtt().passwordFile()).isEqualTo(dir.resolve("secrets/mqtt.pw"));
        assertThat(config.mqtt().tls().caFile()).isEqualTo(dir.resolve("secrets/ca.pem"));
        assertThat(config.storage().path()).isEqualTo(dir.resolve("db/gw.db"));
        assertThat(config.storage().retain()).isEqualTo(new GatewayConfig.Retention(Duration.ofDays(200),
                Duration.ofDays(400), Duration.ofDays(190)));
        assertThat(config.storage().legacyRetainKey()).isFalse();
        assertThat(config.http().port()).isZero();
        assertThat(config.ingest().timestampWindow()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(config.ingest().catchUp()).isEqualTo(new GatewayConfig.CatchUpSettings(Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
    }

    @Test
    void householdsInlineAndFromCsvWithContacts() {
        assertThat(config.engine().households()).extracting(Household::id)
                .containsExactly("3-2-501", "3-2-601", "5-1-302", "6-1-101");
        assertThat(config.engine().households().get(2))
                .isEqualTo(new Household("5-1-302", "5栋1单元302", "elderly-living-alone", List.of("elderly", "watch")));
        assertThat(config.engine().households().get(3).policy()).isEqualTo("short");
        assertThat(config.contacts().get("3-2-501")).containsExactly(
                new GatewayConfig.Contact("王小明", "138 0000 0001"), new GatewayConfig.Contact(null, "+86-571-8888"));
        assertThat(config.contacts().get("5-1-302")).containsExactly(new GatewayConfig.Contact("陈, 大伟", "13800000004"));
        assertThat(config.contacts()).doesNotContainKey("6-1-101");
        assertThat(config.engine().policies().get("short").inactivity().warning()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void tenanciesGoToTheEngineAndTenantNamesOnlyToTheGatewayConfig() {
        assertThat(config.engine().tenancies()).containsExactly(
                // A date 'from' starts that day at 00:00 site time; a date 'until' covers its whole day.
                new Tenancy("card:5A3C91", "3-2-601", Instant.parse("2026-02-28T16:00:00Z"), Instant.parse("2026-11-30T16:00:00Z")),
                new Tenancy("card:0002", "3-2-601", Instant.parse("2026-11-30T16:00:00Z"), Instant.parse("2027-05-31T16:00:00Z")),
                new Tenancy("pin:7788", "3-2-601", null, null));
        assertThat(config.tenants()).containsOnly(entry("card:5A3C91", "张三"), entry("card:0002", "李四"));
        assertThat(config.engine().toString()).doesNotContain("张三");
    }

    @Test
    void devicesWithTheirTransports() {
        assertThat(config.devices()).containsExactly(
                new GatewayConfig.DeviceConfig("door-3-2-501", "door-contact", "3-2-501", "mqtt", null, null, null),
                new GatewayConfig.DeviceConfig("door-9", "door-contact", "3-2-601", "mqtt", "custom/door-9", "acme-v2", null),
                new GatewayConfig.DeviceConfig("reader-3", "card-reader", null, "serial", null, null, "bus-1"),
                new GatewayConfig.DeviceConfig("gate-5", "gate", null, "tcp", null, null, "server-1"));
        assertThat(config.engine().devices()).hasSize(4);
    }

    @Test
    void portsAreReadIntoTheDriversSettings() {
        assertThat(config.ports()).extracting(GatewayConfig.PortConfig::id).containsExactly("bus-1", "server-1");
        GatewayConfig.PortConfig bus = config.ports().get(0);
        assertThat(bus.transport()).isEqualTo(new org.doorwatch.drivers.SerialSettings("/dev/ttyUSB0", 19200, 8,
                org.doorwatch.drivers.Parity.EVEN, org.doorwatch.drivers.StopBits.ONE));
        org.doorwatch.drivers.ModbusDiSettings modbus = (org.doorwatch.drivers.ModbusDiSettings) bus.protocol();
        assertThat(modbus.pollInterval()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(modbus.modules()).containsExactly(new org.doorwatch.drivers.ModbusModule(3, 1, 0,
                java.util.List.of(new org.doorwatch.drivers.InputBinding(2, "reader-3", true))));

        GatewayConfig.PortConfig server = config.ports().get(1);
        assertThat(server.transport()).isEqualTo(new org.doorwatch.drivers.TcpEndpoint("10.0.0.7", 4001));
        org.doorwatch.drivers.AsciiLineSettings line = (org.doorwatch.drivers.AsciiLineSettings) server.protocol();
        assertThat(line.deviceMap()).containsEntry("01", "gate-5");
        assertThat(line.typeMap()).containsEntry("G", EventType.ACCESS_GRANTED);
        assertThat(line.timestampFormat()).isEqualTo(org.doorwatch.drivers.AsciiLineSettings.EPOCH_SECONDS);
        assertThat(line.charset().name()).isEqualTo("GBK");
        assertThat(line.zone()).isEqualTo(config.zone());
    }

    @Test
    void profilesMapVendorJson() {
        GatewayConfig.PayloadProfileConfig p = config.profiles().get("acme-v2");
        assertThat(p.topics()).containsExactly("acme/+/event");
        assertThat(p.fields()).containsEntry("type", "/evt/code");
        assertThat(p.values().get("type")).containsEntry("1", "DOOR_OPENED");
        DoorEvent e = p.toProfile().parse("{\"devId\":\"door-9\",\"evt\":{\"code\":2,\"time\":1795306500000}}",
                config.zone(), null, null).event();
        assertThat(e).isEqualTo(DoorEvent.device(Instant.parse("2026-11-22T00:15:00Z"), "door-9", EventType.DOOR_CLOSED));
    }

    @Test
    void theBuiltInProfileOfFullYmlReadsUhppotedMqttEvents() throws Exception {
        GatewayConfig full = ConfigLoader.load(java.nio.file.Path.of("../config/examples/full.yml"));
        GatewayConfig.PayloadProfileConfig p = full.profiles().get("uhppoted");
        assertThat(p.builtin()).isEqualTo("uhppoted-mqtt");
        assertThat(p.topics()).containsExactly("uhppoted/gateway/events/live");
        String message = "{\"message\":{\"event\":{\"event\":{\"device-id\":405419897,\"event-id\":3,\"event-type\":1,"
                + "\"access-granted\":true,\"door-id\":1,\"direction\":1,\"card-number\":8165538,"
                + "\"timestamp\":\"2026-11-22 08:15:00 CST\",\"event-reason\":1}}}}";
        DoorEvent e = p.toProfile().parse(message, full.zone(), null, null).event();
        assertThat(e).isEqualTo(new DoorEvent(Instant.parse("2026-11-22T00:15:00Z"), "gate-8", EventType.ACCESS_GRANTED, null,
                "card:8165538", org.doorwatch.domain.Direction.IN, null, null));
        assertThat(full.devices()).anyMatch(d -> d.id().equals("gate-8"));
    }

    @Test
    void ruleParameters() {
        var r = config.engine().rules();
        assertThat(r.heldOpenAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(r.deniedBurstCount()).isEqualTo(3);
        assertThat(r.deniedBurstWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.offlineAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(r.visitorCount()).isEqualTo(12);
        assertThat(r.visitorWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(r.watchFrom()).isEqualTo(LocalTime.of(22, 30));
        assertThat(r.watchTo()).isEqualTo(LocalTime.of(6, 0));
        assertThat(r.disabled()).containsExactly("tamper");
    }

    @Test
    void channelsWithTopicsWebhooksAndSecrets() {
        assertThat(config.engine().channels()).containsExactly("property", "community", "police", "family-app", "night-desk");
        assertThat(config.alertTopic("police")).isEqualTo("sr/police");
        assertThat(config.alertTopic("property")).isEqualTo("gw/shengli-road/alerts/property");
        GatewayConfig.ChannelConfig family = config.channel("family-app");
        assertThat(family.mqtt()).isFalse();
        assertThat(family.webhook().url().toString()).isEqualTo("https://example.org/hook");
        assertThat(family.webhook().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(family.webhook().retryFor()).isEqualTo(Duration.ofHours(24));
        assertThat(new String(family.webhook().secret().value(), StandardCharsets.UTF_8)).isEqualTo("family-key");
        assertThat(family.webhook().secret().source()).isEqualTo("file secrets/family.key");
        GatewayConfig.ChannelConfig desk = config.channel("night-desk");
        assertThat(desk.mqtt()).isTrue();
        assertThat(new String(desk.webhook().secret().value(), StandardCharsets.UTF_8)).isEqualTo("desk-key");
        assertThat(desk.webhook().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(desk.webhook().retryFor()).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void routesOverrideTheDefaultsStageByStage() {
        var routes = config.engine().routes();
        assertThat(routes.channels("elderly-inactivity", Stage.WARNING)).containsExactly("property", "family-app");
        assertThat(routes.channels("elderly-inactivity", Stage.CALL_BACK)).containsExactly("property", "community");
        assertThat(routes.channels("door-forced", Stage.ALARM)).containsExactly("police", "night-desk");
        assertThat(routes.channels("tamper", Stage.ALARM)).containsExactly("property");
    }

    @Test
    void templatesOverrideTheChineseDefaults() {
        var t = config.engine().templates();
        assertThat(t.template("elderly-inactivity.WARNING")).isEqualTo("{address} 已{elapsed}未开门（{lastActivity}起）");
        assertThat(t.template("elderly-inactivity.CALL_BACK")).isEqualTo("{address} 已{elapsed}未开门，请电话回访");
        assertThat(t.template("elderly-inactivity.reason.DOOR_OPENED")).isEqualTo("开门");
        assertThat(t.template("door-forced.ALARM")).isEqualTo("{device} 被撬");
    }

    @Test
    void sourcesAreEveryFileReadForTheReloaderToWatch() {
        assertThat(config.sources()).containsExactlyInAnyOrder(
                dir.resolve("gateway.yml"), dir.resolve("households.csv"), dir.resolve("tenancies.csv"),
                dir.resolve("secrets/mqtt.pw"), dir.resolve("secrets/ca.pem"), dir.resolve("secrets/family.key"));
    }

    @Test
    void aMinimalConfigGetsEveryDefault() throws Exception {
        GatewayConfig c = fx.load("site: { id: tiny }\n");
        assertThat(c.zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(c.mqtt().embedded()).isTrue();
        assertThat(c.mqtt().embeddedPort()).isEqualTo(1883);
        assertThat(c.storage().path()).isEqualTo(dir.resolve("data/gateway.db"));
        assertThat(c.storage().retain()).isEqualTo(GatewayConfig.Retention.DEFAULT);
        assertThat(c.storage().retain().events()).isEqualTo(Duration.ofDays(180));
        assertThat(c.storage().retain().alerts()).isEqualTo(Duration.ofDays(365));
        assertThat(c.storage().retain().audit()).isEqualTo(Duration.ofDays(365));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.ingest().timestampWindow()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(c.ingest().catchUp()).isEqualTo(GatewayConfig.CatchUpSettings.DEFAULT);
        assertThat(c.engine().rules()).isEqualTo(org.doorwatch.domain.RuleSettings.defaults());
        assertThat(c.engine().routes().table()).isEqualTo(org.doorwatch.domain.Routes.defaultRoutes().table());
        assertThat(c.engine().channels()).containsExactly("property", "community", "police");
        assertThat(c.channels()).allSatisfy(ch -> assertThat(ch.webhook()).isNull());
    }

    @Test
    void theOlderRetainEventsDaysIsStillRead() throws Exception {
        GatewayConfig c = fx.load("site: { id: tiny }\nstorage: { retainEventsDays: 200 }\n");
        assertThat(c.storage().retain().events()).isEqualTo(Duration.ofDays(200));
        assertThat(c.storage().retain().alerts()).isEqualTo(Duration.ofDays(365));
        assertThat(c.storage().legacyRetainKey()).isTrue();
    }

    @Test
    void shorterRetentionOfEventsAndAlertsWhenExplicitlyAllowed() throws Exception {
        GatewayConfig c = fx.load("site: { id: tiny }\nstorage:\n  retain: { events: 30d, alerts: 7d, allowBelow180d: true }\n");
        assertThat(c.storage().retain()).isEqualTo(new GatewayConfig.Retention(Duration.ofDays(30), Duration.ofDays(7),
                Duration.ofDays(365)));
    }

    /**
     * A character outside the BMP (an emoji, or a rare Chinese character of CJK Extension B, which
     * occur in names and addresses) where SnakeYAML Engine's 1,024-character read buffer ends: its
     * StreamReader threw IndexOutOfBoundsException out of the loader (found by scripts/fuzz config).
     * Every position around the boundary must load.
     */
    @Test
    void aCharacterOutsideTheBmpAtTheReadBufferBoundaryLoads() throws Exception {
        for (int pad = 960; pad < 1030; pad++) {
            String yaml = "site: { id: tiny }\nhouseholds:\n  - { id: \"1-1-101\", address: \"" + "x".repeat(pad)
                    + "\ud840\udc0b".repeat(20) + "街1号\" }\n";
            GatewayConfig c = fx.load(yaml);
            assertThat(c.engine().households()).as("pad %d", pad).hasSize(1);
        }
    }
}

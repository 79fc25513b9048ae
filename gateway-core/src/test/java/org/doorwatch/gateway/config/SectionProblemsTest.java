package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes specific to the newer sections: profiles, ports, devices, rules, channels, routes, templates, mqtt. */
class SectionProblemsTest {

    static final String SITE = "site: { id: test-site }\n";

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void profiles() throws Exception {
        assertThat(fx.problems(SITE + """
                profiles:
                  acme:
                    topics: ["acme/#/event", "ok/+"]
                    fields: { device: devId, type: /evt/code, colour: /c }
                    values: { type: { "1": OPENED, "2": AWAY }, ts: { "0": x } }
                    timeFormat: dd.MM.yyyy
                  bare: { timeFormat: epoch-s }
                """)).containsExactly(
                "gateway.yml:4:14: profiles.acme.topics: 'acme/#/event': '#' must be a whole level and the last one",
                "gateway.yml:5:23: profiles.acme.fields.device: 'devId' is not a JSON Pointer; expected a path starting with '/', e.g. /evt/code",
                "gateway.yml:5:47: profiles.acme.fields: unknown field 'colour'; expected one of ts, device, type, household, credential, direction",
                "gateway.yml:6:28: profiles.acme.values.type.1: 'OPENED' is not an event type; expected one of DOOR_OPENED, DOOR_CLOSED, "
                        + "ACCESS_GRANTED, ACCESS_DENIED, VISITOR_CALL, VISITOR_ADMITTED, DOOR_FORCED, DOOR_HELD_OPEN, TAMPER, HEARTBEAT, DEVICE_FAULT",
                "gateway.yml:6:41: profiles.acme.values.type.2: 'AWAY' is a staff action, which devices cannot report; expected one of DOOR_OPENED, "
                        + "DOOR_CLOSED, ACCESS_GRANTED, ACCESS_DENIED, VISITOR_CALL, VISITOR_ADMITTED, DOOR_FORCED, DOOR_HELD_OPEN, TAMPER, HEARTBEAT, DEVICE_FAULT",
                "gateway.yml:6:49: profiles.acme.values: timestamps are not renamed; use timeFormat",
                "gateway.yml:7:17: profiles.acme.timeFormat: 'dd.MM.yyyy' does not give a date and a time of day; expected e.g. yyyy-MM-dd HH:mm:ss",
                "gateway.yml:8:9: profiles.bare: missing key 'fields'; expected the JSON Pointer of each field, at least type, e.g. fields: { type: /evt/code }");
    }

    @Test
    void deviceTransports() throws Exception {
        assertThat(fx.problems(SITE + """
                profiles:
                  acme-v2: { fields: { type: /t } }
                ports:
                  - { id: bus-1, port: /dev/ttyUSB0, protocol: ascii-line, regex: '(?<device>..),(?<type>.)' }
                  - { port: /dev/ttyUSB1 }
                devices:
                  - { id: d1, source: mqtt, port: bus-1 }
                  - { id: d2, source: serial, topic: a/b, profile: acme-v2 }
                  - { id: d3, source: tcp, port: bus-2 }
                  - { id: d4, topic: "x/+/y", profile: acme-v3 }
                  - { id: d5, topic: same/topic }
                  - { id: d6, topic: same/topic }
                  - { id: "door 7" }
                """)).containsExactly(
                "gateway.yml:6:5: ports[1]: missing key 'id'; expected a port id such as bus-1, used by devices' 'port'",
                "gateway.yml:8:29: devices[0].port: only serial and tcp devices hang on a port; this device's source is mqtt",
                "gateway.yml:9:5: devices[1]: missing key 'port'; expected the id of the entry in 'ports:' this serial device hangs on",
                "gateway.yml:9:31: devices[1].topic: only mqtt devices have a topic; this device's source is serial",
                "gateway.yml:9:43: devices[1].profile: only mqtt devices have a profile; this device's source is serial",
                "gateway.yml:10:34: devices[2].port: unknown port 'bus-2' (did you mean 'bus-1'?); known: bus-1",
                "gateway.yml:11:22: devices[3].topic: 'x/+/y' contains a wildcard (+ or #); expected a plain topic",
                "gateway.yml:11:40: devices[3].profile: unknown profile 'acme-v3' (did you mean 'acme-v2'?); known: acme-v2",
                "gateway.yml:13:22: devices[5].topic: topic 'same/topic' is already device 'd5''s; each device needs its own topic",
                "gateway.yml:14:11: devices[6].id: 'door 7' is not a valid device id; expected letters, digits, '-', '_', '.' or ':' (it is used in MQTT topics)");
    }

    @Test
    void rules() throws Exception {
        assertThat(fx.problems(SITE + """
                rules:
                  door-forced: { enabled: no }
                  door-held-open: { heldOpenAfter: 2 minutes }
                  access-denied-burst: { count: 0 }
                  watch-window: { from: "23:00", to: "25:00" }
                  elderly-inactivity: { enabled: false }
                  visitor-frequncy: {}
                """)).containsExactly(
                "gateway.yml:3:27: rules.door-forced.enabled: expected true or false, found 'no'",
                "gateway.yml:4:36: rules.door-held-open.heldOpenAfter: bad duration '2 minutes'; expected a whole number with s, m, h or d (e.g. 30s, 10m, 36h, 3d; ms also accepted)",
                "gateway.yml:5:33: rules.access-denied-burst.count: 0 is out of range; expected a whole number from 1 to 1000000",
                "gateway.yml:6:38: rules.watch-window.to: '25:00' is not a time of day; expected HH:mm in the site's time zone, e.g. \"23:00\"",
                "gateway.yml:7:3: rules: unknown rule 'elderly-inactivity'; its thresholds are set per policy (policies.<name>.inactivity)",
                "gateway.yml:8:3: rules: unknown rule 'visitor-frequncy' (did you mean 'visitor-frequency'?); known: door-forced, door-held-open, "
                        + "tamper, access-denied-burst, device-offline, visitor-frequency, tenant-expired, watch-window");
    }

    @Test
    void channels() throws Exception {
        fx.write("hook.key", "  \n");
        assertThat(fx.problems(SITE + """
                channels:
                  Family: { topic: a }
                  silent: { mqtt: false }
                  both: { webhook: { url: "https://e.org/h", secretFile: hook.key, secretEnv: X } }
                  empty: { webhook: { url: "https://e.org/h", secretFile: hook.key } }
                  ftp: { webhook: { url: "ftp://e.org/h?token=abc", secretEnv: X } }
                  userinfo: { webhook: { url: "https://me:pw@e.org/h", secretEnv: X } }
                  copy: { topic: gw/test-site/alerts/police }
                """)).containsExactly(
                "gateway.yml:3:3: channels: 'Family' is not a valid channel id; expected lowercase letters, digits and '-' (it is used in MQTT topics)",
                "gateway.yml:4:13: channels.silent.mqtt: with mqtt false and no webhook this channel delivers nowhere; add a webhook or remove 'mqtt: false'",
                "gateway.yml:5:68: channels.both.webhook: give either secretFile or secretEnv, not both",
                "gateway.yml:6:59: channels.empty.webhook.secretFile: 'hook.key' is empty; expected the signing secret",
                "gateway.yml:7:26: channels.ftp.webhook.url: 'ftp://e.org/h?…' is not a web address; expected an http:// or https:// address, e.g. https://example.org/hook",
                "gateway.yml:7:64: channels.ftp.webhook.secretEnv: environment variable X is not set",
                "gateway.yml:8:31: channels.userinfo.webhook.url: a password in the address would be printed and logged; put the secret in secretFile or secretEnv",
                "gateway.yml:8:67: channels.userinfo.webhook.secretEnv: environment variable X is not set",
                "gateway.yml:9:18: channels.copy: topic 'gw/test-site/alerts/police' is also channel 'police''s; each channel needs its own topic");
    }

    @Test
    void routes() throws Exception {
        assertThat(fx.problems(SITE + """
                routes:
                  elderly-inactivity:
                    WARNIGN: [property]
                    RESOLVED: [police]
                    VISIT: []
                  door-forced:
                    NOTICE: [police]
                  doorforced: { ALARM: [police] }
                """)).containsExactly(
                "gateway.yml:4:5: routes.elderly-inactivity.WARNIGN: unknown stage 'WARNIGN' for elderly-inactivity (did you mean 'WARNING'?); expected WARNING, CALL_BACK, VISIT",
                "gateway.yml:5:5: routes.elderly-inactivity.RESOLVED: RESOLVED is not routed: it goes to every channel that got a stage of the episode it ends",
                "gateway.yml:6:12: routes.elderly-inactivity.VISIT: no channels; an alert routed nowhere is lost. Expected a list such as [property] (to drop a stage, leave it out of the policy)",
                "gateway.yml:8:5: routes.door-forced.NOTICE: unknown stage 'NOTICE' for door-forced; expected ALARM",
                "gateway.yml:9:3: routes: unknown rule 'doorforced' (did you mean 'door-forced'?); known: elderly-inactivity, door-forced, door-held-open, "
                        + "tamper, access-denied-burst, device-offline, visitor-frequency, tenant-expired, watch-window");
    }

    @Test
    void templates() throws Exception {
        assertThat(fx.problems(SITE + """
                templates:
                  elderly-inactivity.WARNING: "{adress} 已{elapsed}未开门"
                  elderly-inactivity.RESOLVED: "{address} {stage}解除"
                  elderly-inactivity.reason.AWAY: "外出{until}"
                  elderly-inactivity.WARN: "x"
                  door-forced.ALARM: "{anything} goes: the rule defines its own placeholders"
                  door-forced.WARNING: "x"
                  elderly-inactivity.VISIT: ""
                """)).containsExactly(
                "gateway.yml:3:31: templates.elderly-inactivity.WARNING: unknown placeholder {adress} (did you mean 'address'?); "
                        + "expected {address}, {elapsed}, {household}, {lastActivity}, {stage}",
                "gateway.yml:4:32: templates.elderly-inactivity.RESOLVED: unknown placeholder {stage}; "
                        + "expected {address}, {elapsed}, {household}, {lastActivity}, {reason}",
                "gateway.yml:5:35: templates.elderly-inactivity.reason.AWAY: unknown placeholder {until}; this text takes no placeholders",
                "gateway.yml:6:3: templates: unknown key 'elderly-inactivity.WARN' (did you mean 'elderly-inactivity.WARNING'?); expected <rule>.<STAGE> "
                        + "such as elderly-inactivity.WARNING or door-forced.ALARM, or elderly-inactivity.reason.<EVENT>",
                "gateway.yml:8:3: templates: unknown key 'door-forced.WARNING' (did you mean 'door-forced.ALARM'?); expected <rule>.<STAGE> "
                        + "such as elderly-inactivity.WARNING or door-forced.ALARM, or elderly-inactivity.reason.<EVENT>",
                "gateway.yml:9:29: templates.elderly-inactivity.VISIT: empty text; expected the message staff see, e.g. \"{address} 已{elapsed}未开门\"");
    }

    @Test
    void mqtt() throws Exception {
        assertThat(fx.problems(SITE + """
                mqtt:
                  embedded: { port: 1884 }
                  url: mqtt://broker
                  passwordFile: pw.txt
                  tls: { certFile: c.pem }
                """)).containsExactly(
                "gateway.yml:4:3: mqtt: give either 'embedded' or 'url', not both",
                "gateway.yml:4:8: mqtt.url: 'mqtt://broker' is not a broker address; expected tcp://HOST:PORT or ssl://HOST:PORT (also ws://, wss://)",
                "gateway.yml:5:3: mqtt.passwordFile: a password needs 'username' (MQTT sends no password without one)",
                "gateway.yml:5:17: mqtt.passwordFile: cannot read 'pw.txt': no such file",
                "gateway.yml:6:3: mqtt.tls: TLS files need an ssl:// or wss:// url, found 'mqtt://broker'",
                "gateway.yml:6:8: mqtt.tls: a client certificate needs both certFile and keyFile",
                "gateway.yml:6:20: mqtt.tls.certFile: cannot read 'c.pem': no such file");
    }

    @Test
    void mqttLoginWithTheEmbeddedBroker() throws Exception {
        assertThat(fx.problems(SITE + """
                mqtt:
                  username: gw
                """)).containsExactly(
                "gateway.yml:3:3: mqtt.username: only used with 'url' (an external broker); the embedded broker's "
                        + "accounts are in mqtt.embedded.usersFile and its TLS files in mqtt.embedded.tls");
    }

    @Test
    void embeddedBrokerSettings() throws Exception {
        assertThat(fx.problems(SITE + """
                mqtt:
                  embedded: { host: every-interface, maxMessageBytes: 10, allowAnonymous: yes }
                http: { host: 10.0.0.300 }
                channels:
                  property: { readers: ["bad:name"] }
                """)).containsExactly(
                "gateway.yml:3:21: mqtt.embedded.host: 'every-interface' is not an IP address; expected e.g. 0.0.0.0 "
                        + "(every interface), 127.0.0.1 (this machine only) or the address of one interface",
                "gateway.yml:3:55: mqtt.embedded.maxMessageBytes: 10 is out of range; expected a whole number from 1024 to 16777216",
                "gateway.yml:3:75: mqtt.embedded.allowAnonymous: expected true or false, found 'yes'",
                "gateway.yml:4:15: http.host: '10.0.0.300' is not an IP address; expected e.g. 0.0.0.0 "
                        + "(every interface), 127.0.0.1 (this machine only) or the address of one interface",
                "gateway.yml:6:24: channels.property.readers: 'bad:name' is not a valid MQTT account name; "
                        + "expected letters, digits, '.', '_' or '-' (a device account is named like its device; no ':')");
    }

    @Test
    void embeddedBrokerTlsAndReservedAccount() throws Exception {
        assertThat(fx.problems(SITE + """
                mqtt:
                  embedded: { tls: { port: 1883 } }
                channels:
                  property: { readers: [doorwatch-gateway] }
                """)).containsExactly(
                "gateway.yml:3:20: mqtt.embedded.tls: missing key 'certFile'; expected a PEM certificate (chain) file",
                "gateway.yml:3:20: mqtt.embedded.tls: missing key 'keyFile'; expected a PEM private key file (PKCS#8)",
                "gateway.yml:3:28: mqtt.embedded.tls.port: 1883 is also the plain MQTT port; give the TLS listener its own (8883 is the usual)",
                "gateway.yml:5:24: channels.property.readers: 'doorwatch-gateway' is the gateway's own account; "
                        + "receivers need their own (scripts/gateway add-mqtt-user NAME)");
    }
}

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
    void builtInProfiles() throws Exception {
        assertThat(fx.problems(SITE + """
                profiles:
                  a: { builtin: uhppoted-mqt, topics: [uhppoted/gateway/events/live] }
                  b: { builtin: uhppoted-mqtt, fields: { type: /t }, timeFormat: epoch-s, topics: [x] }
                  c: { builtin: uhppoted-mqtt }
                  d: { builtin: uhppoted-mqtt, topics: [x], values: { type: { "3/39": FIRE }, ts: { "1": x } } }
                """)).containsExactly(
                "gateway.yml:3:17: profiles.a.builtin: unknown built-in profile 'uhppoted-mqt'; expected one of uhppoted-mqtt"
                        + " (did you mean 'uhppoted-mqtt'?)",
                "gateway.yml:4:32: profiles.b.fields: the built-in profile 'uhppoted-mqtt' reads its own fields and times; remove 'fields'",
                "gateway.yml:4:54: profiles.b.timeFormat: the built-in profile 'uhppoted-mqtt' reads its own fields and times; remove 'timeFormat'",
                "gateway.yml:5:6: profiles.c: missing key 'topics'; expected the topics uhppoted-mqtt publishes its events to, "
                        + "e.g. topics: [uhppoted/gateway/events/live]",
                "gateway.yml:6:71: profiles.d.values.type.3/39: 'FIRE' is not an event type; expected one of DOOR_OPENED, DOOR_CLOSED, "
                        + "ACCESS_GRANTED, ACCESS_DENIED, VISITOR_CALL, VISITOR_ADMITTED, DOOR_FORCED, DOOR_HELD_OPEN, TAMPER, HEARTBEAT, DEVICE_FAULT",
                "gateway.yml:6:79: profiles.d.values: timestamps are not renamed; use timeFormat");
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
                "gateway.yml:8:29: devices[0].port: only serial, tcp and udp devices hang on a port; this device's source is mqtt",
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
                        + "tamper, access-denied-burst, device-offline, visitor-frequency, tenant-expired, watch-window, routine-deviation");
    }

    @Test
    void routine() throws Exception {
        assertThat(fx.problems(SITE + """
                policies:
                  a:
                    routine: { learnDays: 3, minDays: zero, margins: {} }
                  b:
                    routine: { learnDays: 8, minDays: 7, margin: { min: 1 hour, fraction: half, later: 13h, max: 2h } }
                  c:
                    routine: { margin: { fraction: 11, later: -1h } }
                  d:
                    routine: on
                rules:
                  routine-deviation: { enabled: false, minDays: 3 }
                """)).containsExactly(
                "gateway.yml:4:27: policies.a.routine.learnDays: 3 is out of range; expected a whole number from 4 to 1020",
                "gateway.yml:4:39: policies.a.routine.minDays: expected a whole number from 1 to 1020, found 'zero'",
                "gateway.yml:4:45: unknown key 'margins' in 'policies.a.routine' (did you mean 'margin'?)",
                "gateway.yml:6:39: policies.b.routine.minDays: 7 is more than the learning window always holds; expected at most 6 "
                        + "for learnDays 8 (the window keeps 4 buckets of 2 days and always has 3 of them)",
                "gateway.yml:6:57: policies.b.routine.margin.min: bad duration '1 hour'; expected a whole number with s, m, h or d "
                        + "(e.g. 30s, 10m, 36h, 3d; ms also accepted), or 0s for none",
                "gateway.yml:6:75: policies.b.routine.margin.fraction: expected a number from 0 to 10 such as 0.5, found 'half'",
                "gateway.yml:6:88: policies.b.routine.margin.later: 13h is too long; expected at most 12h",
                "gateway.yml:6:93: unknown key 'max' in 'policies.b.routine.margin'; expected one of: fraction, later, min",
                "gateway.yml:8:36: policies.c.routine.margin.fraction: 11 is out of range; expected a number from 0 to 10 (0.5: half the longest silence learned)",
                "gateway.yml:8:47: policies.c.routine.margin.later: bad duration '-1h'; expected a whole number with s, m, h or d "
                        + "(e.g. 30s, 10m, 36h, 3d; ms also accepted), or 0s for none",
                "gateway.yml:10:14: policies.d.routine: expected a mapping of keys, found 'on'",
                "gateway.yml:12:40: unknown key 'minDays' in 'rules.routine-deviation'; expected one of: enabled");
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
                        + "tamper, access-denied-burst, device-offline, visitor-frequency, tenant-expired, watch-window, routine-deviation");
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

    @Test
    void retentionBelowTheLegalMinimumIsRefusedWhereItIsWritten() throws Exception {
        assertThat(fx.problems(SITE + """
                storage:
                  retain: { events: 90d, alerts: 30d, audit: 100d, emails: 3d }
                """)).containsExactly(
                "gateway.yml:3:21: storage.retain.events: 90d is less than 180 days: GB 50396 asks for at least 180 "
                        + "days of access records; keep 180d or more, or add 'allowBelow180d: true' to storage.retain "
                        + "where the site is not bound by it (a test bench)",
                "gateway.yml:3:34: storage.retain.alerts: 30d is less than 180 days: alerts are the record of what "
                        + "staff and police were told; keep 180d or more, or add 'allowBelow180d: true' to "
                        + "storage.retain where the site is not bound by it (a test bench)",
                "gateway.yml:3:46: storage.retain.audit: 100d is less than 180 days: the audit log keeps at least six "
                        + "months (China's Cybersecurity Law, art. 21), and its trigger refuses to delete younger rows "
                        + "whatever the config says; expected 180d or more",
                "gateway.yml:3:52: unknown key 'emails' in 'storage.retain'; expected one of: alerts, allowBelow180d, "
                        + "audit, events");
    }

    @Test
    void theOverrideLiftsTheFloorForEventsAndAlertsButNeverForTheAuditLog() throws Exception {
        assertThat(fx.problems(SITE + """
                storage:
                  retain: { events: 30d, alerts: 30d, audit: 30d, allowBelow180d: true }
                """)).containsExactly(
                "gateway.yml:3:46: storage.retain.audit: 30d is less than 180 days: the audit log keeps at least six "
                        + "months (China's Cybersecurity Law, art. 21), and its trigger refuses to delete younger rows "
                        + "whatever the config says; expected 180d or more");
    }

    @Test
    void theOlderRetainEventsDaysHasTheSameFloorAndNotBesideItsNewSpelling() throws Exception {
        assertThat(fx.problems(SITE + """
                storage:
                  retainEventsDays: 30
                  retain: { events: 200d, alerts: 1h }
                """)).containsExactly(
                "gateway.yml:3:3: storage.retainEventsDays: give either it or retain.events (its newer spelling), not both",
                "gateway.yml:3:21: storage.retainEventsDays: 30d is less than 180 days: GB 50396 asks for at least 180 "
                        + "days of access records (storage.retainEventsDays is the older spelling of "
                        + "storage.retain.events); keep 180d or more, or add 'allowBelow180d: true' to storage.retain "
                        + "where the site is not bound by it (a test bench)",
                "gateway.yml:4:35: storage.retain.alerts: 1h is less than a day; expected a duration such as 180d or 365d");
    }
}

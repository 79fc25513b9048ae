package org.doorwatch.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.doorwatch.domain.HouseholdGlob;
import org.doorwatch.drivers.json.PayloadProfile;
import org.doorwatch.rules.EngineConfig;

/**
 * The whole site configuration, parsed once, validated all at once, then frozen.
 *
 * @param file     the config file it was read from
 * @param siteId   {@code site.id}, used in topics and alert ids
 * @param zone     {@code site.timezone}
 * @param mqtt     broker settings
 * @param storage  SQLite settings
 * @param http     HTTP server settings
 * @param engine   what the rule engine needs (policies, households, devices, routes ...)
 * @param devices  devices with their transport details
 * @param contacts household contacts by household id: personal data, shown only to roles
 *                 that need it and never logged
 * @param channels every alert channel (the three built-ins first), with its MQTT topic and
 *                 optional webhook
 * @param profiles MQTT payload profiles by name, mapping vendor JSON to door events
 * @param tenants  tenant names by credential: personal data for the police view only
 * @param ports    serial lines and device servers ({@code ports:}), in config order
 * @param sources  every file the config was read from (the YAML, CSVs, secret, password and
 *                 TLS files), absolute; the reloader watches them
 * @param people   {@code people:}, the roles routes name, rosters, quiet hours and re-notification
 *                 (SPEC section 8); names and phones are personal data
 */
public record GatewayConfig(
        Path file,
        String siteId,
        ZoneId zone,
        MqttSettings mqtt,
        StorageSettings storage,
        HttpSettings http,
        EngineConfig engine,
        List<DeviceConfig> devices,
        Map<String, List<Contact>> contacts,
        List<ChannelConfig> channels,
        Map<String, PayloadProfileConfig> profiles,
        Map<String, String> tenants,
        List<PortConfig> ports,
        Set<Path> sources,
        PeopleConfig people,
        IngestSettings ingest) {

    public GatewayConfig {
        Objects.requireNonNull(people, "people");
        Objects.requireNonNull(ingest, "ingest");
        devices = List.copyOf(devices);
        contacts = Map.copyOf(contacts);
        channels = List.copyOf(channels);
        profiles = Map.copyOf(profiles);
        tenants = Map.copyOf(tenants);
        ports = List.copyOf(ports);
        sources = Collections.unmodifiableSet(new LinkedHashSet<>(sources));
    }

    /** A config without people (tests, tools). */
    public GatewayConfig(Path file, String siteId, ZoneId zone, MqttSettings mqtt, StorageSettings storage,
                         HttpSettings http, EngineConfig engine, List<DeviceConfig> devices,
                         Map<String, List<Contact>> contacts, List<ChannelConfig> channels,
                         Map<String, PayloadProfileConfig> profiles, Map<String, String> tenants,
                         List<PortConfig> ports, Set<Path> sources) {
        this(file, siteId, zone, mqtt, storage, http, engine, devices, contacts, channels, profiles, tenants, ports,
                sources, PeopleConfig.none(zone), IngestSettings.DEFAULT);
    }

    /** A config without ports, read from {@code file} alone (tests, tools). */
    public GatewayConfig(Path file, String siteId, ZoneId zone, MqttSettings mqtt, StorageSettings storage,
                         HttpSettings http, EngineConfig engine, List<DeviceConfig> devices,
                         Map<String, List<Contact>> contacts, List<ChannelConfig> channels,
                         Map<String, PayloadProfileConfig> profiles, Map<String, String> tenants) {
        this(file, siteId, zone, mqtt, storage, http, engine, devices, contacts, channels, profiles, tenants,
                List.of(), Set.of(file.toAbsolutePath().normalize()));
    }

    /** The channel {@code id}, or null when there is none. */
    public ChannelConfig channel(String id) {
        for (ChannelConfig c : channels) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** The MQTT topic that alerts of {@code channel} are published to (SPEC section 5). */
    public String alertTopic(String channel) {
        for (ChannelConfig c : channels) {
            if (c.id().equals(channel) && c.topic() != null) {
                return c.topic();
            }
        }
        return "gw/" + siteId + "/alerts/" + channel;
    }

    /**
     * The payload profiles {@code device} publishes through: the one it names ({@code profile:}),
     * and every profile whose {@code values.device} maps a vendor's id to it (a bridge such as
     * uhppoted-mqtt publishes for its devices on the profile's topics; they name no profile).
     * Config order; empty for a device of the default profile.
     */
    public List<String> profilesOf(DeviceConfig device) {
        List<String> out = new ArrayList<>();
        if (device.profile() != null && profiles.containsKey(device.profile())) {
            out.add(device.profile());
        }
        profiles.forEach((name, p) -> {
            if (!out.contains(name) && p.namesDevice(device.id())) {
                out.add(name);
            }
        });
        return out;
    }

    /** The topic devices publish default-profile events to: {@code gw/<site>/devices/+/events}. */
    public String deviceEventsFilter() {
        return "gw/" + siteId + "/devices/+/events";
    }

    /** The retained status topic: {@code gw/<site>/status}. */
    public String statusTopic() {
        return "gw/" + siteId + "/status";
    }

    /**
     * MQTT: the embedded broker ({@code embedded}), or an external one at {@code url}.
     *
     * @param broker       the in-process broker's settings, or null when {@code url} is used
     * @param url          e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
     * @param username     for the external broker, or null
     * @param passwordFile file holding the password (never the password itself), or null
     * @param tls          TLS files for the external broker, or null
     */
    public record MqttSettings(EmbeddedBrokerSettings broker, String url, String username, Path passwordFile,
                               TlsFiles tls) {
        public boolean embedded() {
            return url == null;
        }

        /** The embedded broker's plain MQTT port, or null with an external broker. */
        public Integer embeddedPort() {
            return broker == null ? null : broker.port();
        }
    }

    /**
     * The embedded broker ({@code mqtt.embedded}, SPEC 10).
     *
     * @param host            the address its listeners bind ({@code 0.0.0.0}: every interface)
     * @param port            plain MQTT; 0 picks a free one
     * @param usersFile       the MQTT accounts ({@code name:$7$...} lines, {@code gateway add-mqtt-user})
     * @param allowAnonymous  a lab switch: clients without an account may connect
     * @param maxMessageBytes the largest MQTT packet the broker takes; a bigger one is refused
     *                        (the sender is disconnected) and counted
     * @param tls             PEM certificate and key for MQTT over TLS, or null
     * @param tlsPort         the TLS listener's port (when {@code tls} is given)
     */
    public record EmbeddedBrokerSettings(String host, int port, Path usersFile, boolean allowAnonymous,
                                         int maxMessageBytes, TlsFiles tls, int tlsPort) {
        public static final String DEFAULT_HOST = "0.0.0.0";
        public static final int DEFAULT_PORT = 1883;
        public static final int DEFAULT_TLS_PORT = 8883;
        public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

        public EmbeddedBrokerSettings {
            Objects.requireNonNull(host, "host");
        }

        /** Plain MQTT on {@code port}, every interface, no accounts file, anonymous clients allowed (tests, tools). */
        public static EmbeddedBrokerSettings lab(int port) {
            return new EmbeddedBrokerSettings(DEFAULT_HOST, port, null, true, DEFAULT_MAX_MESSAGE_BYTES, null,
                    DEFAULT_TLS_PORT);
        }
    }

    /** PEM files for TLS; any may be null. */
    public record TlsFiles(Path caFile, Path certFile, Path keyFile) {}

    /**
     * @param path            the SQLite file
     * @param retain          how long each kind of record is kept ({@code storage.retain})
     * @param legacyRetainKey the config gave the journal's retention as {@code storage.retainEventsDays},
     *                        the older spelling of {@code storage.retain.events} (still read; the summary
     *                        and the start-up log say so)
     */
    public record StorageSettings(Path path, Retention retain, boolean legacyRetainKey) {
        public StorageSettings {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(retain, "retain");
        }

        /** The default retention (tests, tools). */
        public StorageSettings(Path path) {
            this(path, Retention.DEFAULT, false);
        }
    }

    /**
     * {@code storage.retain}: how long records are kept before the writer's daily purge deletes
     * them (docs/privacy.md).
     *
     * @param events the journal ({@code events}: every door event and staff action), by the time it was
     *               received, on the gateway clock
     * @param alerts alerts with their deliveries, acknowledgements and outcomes, by the time the episode
     *               ended (its RESOLVED, or the alert itself for a rule that raises none); an open episode
     *               or one with a delivery still owed is kept whatever its age
     * @param audit  the audit log, by its real time
     */
    public record Retention(Duration events, Duration alerts, Duration audit) {
        /** GB 50396 asks for at least 180 days of access records; the audit log's trigger keeps 180 days too. */
        public static final Duration MINIMUM = Duration.ofDays(180);
        public static final Retention DEFAULT = new Retention(Duration.ofDays(180), Duration.ofDays(365),
                Duration.ofDays(365));

        public Retention {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(alerts, "alerts");
            Objects.requireNonNull(audit, "audit");
        }
    }

    /**
     * {@code ingest}: checks on what devices send, whatever the transport.
     *
     * @param timestampWindow how far an event's own time may be from the gateway clock, either way,
     *                        before it is counted as {@code bad-timestamp} and the receive time is
     *                        used instead; null when the check is off
     */
    public record IngestSettings(Duration timestampWindow, CatchUpSettings catchUp) {
        public static final Duration DEFAULT_WINDOW = Duration.ofDays(1);
        public static final IngestSettings DEFAULT = new IngestSettings(DEFAULT_WINDOW);

        /** The window, with the default catch-up. */
        public IngestSettings(Duration timestampWindow) {
            this(timestampWindow, CatchUpSettings.DEFAULT);
        }
    }

    /**
     * {@code ingest.catchUp}: at start-up, how long overdue deadlines wait for the events that
     * queued while the gateway was down (issue 19). Null in {@link IngestSettings} when off.
     *
     * @param quiet the hold ends once no queued event (stamped before the start) came for this long
     *              after the MQTT ingest was ready
     * @param max   the hold ends after this long whatever came (a broker that is not there, a
     *              device that never reconnects): the bound the log states
     */
    public record CatchUpSettings(Duration quiet, Duration max) {
        public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);
        public static final Duration DEFAULT_MAX = Duration.ofSeconds(15);
        public static final CatchUpSettings DEFAULT = new CatchUpSettings(DEFAULT_QUIET, DEFAULT_MAX);

        public CatchUpSettings {
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(max, "max");
        }
    }

    /**
     * @param host  the address the HTTP server binds ({@code 0.0.0.0}: every interface)
     * @param port  the port of /health, /metrics and the staff API; 0 picks a free one
     * @param tls   PEM certificate and key (HTTPS when given), or null for plain HTTP
     * @param users the staff API's accounts ({@code users:}); none when the section is absent
     */
    public record HttpSettings(String host, int port, TlsFiles tls, UserSettings users) {
        public static final String DEFAULT_HOST = "0.0.0.0";

        public HttpSettings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(users, "users");
        }

        /** Plain HTTP on every interface without staff accounts (tests, tools). */
        public HttpSettings(int port) {
            this(DEFAULT_HOST, port, null, UserSettings.none());
        }
    }

    /**
     * Staff accounts of the HTTP API ({@code users:}). Passwords are not here: the hashes live in
     * {@code file}, which {@code gateway add-user} writes and the API re-reads when it changes.
     *
     * @param file         the password file ({@code name:hash} lines), or null when not configured
     * @param accounts     who exists, with roles and household scope, in config order
     * @param lockoutAfter failed logins in a row that lock an account
     * @param sessionTtl   how long a login token is valid
     */
    public record UserSettings(Path file, List<Account> accounts, int lockoutAfter, Duration sessionTtl) {
        public static final int DEFAULT_LOCKOUT = 5;
        public static final Duration DEFAULT_TTL = Duration.ofHours(8);

        public UserSettings {
            accounts = List.copyOf(accounts);
            Objects.requireNonNull(sessionTtl, "sessionTtl");
        }

        public static UserSettings none() {
            return new UserSettings(null, List.of(), DEFAULT_LOCKOUT, DEFAULT_TTL);
        }

        /** The account {@code name}, or null. */
        public Account account(String name) {
            for (Account a : accounts) {
                if (a.name().equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * One staff account.
     *
     * @param name       login name: letters, digits and {@code ._-}
     * @param roles      {@code property}, {@code community}, {@code police}, {@code installer}, {@code admin}
     * @param households globs on household ids ({@code 3-*}, {@code 5-1-302}); empty means every household
     */
    public record Account(String name, List<String> roles, List<String> households) {
        public static final List<String> ROLES = List.of("property", "community", "police", "installer", "admin");

        public Account {
            Objects.requireNonNull(name, "name");
            roles = List.copyOf(roles);
            households = List.copyOf(households);
        }
    }

    /**
     * A device with its transport.
     *
     * @param id        the device id
     * @param kind      e.g. door-contact, card-reader, gate, intercom
     * @param household the household its events belong to, or null
     * @param source    {@code mqtt}, {@code serial} or {@code tcp}
     * @param topic     MQTT only: a topic override (the default is
     *                  {@code gw/<site>/devices/<id>/events}), or null
     * @param profile   MQTT only: the payload profile name, or null for the default event JSON
     * @param port      serial/tcp only: the id of the line or device server it hangs on, or null
     * @param building  the building it is in: its {@code building:} key, else the first part of
     *                  its household's id ({@code 3} for {@code 3-2-501}), else null; device-offline
     *                  groups the devices of a building (and of a port) that fall silent together
     * @param households a shared device's {@code households:} globs, the households its events may
     *                  name (SPEC 10); empty: any. Always empty for a device with a household
     */
    public record DeviceConfig(String id, String kind, String household, String source,
                               String topic, String profile, String port, String building,
                               List<HouseholdGlob> households) {
        public DeviceConfig {
            households = List.copyOf(households);
        }

        public DeviceConfig(String id, String kind, String household, String source, String topic, String profile,
                            String port, String building) {
            this(id, kind, household, source, topic, profile, port, building, List.of());
        }

        public DeviceConfig(String id, String kind, String household, String source) {
            this(id, kind, household, source, null, null, null, buildingOf(household));
        }

        public DeviceConfig(String id, String kind, String household, String source, String topic, String profile,
                            String port) {
            this(id, kind, household, source, topic, profile, port, buildingOf(household));
        }

        /** The building of household {@code id} by the usual numbering, {@code 3} for {@code 3-2-501}; else null. */
        public static String buildingOf(String household) {
            if (household == null) {
                return null;
            }
            int dash = household.indexOf('-');
            return dash > 0 ? household.substring(0, dash) : null;
        }
    }

    /**
     * An alert channel. The built-ins {@code property}, {@code community} and {@code police}
     * always exist and publish over MQTT; config may add channels, webhooks, group robots and SMS.
     *
     * @param id       the channel id used in routes
     * @param mqtt     whether alerts of this channel are published over MQTT
     * @param topic    the MQTT topic, or null for {@code gw/<site>/alerts/<id>}
     * @param webhook  where alerts of this channel are also POSTed, or null
     * @param wecom    a WeCom (企业微信) group robot, or null
     * @param dingtalk a DingTalk (钉钉) custom robot in signed mode, or null
     * @param sms      an SMS account that texts each person reached, or null
     * @param readers  MQTT accounts that may subscribe to this channel's alert topic (SPEC 10)
     */
    public record ChannelConfig(String id, boolean mqtt, String topic, WebhookConfig webhook, WeComConfig wecom,
                                DingTalkConfig dingtalk, SmsConfig sms, List<String> readers) {
        public ChannelConfig {
            Objects.requireNonNull(id, "id");
            readers = List.copyOf(readers);
        }

        public ChannelConfig(String id, boolean mqtt, String topic, WebhookConfig webhook) {
            this(id, mqtt, topic, webhook, null, null, null, List.of());
        }

        /** How this channel treats people: SMS to each, a group message @-mentioning them, or neither. */
        public org.doorwatch.notify.ChannelKind kind() {
            if (sms != null) return org.doorwatch.notify.ChannelKind.SMS;
            if (wecom != null || dingtalk != null) return org.doorwatch.notify.ChannelKind.GROUP;
            return org.doorwatch.notify.ChannelKind.PLAIN;
        }
    }

    /** How a robot message is written: plain text, or markdown (bold stage, quoted message). */
    public enum MessageFormat { TEXT, MARKDOWN }

    /**
     * A WeCom (企业微信) group robot: POST {@code url?key=<key>} with a {@code text} or
     * {@code markdown} message; people are @-mentioned by mobile number.
     *
     * @param url       the send address without the key; default WeCom's own
     * @param key       the robot's key (the {@code key=} of the address the group shows)
     * @param format    text (mentions work in text only on WeCom) or markdown
     * @param timeout   one attempt's timeout
     * @param retryFor  how long a failing message is retried
     * @param perMinute the robot's limit: more in a minute become one digest
     */
    public record WeComConfig(URI url, Secret key, MessageFormat format, Duration timeout, Duration retryFor, int perMinute)
            implements RobotConfig {
        public static final URI DEFAULT_URL = URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send");
    }

    /** What every group robot's settings have, whatever its provider's credentials. */
    public sealed interface RobotConfig permits WeComConfig, DingTalkConfig {
        URI url();

        MessageFormat format();

        Duration timeout();

        Duration retryFor();

        int perMinute();
    }

    /**
     * A DingTalk (钉钉) custom robot in signed mode (加签): POST
     * {@code url?access_token=<token>&timestamp=<ms>&sign=<signature>}.
     *
     * @param url       the send address without query; default DingTalk's own
     * @param token     the robot's access_token
     * @param secret    the signing secret (starts with SEC)
     * @param format    text or markdown
     * @param timeout   one attempt's timeout
     * @param retryFor  how long a failing message is retried
     * @param perMinute the robot's limit: more in a minute become one digest
     */
    public record DingTalkConfig(URI url, Secret token, Secret secret, MessageFormat format, Duration timeout,
                                 Duration retryFor, int perMinute) implements RobotConfig {
        public static final URI DEFAULT_URL = URI.create("https://oapi.dingtalk.com/robot/send");
    }

    /**
     * An SMS account. {@code aliyun}: SendSms (RPC API version 2017-05-25, signature v1 HMAC-SHA1)
     * with an approved signature and template.
     *
     * @param provider        {@code aliyun}
     * @param url             the API address; default Aliyun's
     * @param accessKeyId     the AccessKey id
     * @param accessKeySecret the AccessKey secret
     * @param signName        the approved SMS signature (签名), e.g. 胜利路社区
     * @param templateCode    the approved template, e.g. SMS_123456789
     * @param regionId        the API region, cn-hangzhou by default
     * @param timeout         one attempt's timeout
     * @param retryFor        how long a failing message is retried
     */
    public record SmsConfig(String provider, URI url, Secret accessKeyId, Secret accessKeySecret, String signName,
                            String templateCode, String regionId, Duration timeout, Duration retryFor) {
        public static final URI DEFAULT_ALIYUN_URL = URI.create("https://dysmsapi.aliyuncs.com/");
    }

    /**
     * People and how they are reached (SPEC section 8).
     *
     * @param people  everyone of {@code people:}
     * @param roles   the roles each route reaches (with the default additions when there are people)
     * @param policy  the site's zone, quiet hours, role rosters, re-notification
     */
    public record PeopleConfig(org.doorwatch.notify.People people, org.doorwatch.notify.RoleRoutes roles,
                               org.doorwatch.notify.NotifyPolicy policy) {
        public PeopleConfig {
            Objects.requireNonNull(people, "people");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(policy, "policy");
        }

        public static PeopleConfig none(ZoneId zone) {
            return new PeopleConfig(org.doorwatch.notify.People.NONE, org.doorwatch.notify.RoleRoutes.NONE,
                    org.doorwatch.notify.NotifyPolicy.defaults(zone));
        }
    }

    /** Who an alert reaches: the people, the policy, and every channel's kind. */
    public org.doorwatch.notify.Recipients recipients() {
        Map<String, org.doorwatch.notify.ChannelKind> kinds = new LinkedHashMap<>();
        channels.forEach(c -> kinds.put(c.id(), c.kind()));
        return new org.doorwatch.notify.Recipients(people.people(), people.policy(), kinds);
    }

    /**
     * A webhook receiver (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
     * {@code webhook-signature} = HMAC-SHA256 with the secret).
     *
     * @param url      the receiver
     * @param secret   the signing secret, read from a file or an environment variable
     * @param timeout  one attempt's timeout
     * @param retryFor how long a failing delivery is retried (5xx, 429, timeouts)
     */
    public record WebhookConfig(URI url, Secret secret, Duration timeout, Duration retryFor) {
        public WebhookConfig {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * A secret (webhook key, password). Its {@code toString} never shows the value, so it
     * cannot leak into a log line or a summary by accident.
     *
     * @param source where it came from, e.g. {@code file secrets/hook.key} or {@code env HOOK_SECRET}
     */
    public record Secret(String source, byte[] value) {
        public Secret {
            Objects.requireNonNull(source, "source");
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public String toString() {
            return "Secret[" + source + ", " + value.length + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secret s && s.source.equals(source) && java.util.Arrays.equals(s.value, value);
        }

        @Override
        public int hashCode() {
            return source.hashCode();
        }
    }

    /**
     * How to read one vendor's JSON as a door event (issue 3): JSON-pointer-like field paths,
     * value maps (vendor code to event type), the timestamp form.
     *
     * @param name       profile name, referenced by devices
     * @param topics     extra MQTT topic filters this profile's devices publish to
     * @param fields     normalized field ({@code ts}, {@code device}, {@code type},
     *                   {@code household}, {@code credential}, {@code direction}) to a path in
     *                   the vendor JSON, e.g. {@code /data/evt}
     * @param values     per normalized field, vendor value to normalized value
     * @param timeFormat {@code iso}, {@code epoch-s}, {@code epoch-ms} or a java.time pattern
     *                   read in the site's zone
     */
    public record PayloadProfileConfig(String name, List<String> topics, Map<String, String> fields,
                                       Map<String, Map<String, String>> values, String timeFormat, String builtin) {
        public PayloadProfileConfig {
            topics = List.copyOf(topics);
            fields = Map.copyOf(fields);
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            values.forEach((field, map) -> copy.put(field, Map.copyOf(map)));
            values = Map.copyOf(copy);
        }

        /** Whether {@code values.device} maps a vendor's id to the device {@code id}. */
        public boolean namesDevice(String id) {
            return values.getOrDefault("device", Map.of()).containsValue(id);
        }

        /** A profile of JSON pointers (no built-in). */
        public PayloadProfileConfig(String name, List<String> topics, Map<String, String> fields,
                                    Map<String, Map<String, String>> values, String timeFormat) {
            this(name, topics, fields, values, timeFormat, null);
        }

        /**
         * The mapper that reads this vendor's messages: the built-in one when {@code builtin} names
         * one ({@code uhppoted-mqtt}), else the pointers of {@code fields}.
         *
         * @throws IllegalArgumentException if the profile is invalid (never for a loaded config)
         */
        public PayloadProfile toProfile() {
            return builtin != null ? PayloadProfile.builtIn(name, builtin, values)
                    : PayloadProfile.of(name, fields, values, timeFormat);
        }
    }

    /**
     * A serial line, serial device server or access controller of {@code ports:}, read into the
     * drivers' settings.
     *
     * @param id        what devices' {@code port} refers to
     * @param transport a local serial port, a device server over TCP, or a controller's UDP address
     * @param protocol  {@code ascii-line}, {@code modbus-rtu-di} or {@code uhppote} with its settings
     */
    public record PortConfig(String id, org.doorwatch.drivers.TransportSettings transport,
                             org.doorwatch.drivers.ProtocolSettings protocol) {
        public PortConfig {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /** A household contact (family member, neighbour). Personal data. */
    public record Contact(String name, String phone) {}
}

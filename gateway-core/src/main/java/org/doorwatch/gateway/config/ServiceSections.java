package org.doorwatch.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small sections about where the gateway lives and what it talks to: {@code site},
 * {@code mqtt}, {@code storage}, {@code http}, {@code ingest}.
 */
final class ServiceSections {

    static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final Pattern BROKER_URL = Pattern.compile("(tcp|ssl|ws|wss)://[^\\s/:]+(:\\d{1,5})?/?");
    static final String DEFAULT_ZONE = "Asia/Shanghai";

    /** {@code site}: id and zone; id is null when it is missing or bad. */
    record Site(String id, ZoneId zone) {}

    private ServiceSections() {}

    static Site site(ConfigContext ctx, YamlMap top) {
        YamlMap site = top.map("site");
        if (!top.has("site")) {
            top.missing("site", "a mapping with 'id' (e.g. shengli-road) and 'timezone'");
        }
        site.rejectUnknown(Set.of("id", "timezone"));
        String id = site.requiredString("id", "a site id of lowercase letters, digits and '-'");
        if (id != null && !SITE_ID.matcher(id).matches()) {
            ctx.at(site.value("id"), "site.id: '" + id
                    + "' is not a valid site id; expected lowercase letters, digits and '-' (it is used in MQTT topics)");
            id = null;
        }
        String tz = site.string("timezone", DEFAULT_ZONE);
        ZoneId zone;
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            ctx.at(site.value("timezone"), "site.timezone: unknown time zone '" + tz
                    + "'; expected a region id such as Asia/Shanghai");
            zone = ZoneId.of(DEFAULT_ZONE);
        }
        return new Site(id, zone);
    }

    /**
     * {@code mqtt}: {@code embedded: { port }} (the default, port 1883) or {@code url} with
     * optional {@code username}, {@code passwordFile} and {@code tls} files.
     */
    static GatewayConfig.MqttSettings mqtt(ConfigContext ctx, YamlMap mqtt) {
        mqtt.rejectUnknown(Set.of("embedded", "url", "username", "passwordFile", "tls"));
        String url = mqtt.string("url");
        if (mqtt.has("embedded") && url != null) {
            ctx.at(mqtt.keyNode("url"), "mqtt: give either 'embedded' or 'url', not both");
        }
        if (url != null && !BROKER_URL.matcher(url).matches()) {
            ctx.at(mqtt.value("url"), "mqtt.url: '" + url
                    + "' is not a broker address; expected tcp://HOST:PORT or ssl://HOST:PORT (also ws://, wss://)");
        }
        GatewayConfig.EmbeddedBrokerSettings broker = url != null ? null : embedded(ctx, mqtt.map("embedded"));
        for (String key : new String[] {"username", "passwordFile", "tls"}) {
            if (url == null && mqtt.has(key)) {
                ctx.at(mqtt.keyNode(key), "mqtt." + key + ": only used with 'url' (an external broker); the embedded "
                        + "broker's accounts are in mqtt.embedded.usersFile and its TLS files in mqtt.embedded.tls");
            }
        }
        String username = mqtt.string("username");
        Path passwordFile = ctx.source(mqtt.string("passwordFile"));
        if (passwordFile != null) {
            readable(ctx, mqtt, "passwordFile", passwordFile);
            if (username == null) {
                ctx.at(mqtt.keyNode("passwordFile"), "mqtt.passwordFile: a password needs 'username' (MQTT sends no password without one)");
            }
        }
        YamlMap tls = mqtt.map("tls");
        tls.rejectUnknown(Set.of("caFile", "certFile", "keyFile"));
        GatewayConfig.TlsFiles tlsFiles = null;
        if (tls.isPresent()) {
            if (url != null && !(url.startsWith("ssl://") || url.startsWith("wss://"))) {
                ctx.at(mqtt.keyNode("tls"), "mqtt.tls: TLS files need an ssl:// or wss:// url, found '" + url + "'");
            }
            Path ca = ctx.source(tls.string("caFile"));
            Path cert = ctx.source(tls.string("certFile"));
            Path key = ctx.source(tls.string("keyFile"));
            for (String k : new String[] {"caFile", "certFile", "keyFile"}) {
                Path p = k.equals("caFile") ? ca : k.equals("certFile") ? cert : key;
                if (p != null) {
                    readable(ctx, tls, k, p);
                }
            }
            if ((cert == null) != (key == null)) {
                ctx.at(tls.node(), "mqtt.tls: a client certificate needs both certFile and keyFile");
            }
            tlsFiles = new GatewayConfig.TlsFiles(ca, cert, key);
        }
        return new GatewayConfig.MqttSettings(broker, url, username, passwordFile, tlsFiles);
    }

    /**
     * {@code mqtt.embedded}: where the in-process broker listens, its accounts file, the lab switch
     * for anonymous clients, the largest message and MQTT over TLS.
     */
    static GatewayConfig.EmbeddedBrokerSettings embedded(ConfigContext ctx, YamlMap e) {
        e.rejectUnknown(Set.of("port", "host", "usersFile", "allowAnonymous", "maxMessageBytes", "tls"));
        int port = e.integer("port", GatewayConfig.EmbeddedBrokerSettings.DEFAULT_PORT, 0, 65535);
        String host = host(ctx, e, GatewayConfig.EmbeddedBrokerSettings.DEFAULT_HOST);
        Path users = ctx.path(e.string("usersFile", DEFAULT_MQTT_USERS));
        if (users != null && Files.isDirectory(users)) {
            ctx.at(e.value("usersFile") != null ? e.value("usersFile") : e.node(), e.child("usersFile") + ": '"
                    + ConfigContext.show(users) + "' is a folder; expected the MQTT accounts file written by "
                    + "`scripts/gateway add-mqtt-user NAME`");
        }
        boolean anonymous = e.bool("allowAnonymous", Boolean.FALSE);
        int max = e.integer("maxMessageBytes", GatewayConfig.EmbeddedBrokerSettings.DEFAULT_MAX_MESSAGE_BYTES,
                MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
        YamlMap tls = e.map("tls");
        tls.rejectUnknown(Set.of("certFile", "keyFile", "port"));
        GatewayConfig.TlsFiles tlsFiles = null;
        int tlsPort = GatewayConfig.EmbeddedBrokerSettings.DEFAULT_TLS_PORT;
        if (tls.isPresent()) {
            tlsFiles = serverTls(ctx, tls);
            tlsPort = tls.integer("port", tlsPort, 0, 65535);
            if (tlsPort == port && port != 0) {
                ctx.at(tls.value("port") != null ? tls.value("port") : tls.node(), tls.child("port") + ": " + tlsPort
                        + " is also the plain MQTT port; give the TLS listener its own (8883 is the usual)");
            }
        }
        return new GatewayConfig.EmbeddedBrokerSettings(host, port, users, anonymous, max, tlsFiles, tlsPort);
    }

    /** The default accounts file of the embedded broker, next to the config file. */
    static final String DEFAULT_MQTT_USERS = "mqtt-users.passwd";
    /** Below this no door event fits; above it one device could fill the broker's memory. */
    static final int MIN_MESSAGE_BYTES = 1024;
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** {@code host}: an IP address to bind (no names: a name that resolves differently later would move the listener). */
    static String host(ConfigContext ctx, YamlMap m, String def) {
        String host = m.string("host", def);
        if (!IP_ADDRESS.matcher(host).matches()) {
            ctx.at(m.value("host"), m.child("host") + ": '" + host + "' is not an IP address; expected e.g. 0.0.0.0 "
                    + "(every interface), 127.0.0.1 (this machine only) or the address of one interface");
            return def;
        }
        return host;
    }

    static final Pattern IP_ADDRESS = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    /** A server certificate and key (PEM) of a listener: {@code certFile} and {@code keyFile}, both required. */
    static GatewayConfig.TlsFiles serverTls(ConfigContext ctx, YamlMap tls) {
        Path cert = ctx.source(tls.requiredString("certFile", "a PEM certificate (chain) file"));
        Path key = ctx.source(tls.requiredString("keyFile", "a PEM private key file (PKCS#8)"));
        if (cert != null) {
            readable(ctx, tls, "certFile", cert);
        }
        if (key != null) {
            readable(ctx, tls, "keyFile", key);
        }
        return new GatewayConfig.TlsFiles(null, cert, key);
    }

    /**
     * {@code storage}: the SQLite file, and how long each kind of record is kept
     * ({@code retain: { events, alerts, audit }}). The older {@code retainEventsDays: N} is still
     * read as {@code retain.events: Nd}, so an upgraded site keeps its config.
     *
     * <p>None below 180 days: GB 50396 asks for at least 180 days of access records (events), the
     * alerts are the record of what staff and police were told, and the audit log's trigger refuses to
     * delete younger rows anyway. {@code retain.allowBelow180d: true} lifts the floor for events and
     * alerts (a test bench, a site not bound by the standard); nothing lifts it for the audit log.
     */
    static GatewayConfig.StorageSettings storage(ConfigContext ctx, YamlMap storage) {
        storage.rejectUnknown(Set.of("path", "retain", "retainEventsDays"));
        Path path = ctx.path(storage.string("path", "data/gateway.db"));
        if (Files.isDirectory(path)) {
            ctx.at(storage.value("path"), "storage.path: '" + ConfigContext.show(path) + "' is a folder; expected a database file name such as data/gateway.db");
        }
        YamlMap retain = storage.map("retain");
        retain.rejectUnknown(Set.of("events", "alerts", "audit", "allowBelow180d"));
        boolean allowShort = retain.bool("allowBelow180d", false);
        GatewayConfig.Retention def = GatewayConfig.Retention.DEFAULT;
        Duration events;
        boolean legacy = storage.has("retainEventsDays");
        if (legacy) {
            if (retain.has("events")) {
                ctx.at(storage.keyNode("retainEventsDays"), "storage.retainEventsDays: give either it or retain.events "
                        + "(its newer spelling), not both");
            }
            events = Duration.ofDays(storage.integer("retainEventsDays", 180, 1, 36500));
            floor(ctx, storage, "retainEventsDays", events, allowShort, ACCESS_RECORDS
                    + " (storage.retainEventsDays is the older spelling of storage.retain.events)");
        } else {
            events = retention(ctx, retain, "events", def.events(), allowShort, ACCESS_RECORDS);
        }
        Duration alerts = retention(ctx, retain, "alerts", def.alerts(), allowShort,
                "alerts are the record of what staff and police were told");
        Duration audit = retention(ctx, retain, "audit", def.audit(), false,
                "the audit log keeps at least six months (China's Cybersecurity Law, art. 21), and its trigger "
                        + "refuses to delete younger rows whatever the config says");
        return new GatewayConfig.StorageSettings(path, new GatewayConfig.Retention(events, alerts, audit), legacy);
    }

    private static final String ACCESS_RECORDS = "GB 50396 asks for at least 180 days of access records";
    private static final Duration MAX_RETENTION = Duration.ofDays(36500);

    private static Duration retention(ConfigContext ctx, YamlMap retain, String key, Duration def, boolean allowShort,
                                      String why) {
        Duration d = retain.duration(key, def);
        if (d.compareTo(MAX_RETENTION) > 0) {
            ctx.at(retain.value(key), retain.child(key) + ": " + Durations.format(d) + " is more than 36500d; "
                    + "expected a duration such as 180d or 365d");
            return def;
        }
        if (d.compareTo(Duration.ofDays(1)) < 0) {
            ctx.at(retain.value(key), retain.child(key) + ": " + Durations.format(d) + " is less than a day; "
                    + "expected a duration such as 180d or 365d");
            return def;
        }
        floor(ctx, retain, key, d, allowShort, why);
        return d;
    }

    private static void floor(ConfigContext ctx, YamlMap map, String key, Duration d, boolean allowShort, String why) {
        if (allowShort || d.compareTo(GatewayConfig.Retention.MINIMUM) >= 0) {
            return;
        }
        boolean audit = key.equals("audit");
        ctx.at(map.value(key), map.child(key) + ": " + Durations.format(d) + " is less than 180 days: " + why
                + (audit ? "; expected 180d or more"
                        : "; keep 180d or more, or add 'allowBelow180d: true' to storage.retain where the site "
                                + "is not bound by it (a test bench)"));
    }

    /** {@code http}: the port of /health, /metrics and the staff API, optional TLS; and {@code users}. */
    static GatewayConfig.HttpSettings http(ConfigContext ctx, YamlMap http, YamlMap users) {
        http.rejectUnknown(Set.of("port", "host", "tls"));
        int port = http.integer("port", 8080, 0, 65535);
        String host = host(ctx, http, GatewayConfig.HttpSettings.DEFAULT_HOST);
        YamlMap tls = http.map("tls");
        tls.rejectUnknown(Set.of("certFile", "keyFile"));
        GatewayConfig.TlsFiles tlsFiles = tls.isPresent() ? serverTls(ctx, tls) : null;
        return new GatewayConfig.HttpSettings(host, port, tlsFiles, UserSection.read(ctx, users));
    }

    /**
     * {@code ingest}: {@code timestampWindow}, a duration or {@code off} (default 1d). A day is
     * wide enough for a device clock on the wrong time zone or a reader that buffered its events
     * overnight, and narrow enough that an RTC reset to 1970 does not make every door opening a
     * stale report (see intake.TimestampWindow).
     *
     * <p>{@code catchUp: { quiet: 2s, max: 15s }} or {@code catchUp: off}: at start-up, overdue
     * deadlines wait until the events queued while the gateway was down have come in (writer.CatchUp).
     * Two seconds of quiet cover a broker's queued session (it sends the backlog at once) and a
     * device's first reconnect; fifteen seconds bound how late an overdue stage may be.
     */
    static GatewayConfig.IngestSettings ingest(ConfigContext ctx, YamlMap ingest) {
        ingest.rejectUnknown(Set.of("timestampWindow", "catchUp"));
        Duration window = "off".equals(ingest.string("timestampWindow")) ? null
                : ingest.duration("timestampWindow", GatewayConfig.IngestSettings.DEFAULT_WINDOW);
        return new GatewayConfig.IngestSettings(window, catchUp(ctx, ingest));
    }

    private static GatewayConfig.CatchUpSettings catchUp(ConfigContext ctx, YamlMap ingest) {
        if (ingest.value("catchUp") instanceof org.snakeyaml.engine.v2.nodes.ScalarNode
                && "off".equals(ingest.string("catchUp"))) {
            return null;
        }
        YamlMap c = ingest.map("catchUp");
        c.rejectUnknown(Set.of("quiet", "max"));
        Duration quiet = c.duration("quiet", GatewayConfig.CatchUpSettings.DEFAULT_QUIET);
        Duration max = c.duration("max", GatewayConfig.CatchUpSettings.DEFAULT_MAX);
        if (max.compareTo(Duration.ofMinutes(10)) > 0) {
            ctx.at(c.value("max"), "ingest.catchUp.max: at most 10m (overdue stages wait this long at start-up), found '"
                    + c.string("max") + "'");
            return GatewayConfig.CatchUpSettings.DEFAULT;
        }
        if (quiet.compareTo(max) > 0) {
            ctx.at(c.has("quiet") ? c.value("quiet") : c.value("max"), "ingest.catchUp.quiet (" + Durations.format(quiet)
                    + ") is longer than ingest.catchUp.max (" + Durations.format(max) + "): the hold would always end at max");
        }
        return new GatewayConfig.CatchUpSettings(quiet, max);
    }

    /** Reports a file the config names that cannot be read; it never reads its content. */
    static void readable(ConfigContext ctx, YamlMap map, String key, Path p) {
        String why = Files.isDirectory(p) ? "is a folder" : !Files.exists(p) ? "no such file"
                : !Files.isReadable(p) ? "permission denied" : null;
        if (why != null) {
            ctx.at(map.value(key), map.child(key) + ": cannot read '" + ConfigContext.show(p) + "': " + why);
        }
    }
}

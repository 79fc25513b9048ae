package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorwatch.domain.Channels;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;
import org.doorwatch.rules.EngineConfig;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads {@code gateway.yml} (SPEC section 3) into a {@link GatewayConfig}.
 *
 * <p>Reading never stops at the first mistake: each section is read with defaults standing
 * in for bad values, every problem is collected with its line and column, and only a file
 * without problems becomes a config. Relative paths resolve against the config file's folder.
 */
public final class ConfigLoader {

    static final Pattern SITE_ID = Pattern.compile("[a-z0-9-]+");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    static final Set<String> TOP_KEYS = Set.of(
            "site", "mqtt", "storage", "http", "policies", "households", "devices", "routes");

    private final Path file;
    private final Path folder;
    private final Problems problems = new Problems();

    private ConfigLoader(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.folder = parent == null ? Path.of(".") : parent;
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws ConfigException with every problem found, in file/line/column order
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        return new ConfigLoader(file).read();
    }

    private GatewayConfig read() throws ConfigException {
        Node root = compose();
        if (root == null) {
            throw new ConfigException(problems.sorted());
        }
        YamlMap top = YamlMap.of(file, problems, "", root);
        top.rejectUnknown(TOP_KEYS);

        YamlMap site = top.map("site");
        if (!top.has("site")) {
            top.missing("site", "a mapping with 'id' (e.g. shengli-road) and 'timezone'");
        }
        site.rejectUnknown(Set.of("id", "timezone"));
        String siteId = site.requiredString("id", "a site id of lowercase letters, digits and '-'");
        if (siteId != null && !SITE_ID.matcher(siteId).matches()) {
            problems.at(file, site.value("id"), "site.id: '" + siteId
                    + "' is not a valid site id; expected lowercase letters, digits and '-' (it is used in MQTT topics)");
        }
        ZoneId zone = zone(site);

        GatewayConfig.MqttSettings mqtt = mqtt(top.map("mqtt"));
        GatewayConfig.StorageSettings storage = storage(top.map("storage"));
        GatewayConfig.HttpSettings http = http(top.map("http"));
        Map<String, Policy> policies = policies(top.map("policies"));
        Map<String, List<GatewayConfig.Contact>> contacts = new HashMap<>();
        List<Household> households = households(top, policies, contacts);
        Map<String, Household> householdsById = new HashMap<>();
        households.forEach(h -> householdsById.put(h.id(), h));
        List<GatewayConfig.DeviceConfig> devices = devices(top, householdsById);
        List<String> channels = Channels.BUILT_IN;
        Routes routes = routes(top.map("routes"), channels);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        List<Device> engineDevices = new ArrayList<>();
        devices.forEach(d -> engineDevices.add(new Device(d.id(), d.kind(), d.household())));
        EngineConfig engine = new EngineConfig(siteId, zone, channels, policies, households, engineDevices,
                List.of(), routes, MessageTemplates.defaults(), RuleSettings.defaults());
        List<GatewayConfig.ChannelConfig> channelConfigs = new ArrayList<>();
        channels.forEach(c -> channelConfigs.add(new GatewayConfig.ChannelConfig(c, true, null, null)));
        return new GatewayConfig(file, siteId, zone, mqtt, storage, http, engine, devices, contacts,
                channelConfigs, Map.of(), Map.of());
    }

    // ------------------------------------------------------------------ YAML

    private Node compose() {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.at(file, 0, 0, "not UTF-8 text; save the file as UTF-8");
            return null;
        } catch (IOException e) {
            problems.at(file, 0, 0, "cannot read the config file: " + describe(e));
            return null;
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                problems.at(file, 1, 1, "the config file is empty; expected at least 'site'");
                return null;
            }
            return node.get();
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            String what = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.at(file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                    "YAML syntax error: " + what + context);
            return null;
        } catch (YamlEngineException e) {
            problems.at(file, 0, 0, "YAML syntax error: " + e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ sections

    private ZoneId zone(YamlMap site) {
        String tz = site.string("timezone", "Asia/Shanghai");
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            problems.at(file, site.value("timezone"), "site.timezone: unknown time zone '" + tz
                    + "'; expected a region id such as Asia/Shanghai");
            return ZoneId.of("Asia/Shanghai");
        }
    }

    private GatewayConfig.MqttSettings mqtt(YamlMap mqtt) {
        mqtt.rejectUnknown(Set.of("embedded", "url", "username", "passwordFile", "tls"));
        String url = mqtt.string("url");
        if (mqtt.has("embedded") && url != null) {
            problems.at(file, mqtt.keyNode("url"), "mqtt: give either 'embedded' or 'url', not both");
        }
        if (url != null && !url.matches("(tcp|ssl|ws|wss)://[^\\s/:]+(:\\d{1,5})?/?")) {
            problems.at(file, mqtt.value("url"), "mqtt.url: '" + url
                    + "' is not a broker address; expected tcp://HOST:PORT or ssl://HOST:PORT");
        }
        YamlMap embedded = mqtt.map("embedded");
        embedded.rejectUnknown(Set.of("port"));
        Integer port = url != null ? null : embedded.integer("port", 1883, 0, 65535);
        Path passwordFile = path(mqtt.string("passwordFile"));
        if (passwordFile != null && !Files.isReadable(passwordFile)) {
            problems.at(file, mqtt.value("passwordFile"), "mqtt.passwordFile: cannot read '" + passwordFile + "'");
        }
        YamlMap tls = mqtt.map("tls");
        tls.rejectUnknown(Set.of("caFile", "certFile", "keyFile"));
        GatewayConfig.TlsFiles tlsFiles = tls.isPresent()
                ? new GatewayConfig.TlsFiles(path(tls.string("caFile")), path(tls.string("certFile")), path(tls.string("keyFile")))
                : null;
        return new GatewayConfig.MqttSettings(port, url, mqtt.string("username"), passwordFile, tlsFiles);
    }

    private GatewayConfig.StorageSettings storage(YamlMap storage) {
        storage.rejectUnknown(Set.of("path", "retainEventsDays"));
        Path path = path(storage.string("path", "data/gateway.db"));
        int retain = storage.integer("retainEventsDays", 180, 1, 36500);
        return new GatewayConfig.StorageSettings(path, retain);
    }

    private GatewayConfig.HttpSettings http(YamlMap http) {
        http.rejectUnknown(Set.of("port"));
        return new GatewayConfig.HttpSettings(http.integer("port", 8080, 0, 65535));
    }

    private Map<String, Policy> policies(YamlMap policies) {
        Map<String, Policy> out = new LinkedHashMap<>();
        for (String name : policies.keys()) {
            YamlMap p = policies.map(name);
            p.rejectUnknown(Set.of("inactivity"));
            Inactivity inactivity = null;
            if (p.has("inactivity")) {
                YamlMap in = p.map("inactivity");
                in.rejectUnknown(List.of("warning", "callBack", "visit"));
                Duration warning = in.duration("warning", null);
                Duration callBack = in.duration("callBack", null);
                Duration visit = in.duration("visit", null);
                inactivity = inactivity(in, warning, callBack, visit);
            }
            out.put(name, new Policy(name, inactivity));
        }
        return out;
    }

    private Inactivity inactivity(YamlMap in, Duration warning, Duration callBack, Duration visit) {
        if (warning == null && callBack == null && visit == null) {
            if (in.keys().isEmpty()) {
                problems.at(file, in.node(), in.path() + ": expected at least one of warning, callBack, visit");
            }
            return null;
        }
        Duration previous = null;
        String previousKey = null;
        for (String key : List.of("warning", "callBack", "visit")) {
            Duration d = key.equals("warning") ? warning : key.equals("callBack") ? callBack : visit;
            if (d == null) {
                continue;
            }
            if (previous != null && d.compareTo(previous) <= 0) {
                problems.at(file, in.value(key), in.child(key) + ": " + Durations.format(d) + " must be longer than "
                        + previousKey + " (" + Durations.format(previous) + "); stages escalate in order");
                return null;
            }
            previous = d;
            previousKey = key;
        }
        return new Inactivity(warning, callBack, visit);
    }

    private List<Household> households(YamlMap top, Map<String, Policy> policies,
                                       Map<String, List<GatewayConfig.Contact>> contacts) {
        List<Household> out = new ArrayList<>();
        Map<String, String> seenAt = new HashMap<>();
        List<Node> items = top.items("households");
        for (int i = 0; i < items.size(); i++) {
            YamlMap h = YamlMap.of(file, problems, "households[" + i + "]", items.get(i));
            if (h.has("file")) {
                h.rejectUnknown(Set.of("file"));
                new HouseholdCsv(path(h.string("file")), file, h.value("file"), problems)
                        .read(policies, seenAt, out, contacts);
                continue;
            }
            h.rejectUnknown(Set.of("id", "address", "policy", "tags", "contacts"));
            String id = h.requiredString("id", "a household id such as 3-2-501");
            if (id == null) {
                continue;
            }
            String location = file.getFileName() + ":" + YamlMap.line(items.get(i));
            String first = seenAt.putIfAbsent(id, location);
            if (first != null) {
                problems.at(file, h.value("id"), h.child("id") + ": duplicate household id '" + id + "' (first at " + first + ")");
                continue;
            }
            String policy = h.string("policy");
            if (policy != null && !policies.containsKey(policy)) {
                problems.at(file, h.value("policy"), h.child("policy") + ": unknown policy '" + policy + "'"
                        + DidYouMean.hint(policy, policies.keySet()) + "; known: " + known(policies.keySet()));
                policy = null;
            }
            out.add(new Household(id, h.string("address"), policy, h.strings("tags")));
        }
        return out;
    }

    private List<GatewayConfig.DeviceConfig> devices(YamlMap top, Map<String, Household> households) {
        List<GatewayConfig.DeviceConfig> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Node> items = top.items("devices");
        for (int i = 0; i < items.size(); i++) {
            YamlMap d = YamlMap.of(file, problems, "devices[" + i + "]", items.get(i));
            d.rejectUnknown(Set.of("id", "kind", "household", "source"));
            String id = d.requiredString("id", "a device id such as door-3-2-501");
            if (id == null) {
                continue;
            }
            if (!seen.add(id)) {
                problems.at(file, d.value("id"), d.child("id") + ": duplicate device id '" + id + "'");
                continue;
            }
            String household = d.string("household");
            if (household != null && !households.containsKey(household)) {
                problems.at(file, d.value("household"), d.child("household") + ": unknown household '" + household + "'"
                        + DidYouMean.hint(household, households.keySet()));
            }
            String source = d.string("source", "mqtt");
            if (!Set.of("mqtt", "serial", "tcp").contains(source)) {
                problems.at(file, d.value("source"), d.child("source") + ": unknown source '" + source
                        + "'; expected mqtt, serial or tcp");
            }
            out.add(new GatewayConfig.DeviceConfig(id, d.string("kind", "door-contact"), household, source));
        }
        return out;
    }

    private Routes routes(YamlMap routes, List<String> channels) {
        Map<String, Map<Stage, List<String>>> overrides = new LinkedHashMap<>();
        for (String rule : routes.keys()) {
            if (!RuleNames.ALL.contains(rule)) {
                problems.at(file, routes.keyNode(rule), "routes: unknown rule '" + rule + "'"
                        + DidYouMean.hint(rule, RuleNames.ALL) + "; known: " + String.join(", ", RuleNames.ALL));
                continue;
            }
            YamlMap byStage = routes.map(rule);
            Map<Stage, List<String>> stages = new EnumMap<>(Stage.class);
            for (String stageName : byStage.keys()) {
                Stage stage = routableStage(stageName);
                if (stage == null) {
                    problems.at(file, byStage.keyNode(stageName), byStage.child(stageName) + ": unknown stage '" + stageName
                            + "'; expected one of WARNING, CALL_BACK, VISIT, ALARM, NOTICE (RESOLVED follows the stages)");
                    continue;
                }
                List<String> list = new ArrayList<>();
                List<Node> items = byStage.items(stageName);
                List<String> names = byStage.strings(stageName);
                for (int i = 0; i < names.size(); i++) {
                    String channel = names.get(i);
                    if (!channels.contains(channel)) {
                        Node at = i < items.size() ? items.get(i) : byStage.value(stageName);
                        problems.at(file, at, byStage.child(stageName) + ": unknown channel '" + channel + "'"
                                + DidYouMean.hint(channel, channels) + "; known: " + String.join(", ", channels));
                    } else {
                        list.add(channel);
                    }
                }
                stages.put(stage, list);
            }
            overrides.put(rule, stages);
        }
        return Routes.withOverrides(overrides);
    }

    // ------------------------------------------------------------------ helpers

    private static Stage routableStage(String name) {
        try {
            Stage s = Stage.valueOf(name);
            return s == Stage.RESOLVED ? null : s;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path from the config, resolved against the config file's folder; null stays null. */
    private Path path(String text) {
        if (text == null) {
            return null;
        }
        Path p = Path.of(text);
        return p.isAbsolute() ? p : folder.resolve(p).normalize();
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? "(none defined)" : String.join(", ", names);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

package org.doorwatch.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.rules.EngineConfig;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads {@code gateway.yml} (SPEC section 3 and the shared schema) into a {@link GatewayConfig}.
 *
 * <p>Reading never stops at the first mistake: each section reader ({@code *Section}) reads with
 * defaults standing in for bad values and records every problem with its line and column;
 * only a file without problems becomes a config. Sections are read in dependency order:
 * policies before households, households before tenancies and devices, profiles and ports
 * before devices, channels before routes. Relative paths resolve against the config file's
 * folder.
 */
public final class ConfigLoader {

    /** Largest config file read, in code points (about 700,000 inline devices). */
    static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;

    /** Names of policies, profiles, ports and devices: they appear in topics and messages. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    static final Set<String> TOP_KEYS = Set.of(
            "site", "mqtt", "storage", "http", "policies", "households", "tenancies", "devices", "ports",
            "profiles", "rules", "channels", "routes", "templates", "users", "people", "renotify", "quietHours", "rosters", "ingest");

    private final ConfigContext ctx;

    private ConfigLoader(Path file, Function<String, String> env) {
        this.ctx = new ConfigContext(file, env);
    }

    /**
     * Loads and validates {@code file}; secrets named by {@code secretEnv} come from the
     * process environment.
     *
     * @throws ConfigException with every problem found, in file/line/column order
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    /** Like {@link #load(Path)} with {@code env} standing in for the process environment. */
    public static GatewayConfig load(Path file, Function<String, String> env) throws ConfigException {
        return new ConfigLoader(file, env).read();
    }

    private GatewayConfig read() throws ConfigException {
        Node root = compose();
        if (root == null) {
            throw new ConfigException(ctx.problems.sorted(ctx.file));
        }
        if (!(root instanceof MappingNode)) {
            // Never quote it: a file given by mistake (a secret, a key) must not be echoed.
            ctx.at(root, "expected a mapping of config keys (site:, households:, devices: ...) at the top level, found "
                    + (root instanceof SequenceNode ? "a list" : "a single value") + "; is this the gateway's config file?");
            throw new ConfigException(ctx.problems.sorted(ctx.file));
        }
        YamlMap top = YamlMap.of(ctx.file, ctx.problems, "", root);
        top.rejectUnknown(TOP_KEYS);

        ServiceSections.Site site = ServiceSections.site(ctx, top);
        GatewayConfig.MqttSettings mqtt = ServiceSections.mqtt(ctx, top.map("mqtt"));
        GatewayConfig.StorageSettings storage = ServiceSections.storage(ctx, top.map("storage"));
        GatewayConfig.HttpSettings http = ServiceSections.http(ctx, top.map("http"), top.map("users"));
        GatewayConfig.IngestSettings ingest = ServiceSections.ingest(top.map("ingest"));
        Map<String, Policy> policies = PolicySection.read(ctx, top.map("policies"));
        HouseholdSection.Result households = HouseholdSection.read(ctx, top, policies);
        Map<String, Household> householdsById = new HashMap<>();
        households.households.forEach(h -> householdsById.put(h.id(), h));
        TenancySection.Result tenancies = TenancySection.read(ctx, top, householdsById, site.zone());
        Map<String, GatewayConfig.PayloadProfileConfig> profiles = ProfileSection.read(ctx, top.map("profiles"));
        List<PortSection.Read> portsRead = PortSection.read(ctx, top, site.zone());
        List<GatewayConfig.PortConfig> ports = portsRead.stream().map(PortSection.Read::config)
                .filter(java.util.Objects::nonNull).toList();
        Set<String> portIds = new HashSet<>();
        portIdsOf(top).forEach(portIds::add);
        List<GatewayConfig.DeviceConfig> devices = DeviceSection.read(ctx, top, householdsById, profiles.keySet(), portIds);
        PortSection.checkDevices(ctx, portsRead, devices, top);
        RuleSettings rules = RuleSection.read(ctx, top.map("rules"), devices);
        List<GatewayConfig.ChannelConfig> channels = ChannelSection.read(ctx, top.map("channels"), site.id());
        List<String> channelIds = channels.stream().map(GatewayConfig.ChannelConfig::id).toList();
        PeopleSection.Result people = PeopleSection.read(ctx, top, households.households);
        boolean hasPeople = top.has("people");
        RouteSection.Result routed = RouteSection.read(ctx, top.map("routes"), channels, hasPeople);
        Routes routes = routed.routes();
        org.doorwatch.notify.NotifyPolicy notify = NotifySection.read(ctx, top, site.zone());
        MessageTemplates templates = TemplateSection.read(ctx, top.map("templates"));

        if (!ctx.problems.isEmpty()) {
            throw new ConfigException(ctx.problems.sorted(ctx.file));
        }
        List<Device> engineDevices = new ArrayList<>(devices.size());
        devices.forEach(d -> engineDevices.add(new Device(d.id(), d.kind(), d.household(), d.port(), d.building(),
                d.households())));
        EngineConfig engine = new EngineConfig(site.id(), site.zone(), channelIds, policies, households.households,
                engineDevices, tenancies.tenancies, routes, templates, rules);
        GatewayConfig.PeopleConfig peopleConfig = new GatewayConfig.PeopleConfig(
                new org.doorwatch.notify.People(people.people), routed.roles(), notify);
        return new GatewayConfig(ctx.file, site.id(), site.zone(), mqtt, storage, http, engine, devices,
                households.contacts, channels, profiles, tenancies.tenants, ports, ctx.sources, peopleConfig, ingest);
    }

    private Node compose() {
        Path file = ctx.file;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            ctx.problems.at(file, 0, 0, "not UTF-8 text; save the file as UTF-8");
            return null;
        } catch (IOException e) {
            ctx.problems.at(file, 0, 0, "cannot read the config file: " + describe(e));
            return null;
        }
        // SnakeYAML's default limit (3 Mi code points) refuses a community of ~40,000 inline
        // devices; the file is the installer's own and already in memory here, so allow 64 Mi.
        // The whole text in one read window: SnakeYAML Engine 2.9's StreamReader throws
        // IndexOutOfBoundsException when a character outside the BMP (a CJK Extension B character in an
        // address, an emoji) straddles the end of its 1,024-character window (found by scripts/fuzz config;
        // upstream: "Allow HighSurrogate to be the last char in the data window"). The text is in memory
        // already; the window costs 4 bytes a character while the file is read.
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString())
                .setCodePointLimit(CODE_POINT_LIMIT).setBufferSize(Math.max(1024, text.length() + 1)).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                ctx.problems.at(file, 1, 1, "the config file is empty; expected at least 'site'");
                return null;
            }
            return node.get();
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            String what = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            ctx.problems.at(file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                    "YAML syntax error: " + what + context);
            return null;
        } catch (YamlEngineException e) {
            ctx.problems.at(file, 0, 0, "YAML syntax error: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // a failure of the YAML library itself: still a problem to report, never a crash of the loader
            ctx.problems.at(file, 0, 0, "the YAML reader failed on this file (" + e + "); check the file's syntax, "
                    + "and report it with the file if it looks valid");
            return null;
        }
    }

    /** Every port id written, even of ports read with problems, so devices are not blamed for them. */
    private static List<String> portIdsOf(YamlMap top) {
        List<String> ids = new ArrayList<>();
        for (Node n : top.items("ports")) {
            YamlMap p = YamlMap.of(top.file(), new Problems(), "", n);
            String id = p.string("id");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

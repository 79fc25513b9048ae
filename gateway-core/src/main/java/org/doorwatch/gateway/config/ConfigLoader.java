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
        HouseholdSection householdSection = new HouseholdSection(ctx);
        DeviceSection deviceSection = new DeviceSection(ctx);
        Node root = compose((key, i, item) -> {
            if (key.equals("households")) {
                householdSection.item(i, item);
            } else {
                deviceSection.item(i, item);
            }
        });
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
        GatewayConfig.IngestSettings ingest = ServiceSections.ingest(ctx, top.map("ingest"));
        Map<String, Policy> policies = PolicySection.read(ctx, top.map("policies"));
        top.items("households").forEach(new ItemIndex(householdSection::item)); // not a list: reported; else streamed
        HouseholdSection.Result households = householdSection.finish(policies);
        Map<String, Household> householdsById = new HashMap<>();
        households.households.forEach(h -> householdsById.put(h.id(), h));
        TenancySection.Result tenancies = TenancySection.read(ctx, top, householdsById, site.zone());
        Map<String, GatewayConfig.PayloadProfileConfig> profiles = ProfileSection.read(ctx, top.map("profiles"));
        List<PortSection.Read> portsRead = PortSection.read(ctx, top, site.zone());
        List<GatewayConfig.PortConfig> ports = portsRead.stream().map(PortSection.Read::config)
                .filter(java.util.Objects::nonNull).toList();
        Set<String> portIds = new HashSet<>();
        portIdsOf(top).forEach(portIds::add);
        top.items("devices").forEach(new ItemIndex(deviceSection::item));
        List<GatewayConfig.DeviceConfig> devices = deviceSection.finish(householdsById, profiles.keySet(), portIds);
        PortSection.checkDevices(ctx, portsRead, devices, deviceSection);
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

    /** The items of a list that was not streamed, with their index. */
    private static final class ItemIndex implements java.util.function.Consumer<Node> {
        interface Reader {
            void item(int i, Node item);
        }

        private final Reader reader;
        private int i;

        ItemIndex(Reader reader) {
            this.reader = reader;
        }

        @Override
        public void accept(Node item) {
            reader.item(i++, item);
        }
    }

    /** The top-level lists that are streamed: their items go to the sink as they are composed, not into the tree. */
    static final Set<String> STREAMED = Set.of("households", "devices");

    /**
     * The config file's node tree, but for the items of {@link #STREAMED} lists, which go to
     * {@code items} one by one (see {@link StreamingComposer}). On a syntax error, only the
     * syntax error is reported (what the items before it showed is dropped: the file is not
     * what its author meant yet) and null returned.
     */
    private Node compose(StreamingComposer.ItemSink items) {
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
        // SpareCharReader: a character outside the BMP across the end of SnakeYAML Engine 2.9's
        // read window made its StreamReader throw (see there).
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString())
                .setCodePointLimit(CODE_POINT_LIMIT).build();
        try {
            StreamReader reader = new StreamReader(settings, new SpareCharReader(new java.io.StringReader(text)));
            Composer composer = new StreamingComposer(settings, new ParserImpl(settings, reader), STREAMED, items);
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                ctx.problems.at(file, 1, 1, "the config file is empty; expected at least 'site'");
                return null;
            }
            return node.get();
        } catch (MarkedYamlEngineException e) {
            ctx.problems.truncate(0);
            var mark = e.getProblemMark().or(e::getContextMark);
            String what = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            ctx.problems.at(file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                    "YAML syntax error: " + what + context);
            return null;
        } catch (YamlEngineException e) {
            ctx.problems.truncate(0);
            ctx.problems.at(file, 0, 0, "YAML syntax error: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // a failure of the YAML library itself: still a problem to report, never a crash of the
            // loader; alone, as for a syntax error (what the entries before it showed is dropped)
            ctx.problems.truncate(0);
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

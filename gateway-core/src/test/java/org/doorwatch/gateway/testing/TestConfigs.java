package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * Gateway configs for tests: a YAML file in a temp folder (read by the real loader), with
 * {@code n} elderly households {@code h-1 .. h-n}, each with a door contact {@code door-h-i}.
 */
public final class TestConfigs {

    public static final String SITE = "test-site";

    private TestConfigs() {}

    /**
     * A site of elderly households whose door contacts report openings only: the two rules that
     * would read that as trouble (door-held-open, device-offline) are off, so a test sees the
     * escalation alone.
     *
     * @param mqtt       e.g. {@code "embedded: { port: 0 }"} or {@code "url: tcp://127.0.0.1:1883"}
     * @param inactivity e.g. {@code "{ warning: 2s, callBack: 4s, visit: 6s }"}
     */
    public static Path write(Path dir, String mqtt, int httpPort, String inactivity, int households) throws IOException {
        return write(dir, mqtt, httpPort, inactivity, households,
                "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n", "");
    }

    /**
     * @param extra        more top-level YAML (rules, profiles ...), or ""
     * @param extraDevices more device entries, each a line {@code "  - { ... }\n"}, or ""
     */
    public static Path write(Path dir, String mqtt, int httpPort, String inactivity, int households, String extra,
                             String extraDevices) throws IOException {
        Files.createDirectories(dir);
        StringBuilder y = new StringBuilder();
        y.append("site: { id: ").append(SITE).append(", timezone: Asia/Shanghai }\n");
        y.append("mqtt:\n  ").append(withAccounts(mqtt)).append('\n');
        y.append("storage: { path: data/gateway.db }\n");
        y.append("http: { port: ").append(httpPort).append(" }\n");
        y.append("policies:\n  elderly-living-alone:\n    inactivity: ").append(inactivity).append('\n');
        y.append("households:\n");
        for (int i = 1; i <= households; i++) {
            y.append("  - { id: \"h-").append(i).append("\", address: \"").append(i)
                    .append("号\", policy: elderly-living-alone, tags: [elderly] }\n");
        }
        y.append("devices:\n");
        for (int i = 1; i <= households; i++) {
            y.append("  - { id: door-h-").append(i).append(", kind: door-contact, household: \"h-").append(i)
                    .append("\", source: mqtt }\n");
        }
        y.append(extraDevices);
        y.append(extra);
        if (!extra.startsWith("channels:") && !extra.contains("\nchannels:")) {
            y.append(CONSOLE_READS_EVERYTHING);
        }
        Path file = dir.resolve("gateway.yml");
        Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
        List<String> accounts = new ArrayList<>();
        for (int i = 1; i <= households; i++) {
            accounts.add("door-h-" + i);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bid: *\"?([A-Za-z0-9._-]+)").matcher(extraDevices);
        while (m.find()) {
            accounts.add(m.group(1));
        }
        accounts.add(TestAccounts.CONSOLE);
        TestAccounts.write(dir.resolve(TestAccounts.FILE), accounts);
        return file;
    }

    /** The built-in channels with the test console as their reader (SPEC 10). */
    public static final String CONSOLE_READS_EVERYTHING = "channels:\n"
            + "  property: { readers: [" + TestAccounts.CONSOLE + "] }\n"
            + "  community: { readers: [" + TestAccounts.CONSOLE + "] }\n"
            + "  police: { readers: [" + TestAccounts.CONSOLE + "] }\n";

    /** {@code embedded: { port: N }} with the test accounts file; other broker settings as they are. */
    static String withAccounts(String mqtt) {
        String t = mqtt.strip();
        if (t.startsWith("embedded:") && !t.contains("usersFile")) {
            int close = t.lastIndexOf('}');
            if (close > 0) {
                return t.substring(0, close).stripTrailing() + ", usersFile: " + TestAccounts.FILE + " }";
            }
        }
        return mqtt;
    }

    public static GatewayConfig load(Path file) throws Exception {
        return ConfigLoader.load(file);
    }

    public static String deviceTopic(int household) {
        return "gw/" + SITE + "/devices/door-h-" + household + "/events";
    }

    public static String alertTopic(String channel) {
        return "gw/" + SITE + "/alerts/" + channel;
    }

    public static String alertsFilter() {
        return "gw/" + SITE + "/alerts/#";
    }

    /**
     * {@code base} plus a webhook channel routed to every elderly stage, built on the typed
     * records (with a secret given as bytes, which YAML would put in a file).
     */
    public static GatewayConfig withWebhook(GatewayConfig base, String channel, URI url, byte[] secret,
                                            Duration timeout) {
        List<GatewayConfig.ChannelConfig> channels = new ArrayList<>(base.channels());
        channels.add(new GatewayConfig.ChannelConfig(channel, false, null,
                new GatewayConfig.WebhookConfig(url, new GatewayConfig.Secret("test", secret), timeout,
                        Duration.ofHours(72))));
        Map<Stage, List<String>> elderly = new LinkedHashMap<>();
        for (Stage s : List.of(Stage.WARNING, Stage.CALL_BACK, Stage.VISIT)) {
            List<String> to = new ArrayList<>(base.engine().routes().channels(RuleNames.ELDERLY_INACTIVITY, s));
            to.add(channel);
            elderly.put(s, to);
        }
        var engine = base.engine().withChannels(List.of(channel))
                .withRoutes(Routes.withOverrides(Map.of(RuleNames.ELDERLY_INACTIVITY, elderly)));
        return new GatewayConfig(base.file(), base.siteId(), base.zone(), base.mqtt(), base.storage(), base.http(),
                engine, base.devices(), base.contacts(), channels, base.profiles(), base.tenants(), base.ports(),
                base.sources(), base.people(), base.ingest());
    }

    public static URI uri(String s) {
        return URI.create(s);
    }
}

package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Channels;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Tenancy;
import org.junit.jupiter.api.Test;

/**
 * The replay scenario of config/examples/rules, proven in the engine alone: the same site as
 * its gateway.yml, built in code; its events.jsonl read by a tiny reader and applied the way
 * {@code Replay} applies them; the alerts written field for field as {@code AlertJson} writes
 * them, in replay order; compared line by line with expected-alerts.jsonl. (ReplayRulesExampleIT
 * runs the same files through {@code scripts/gateway replay}.)
 */
class RulesExampleTest {

    static final Path DIR = Path.of(System.getProperty("doorwatch.root", "..")).resolve("config/examples/rules");
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant UNTIL = OffsetDateTime.parse("2026-11-23T06:00:00+08:00").toInstant();

    /** config/examples/rules/gateway.yml, as the config loader turns it into an EngineConfig. */
    static EngineConfig config() {
        Policy standard = new Policy("elderly-living-alone",
                new Inactivity(Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72)));
        Policy short6h = new Policy("check-in-6h",
                new Inactivity(Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(18)));
        List<Household> households = List.of(
                new Household("3-2-601", "3栋2单元601", null, List.of("rental")),
                new Household("5-1-302", "5栋1单元302", "elderly-living-alone", List.of("elderly")),
                new Household("6-1-101", "6栋1单元101", "check-in-6h", List.of("elderly")),
                new Household("6-1-202", "6栋1单元202", null, List.of("watch")));
        List<Device> devices = List.of(
                new Device("door-3-2-601", "door-contact", "3-2-601"),
                new Device("door-5-1-302", "door-contact", "5-1-302"),
                new Device("door-6-1-101", "door-contact", "6-1-101"),
                new Device("door-6-1-202", "door-contact", "6-1-202"),
                new Device("gate-3", "gate", null),
                new Device("reader-3", "card-reader", null));
        // Dates are site-local; `until: 2026-11-20` covers that whole day.
        List<Tenancy> tenancies = List.of(
                new Tenancy("card:5A3C91", "3-2-601", local("2026-03-01T00:00"), local("2026-11-21T00:00")),
                new Tenancy("card:77AB12", "3-2-601", local("2026-06-01T00:00"), local("2027-06-01T00:00")));
        RuleSettings rules = new RuleSettings(Set.of(), Duration.ofSeconds(120), 5, Duration.ofMinutes(10),
                Duration.ofHours(3), 3, Duration.ofHours(1), LocalTime.of(23, 0), LocalTime.of(5, 0));
        Map<String, Policy> policies = new LinkedHashMap<>();
        policies.put(standard.name(), standard);
        policies.put(short6h.name(), short6h);
        return new EngineConfig("shengli-road", ZONE, Channels.BUILT_IN, policies, households, devices, tenancies,
                Routes.defaultRoutes(), MessageTemplates.defaults(), rules);
    }

    @Test
    void theEngineRaisesExactlyTheExpectedAlerts() throws IOException {
        assertThat(replay(config(), DIR, UNTIL)).containsExactlyElementsOf(expected(DIR));
    }

    /** An example's events.jsonl through the engine as {@code Replay} runs it; the alerts as replay prints them. */
    static List<String> replay(EngineConfig config, Path dir, Instant until) throws IOException {
        WatchEngine engine = new WatchEngine(config);
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            DoorEvent e = event(FlatJson.parse(line));
            if (!engine.isStarted()) {
                engine.start(e.ts());
            }
            alerts.addAll(engine.apply(e, e.ts()));
            engine.commit();
        }
        alerts.addAll(engine.advance(until));
        return inReplayOrder(alerts).stream().map(RulesExampleTest::json).toList();
    }

    /** An example's expected-alerts.jsonl, without blank lines. */
    static List<String> expected(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("expected-alerts.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
    }

    @Test
    void theScenarioExercisesEveryRule() throws IOException {
        String expected = Files.readString(DIR.resolve("expected-alerts.jsonl"), StandardCharsets.UTF_8);
        for (String rule : org.doorwatch.domain.RuleNames.ALL) {
            if (rule.equals(org.doorwatch.domain.RuleNames.ROUTINE_DEVIATION)) {
                continue; // it needs weeks of history: config/examples/routine (RoutineExampleTest)
            }
            assertThat(expected).as(rule).contains("\"rule\":\"" + rule + "\"");
        }
    }

    // ------------------------------------------------------------------ what Replay and AlertJson do

    /** SPEC section 5: by ts; ties by household (none first), then stage order; stable. */
    static List<Alert> inReplayOrder(List<Alert> alerts) {
        List<Alert> out = new ArrayList<>(alerts);
        out.sort(Comparator.comparing(Alert::ts)
                .thenComparing(a -> a.household() == null ? "" : a.household())
                .thenComparing(Alert::stage));
        return out;
    }

    static String json(Alert a) {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "id", a.id());
        field(sb, "ts", time(a.ts()));
        field(sb, "rule", a.rule());
        field(sb, "stage", a.stage().name());
        if (a.household() != null) field(sb, "household", a.household());
        if (a.device() != null) field(sb, "device", a.device());
        sb.append("\"channels\":");
        value(sb, a.channels());
        sb.append(',');
        if (a.lastActivity() != null) field(sb, "lastActivity", time(a.lastActivity()));
        field(sb, "message", a.message());
        if (a.sensorOffline()) sb.append("\"sensorOffline\":true,");
        if (!a.evidence().isEmpty()) {
            sb.append("\"evidence\":{");
            a.evidence().forEach((k, v) -> {
                string(sb, k);
                sb.append(':');
                value(sb, v);
                sb.append(',');
            });
            sb.setLength(sb.length() - 1);
            sb.append("},");
        }
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        string(sb, name);
        sb.append(':');
        string(sb, value);
        sb.append(',');
    }

    private static void value(StringBuilder sb, Object v) {
        if (v instanceof Instant t) {
            string(sb, time(t));
        } else if (v instanceof Duration d) {
            string(sb, duration(d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            c.forEach(x -> {
                value(sb, x);
                sb.append(',');
            });
            if (!c.isEmpty()) sb.setLength(sb.length() - 1);
            sb.append(']');
        } else {
            string(sb, String.valueOf(v));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(ZONE).toOffsetDateTime());
    }

    /** The config's duration form, as the gateway prints evidence: 3d, 36h, 10m, 45s. */
    private static String duration(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
        if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    private static Instant local(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    static DoorEvent event(Map<String, String> f) {
        return new DoorEvent(OffsetDateTime.parse(f.get("ts")).toInstant(), f.get("device"), EventType.valueOf(f.get("type")),
                f.get("household"), f.get("credential"), f.get("direction") == null ? null : Direction.valueOf(f.get("direction")),
                f.get("by"), f.get("until") == null ? null : OffsetDateTime.parse(f.get("until")).toInstant());
    }

    /** A reader for one flat JSON object of string values, enough for events.jsonl. */
    static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, String> parse(String line) {
            return new FlatJson(line.trim()).object();
        }

        private Map<String, String> object() {
            Map<String, String> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                out.put(key, string());
                if (peek() == ',') {
                    i++;
                }
            }
            expect('}');
            return out;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    sb.append(e == 'u' ? (char) Integer.parseInt(s.substring(i, i += 4), 16) : e == 'n' ? '\n' : e);
                } else {
                    sb.append(c);
                }
            }
            i++;
            return sb.toString();
        }

        private char peek() {
            while (Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }
    }
}

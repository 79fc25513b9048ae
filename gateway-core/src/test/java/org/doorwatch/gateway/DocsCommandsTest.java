package org.doorwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.doorwatch.gateway.cli.Cli;
import org.doorwatch.gateway.testing.DocCommands;
import org.doorwatch.gateway.testing.DocCommands.Command;
import org.junit.jupiter.api.Test;

/**
 * Docs do not rot (issue 21): every command of the README's and docs/'s shell blocks
 * ({@link DocCommands}) is either
 * <ul>
 *   <li>a launcher of {@code scripts/} that exists, with options it takes: for {@code
 *       scripts/gateway}, a command that {@code gateway --help} lists, whose options are in its
 *       {@code gateway <command> --help} line and which the command's own parser accepts (the CLI
 *       run in this JVM on the documented arguments plus two unknown options: the parser stops
 *       at the first unknown one, before the command does anything); for {@code scripts/simulator}
 *       and {@code scripts/noise-report}, options their usage text lists and their parser
 *       handles; for the other scripts, options their own {@code case} handles;</li>
 *   <li>a Maven line that names modules and test classes that exist, properties a test reads,
 *       and no {@code install};</li>
 *   <li>or, for anything else ({@code curl}, {@code mosquitto_pub}, {@code systemctl} ...), the
 *       exact line listed in {@link #RUN_BY} with the test that runs it; that test's file must
 *       exist and contain the command's distinctive part (those tests read the line from the
 *       document and run it with ports and secrets put in).</li>
 * </ul>
 * A command that is none of these fails the test with its document and line.
 */
class DocsCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("doorwatch.root", "..")).toAbsolutePath().normalize();

    /** A documented line and the test (or script of the suite) that runs it. */
    record RunBy(String command, String file, String distinctive) {}

    static final List<RunBy> RUN_BY = List.of(
            // README's first steps and docs/operations.md: against `scripts/gateway run` on the default config
            new RunBy("curl -s localhost:8080/health",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java", "curl -s localhost:8080/health"),
            new RunBy("curl -s localhost:8080/metrics | grep ^doorwatch_",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java", "curl -s localhost:8080/metrics"),
            // the installer guides: an account, a receiver and a device of the default config
            new RunBy("mosquitto_sub -h 127.0.0.1 -p 1883 -u property-office -P \"$PW\" -q 1 -v -i property-office -c "
                    + "-t gw/shengli-road/alerts/property",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java",
                    "mosquitto_sub -h 127.0.0.1 -p 1883 -u property-office"),
            new RunBy("mosquitto_pub -h 127.0.0.1 -p 1883 -u door-3-2-501 -P \"$PW\" -q 1 "
                    + "-t gw/shengli-road/devices/door-3-2-501/events -m '{\"type\":\"DOOR_OPENED\"}'",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java",
                    "mosquitto_pub -h 127.0.0.1 -p 1883 -u door-3-2-501"),
            // docs/api.md: the staff API by curl, on the same gateway
            new RunBy("curl -s -XPOST localhost:8080/api/login -d '{\"name\":\"wang-property\",\"password\":\"…\"}'",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java", "curl -s -XPOST localhost:8080/api/login"),
            new RunBy("curl -s -H \"Authorization: Bearer Xq3…\" 'localhost:8080/api/alerts?state=open&stage=CALL_BACK'",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java", "localhost:8080/api/alerts?state=open&stage=CALL_BACK"),
            new RunBy("curl -s -H \"Authorization: Bearer Xq3…\" -XPOST localhost:8080/api/alerts/<id>/outcome "
                    + "-d '{\"code\":\"in-hospital\",\"until\":\"2026-11-30\",\"note\":\"女儿来电，住院至30日\"}'",
                    "gateway-core/src/test/java/org/doorwatch/gateway/run/RunScriptIT.java", "-XPOST localhost:8080/api/alerts/<id>/outcome"),
            // docs/operations.md: installing the units (into a scratch root; daemon-reload and --now need a running systemd)
            new RunBy("cp config/systemd/doorwatch-backup.service config/systemd/doorwatch-backup.timer /etc/systemd/system/",
                    "gateway-core/src/test/java/org/doorwatch/gateway/cli/BackupTimerIT.java", "cp config/systemd/doorwatch-backup.service"),
            new RunBy("systemctl daemon-reload && systemctl enable --now doorwatch-backup.timer",
                    "gateway-core/src/test/java/org/doorwatch/gateway/cli/BackupTimerIT.java", "systemctl daemon-reload && systemctl enable --now "),
            new RunBy("cp config/systemd/doorwatch.service /etc/systemd/system/",
                    "gateway-core/src/test/java/org/doorwatch/gateway/cli/BackupTimerIT.java", "cp config/systemd/doorwatch.service"),
            new RunBy("systemctl daemon-reload && systemctl enable --now doorwatch.service",
                    "gateway-core/src/test/java/org/doorwatch/gateway/cli/BackupTimerIT.java", "systemctl daemon-reload && systemctl enable --now "),
            // docs/simulator.md: the shared anchor of the gateway and the simulator
            new RunBy("anchor=$(date -u -d '+15 seconds' +%Y-%m-%dT%H:%M:%SZ)",
                    "simulator/src/test/java/org/doorwatch/simulator/SimulatorAgainstGatewayIT.java", "anchor=$(date -u -d '+15 seconds'"));

    private static final Set<String> MAVEN_GOALS = Set.of("clean", "compile", "test-compile", "test", "package", "verify");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

    @Test
    void everyDocumentedCommandExistsOrIsRunByANamedTest() {
        List<Command> commands = DocCommands.ofRepository(ROOT);
        Set<String> files = commands.stream().map(Command::file).collect(Collectors.toSet());
        assertThat(files).as("documents with commands").contains("README.md", "docs/installer-guide.zh.md",
                "docs/installer-guide.en.md", "docs/operations.md", "docs/api.md", "docs/configuration.md", "docs/rules.md",
                "docs/simulator.md");
        assertThat(commands.size()).as("commands found: %s", commands).isGreaterThan(40);

        Checker checker = new Checker(ROOT);
        List<String> problems = new ArrayList<>();
        for (Command c : commands) {
            checker.problem(c).ifPresent(p -> problems.add(c.file() + ":" + c.line() + ": `" + c.text() + "`: " + p));
        }
        assertThat(problems).as("commands of the docs that are neither known commands nor run by a test").isEmpty();

        Set<String> documented = commands.stream().map(Command::text).collect(Collectors.toSet());
        assertThat(RUN_BY).as("every RUN_BY entry is a line some document shows")
                .allSatisfy(r -> assertThat(documented).contains(r.command()));
    }

    @Test
    void aMadeUpGatewayCommandFailsWithItsDocumentAndLine() {
        String doc = "# A guide\n\nFirst:\n\n```sh\nscripts/gateway check-config --config site.yml\nscripts/gateway frobnicate --config site.yml\n```\n";
        List<Command> commands = DocCommands.extract("docs/made-up.md", doc);
        assertThat(commands).extracting(Command::toString).containsExactly(
                "docs/made-up.md:6: scripts/gateway check-config --config site.yml",
                "docs/made-up.md:7: scripts/gateway frobnicate --config site.yml");
        Checker checker = new Checker(ROOT);
        assertThat(checker.problem(commands.get(0))).isEmpty();
        assertThat(checker.problem(commands.get(1))).hasValueSatisfying(p -> assertThat(p).contains("frobnicate")
                .contains("not a command of scripts/gateway"));
    }

    @Test
    void optionsACommandDoesNotTakeFail() {
        Checker checker = new Checker(ROOT);
        // not in backup's usage line, and its parser refuses it
        assertThat(checker.problem(cmd("scripts/gateway backup --too /var/backups/doorwatch/"))).hasValueSatisfying(p ->
                assertThat(p).contains("--too"));
        // in another command's usage, not in this one's
        assertThat(checker.problem(cmd("scripts/gateway restore --from x.db --keep 3"))).hasValueSatisfying(p ->
                assertThat(p).contains("--keep"));
        assertThat(checker.problem(cmd("scripts/gateway backup --to /var/backups/doorwatch/ --keep 14 --config /etc/doorwatch/gateway.yml")))
                .isEmpty();
        assertThat(checker.problem(cmd("scripts/simulator --config my-site.yml --frobnicate"))).hasValueSatisfying(p ->
                assertThat(p).contains("--frobnicate"));
        assertThat(checker.problem(cmd("scripts/simulator --config my-site.yml --days 7 --show-alerts"))).isEmpty();
        assertThat(checker.problem(cmd("scripts/noise-report --households 10 --calm"))).hasValueSatisfying(p ->
                assertThat(p).contains("--calm"));
        assertThat(checker.problem(cmd("scripts/demo --speed 100"))).hasValueSatisfying(p -> assertThat(p).contains("--speed"));
        assertThat(checker.problem(cmd("scripts/demo --help"))).isEmpty();
        assertThat(checker.problem(cmd("scripts/no-such-script"))).hasValueSatisfying(p -> assertThat(p).contains("no such script"));
        assertThat(checker.problem(cmd("mvn -B -ntp -pl gateway-core -am install"))).hasValueSatisfying(p ->
                assertThat(p).contains("install"));
        assertThat(checker.problem(cmd("mvn -B -ntp -pl gateway-core -am verify -Dit.test=NoSuchIT"))).hasValueSatisfying(p ->
                assertThat(p).contains("NoSuchIT"));
        assertThat(checker.problem(cmd("mvn -B -ntp -pl gateway-core -am verify -Ddoorwatch.nothing=1"))).hasValueSatisfying(p ->
                assertThat(p).contains("doorwatch.nothing"));
    }

    @Test
    void aLineNoTestRunsFailsAndSoDoesATestThatDoesNotRunIt() {
        Checker checker = new Checker(ROOT);
        assertThat(checker.problem(cmd("curl -s localhost:8080/api/nothing"))).hasValueSatisfying(p ->
                assertThat(p).contains("run by no test"));
        // a registry entry whose test does not contain the command is refused too
        Checker wrong = new Checker(ROOT, List.of(new RunBy("curl -s localhost:8080/health",
                "gateway-core/src/test/java/org/doorwatch/gateway/health/HealthTest.java", "curl -s localhost:8080/health")));
        assertThat(wrong.problem(cmd("curl -s localhost:8080/health"))).hasValueSatisfying(p ->
                assertThat(p).contains("HealthTest.java").contains("does not contain"));
        Checker missing = new Checker(ROOT, List.of(new RunBy("curl -s localhost:8080/health",
                "gateway-core/src/test/java/org/doorwatch/gateway/NoSuchIT.java", "curl -s localhost:8080/health")));
        assertThat(missing.problem(cmd("curl -s localhost:8080/health"))).hasValueSatisfying(p ->
                assertThat(p).contains("NoSuchIT.java").contains("does not exist"));
    }

    @Test
    void transcriptsContinuationsAndComments() {
        String doc = String.join("\n",
                "```sh",
                "$ scripts/gateway replay --config config/examples/replay/gateway.yml \\",
                "    --events config/examples/replay/events.jsonl   # the example",
                "{\"id\":\"…\"}",
                "replay: 11 events applied",
                "```",
                "```yaml",
                "scripts/gateway frobnicate: not a shell block",
                "```",
                "```bash",
                "# a comment",
                "",
                "   mosquitto_pub -m '{\"a\":\"# not a comment\"}'   # a comment",
                "```");
        assertThat(DocCommands.extract("x.md", doc)).extracting(Command::toString).containsExactly(
                "x.md:2: scripts/gateway replay --config config/examples/replay/gateway.yml --events config/examples/replay/events.jsonl",
                "x.md:13: mosquitto_pub -m '{\"a\":\"# not a comment\"}'");
    }

    private static Command cmd(String text) {
        return new Command("docs/test.md", 1, text);
    }

    /** Decides whether one documented command is known or run by a test; empty when it is. */
    static final class Checker {

        private final Path root;
        private final Map<String, RunBy> runBy = new HashMap<>();
        private final Map<String, String> gatewayUsage = new LinkedHashMap<>();
        private final Map<String, Set<String>> javaOptions = new HashMap<>();
        private Set<String> testClasses;

        Checker(Path root) {
            this(root, RUN_BY);
        }

        Checker(Path root, List<RunBy> registry) {
            this.root = root;
            registry.forEach(r -> runBy.put(r.command(), r));
            Run help = cli("--help");
            Matcher m = Pattern.compile("(?m)^  ([a-z][a-z-]*) ").matcher(help.out);
            while (m.find()) {
                String command = m.group(1);
                Run usage = cli(command, "--help");
                assertThat(usage.code).as("gateway %s --help: %s", command, usage.err).isZero();
                gatewayUsage.put(command, usage.out);
            }
            assertThat(gatewayUsage).as("the commands of `gateway --help`").containsKeys("run", "check-config", "backup");
        }

        Optional<String> problem(Command c) {
            RunBy r = runBy.get(c.text());
            if (r != null) {
                return registered(c, r);
            }
            List<String> words = words(c.text());
            if (words.isEmpty()) {
                return Optional.of("no command");
            }
            String program = words.get(0);
            if (program.startsWith("scripts/")) {
                return script(program, words.subList(1, words.size()));
            }
            if (program.equals("mvn")) {
                return maven(words.subList(1, words.size()));
            }
            return Optional.of("run by no test: add it to an integration test that runs it, and to DocsCommandsTest.RUN_BY");
        }

        private Optional<String> registered(Command c, RunBy r) {
            if (!c.text().contains(r.distinctive())) {
                return Optional.of("its RUN_BY part '" + r.distinctive() + "' is not in the command");
            }
            Path file = root.resolve(r.file());
            if (!Files.isRegularFile(file)) {
                return Optional.of(r.file() + ", named in RUN_BY, does not exist");
            }
            if (!read(file).contains(r.distinctive())) {
                return Optional.of(r.file() + ", named in RUN_BY, does not contain '" + r.distinctive() + "'");
            }
            return Optional.empty();
        }

        private Optional<String> script(String program, List<String> args) {
            Path script = root.resolve(program);
            if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
                return Optional.of("no such script " + program);
            }
            List<String> options = args.stream().filter(a -> a.startsWith("--"))
                    .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList();
            switch (program) {
                case "scripts/gateway":
                    return gateway(args);
                case "scripts/simulator":
                    return accepted(options, javaOptions("simulator/src/main/java/org/doorwatch/simulator/SimulatorMain.java"),
                            "scripts/simulator --help");
                case "scripts/noise-report":
                    return accepted(options, javaOptions("simulator/src/main/java/org/doorwatch/simulator/NoiseReport.java"),
                            "scripts/noise-report --help");
                default:
                    String text = read(script);
                    for (String o : options) {
                        if (!Pattern.compile("(?m)(^|[\\s(|])" + Pattern.quote(o) + "[)|]").matcher(text).find()) {
                            return Optional.of(program + " does not take " + o);
                        }
                    }
                    return Optional.empty();
            }
        }

        private Optional<String> gateway(List<String> args) {
            if (args.isEmpty() || args.get(0).startsWith("-")) {
                return args.contains("--help") ? Optional.empty() : Optional.of("scripts/gateway needs a command");
            }
            String command = args.get(0);
            String usage = gatewayUsage.get(command);
            if (usage == null) {
                return Optional.of("'" + command + "' is not a command of scripts/gateway (gateway --help lists " + gatewayUsage.keySet() + ")");
            }
            List<String> rest = args.subList(1, args.size());
            for (String a : rest) {
                String o = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (o.startsWith("--") && !o.equals("--help")
                        && !Pattern.compile(Pattern.quote(o) + "(?![a-z0-9-])").matcher(usage).find()) {
                    return Optional.of(o + " is not in `gateway " + command + " --help`: " + usage.strip());
                }
            }
            if (rest.contains("--help") || rest.contains("-h")) {
                return Optional.empty();
            }
            // the command's own parser on the documented arguments; it stops at the first option it
            // does not know, so the two sentinels make sure it never gets as far as doing anything
            List<String> probe = new ArrayList<>(args);
            probe.add("--doc-check-sentinel-a");
            probe.add("--doc-check-sentinel-b");
            Run run = cli(probe.toArray(String[]::new));
            Matcher unknown = Pattern.compile("unknown option (--\\S+)").matcher(run.err);
            if (!unknown.find()) {
                return Optional.of("gateway " + command + "'s parser did not stop at the sentinel: " + run.err.strip());
            }
            if (!unknown.group(1).startsWith("--doc-check-sentinel")) {
                return Optional.of("gateway " + command + " refuses " + unknown.group(1));
            }
            return Optional.empty();
        }

        private static Optional<String> accepted(List<String> options, Set<String> known, String where) {
            for (String o : options) {
                if (!known.contains(o)) {
                    return Optional.of(o + " is not an option of " + where + " " + known);
                }
            }
            return Optional.empty();
        }

        /** The options a main class's USAGE text lists and its parser's {@code case "--x"} handles. */
        private Set<String> javaOptions(String source) {
            return javaOptions.computeIfAbsent(source, s -> {
                String text = read(root.resolve(s));
                int from = text.indexOf("static final String USAGE");
                int to = text.indexOf("\");", from);
                assertThat(from).as("USAGE in %s", s).isPositive();
                Set<String> listed = new LinkedHashSet<>();
                Matcher m = OPTION.matcher(text.substring(from, to));
                while (m.find()) {
                    listed.add(m.group());
                }
                Set<String> handled = new LinkedHashSet<>();
                Matcher c = Pattern.compile("case \"(--[a-z0-9-]+)\"").matcher(text);
                while (c.find()) {
                    handled.add(c.group(1));
                }
                Matcher more = Pattern.compile("case (\"--[^>]*)->").matcher(text);
                while (more.find()) {
                    Matcher q = Pattern.compile("\"(--[a-z0-9-]+)\"").matcher(more.group(1));
                    while (q.find()) {
                        handled.add(q.group(1));
                    }
                }
                listed.retainAll(handled);
                assertThat(listed).as("options of %s", s).contains("--config", "--households");
                if (handled.contains("--help")) {
                    listed.add("--help");
                }
                return listed;
            });
        }

        private Optional<String> maven(List<String> args) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-pl") && i + 1 < args.size()) {
                    for (String module : args.get(++i).split(",")) {
                        if (!Files.isRegularFile(root.resolve(module).resolve("pom.xml"))) {
                            return Optional.of("no module " + module);
                        }
                    }
                } else if (a.startsWith("-D") && a.contains("=")) {
                    String name = a.substring(2, a.indexOf('='));
                    String value = a.substring(a.indexOf('=') + 1);
                    if (name.equals("test") || name.equals("it.test")) {
                        for (String cls : value.split(",")) {
                            if (!cls.equals("none") && !testClasses().contains(cls)) {
                                return Optional.of("no test class " + cls);
                            }
                        }
                    } else if (name.startsWith("doorwatch.") && !readByATest(name)) {
                        return Optional.of("no test reads the property " + name);
                    }
                } else if (!a.startsWith("-")) {
                    if (a.equals("install") || a.equals("deploy")) {
                        return Optional.of("mvn " + a + ": never (the SNAPSHOTs in ~/.m2 are shared); use -pl X -am verify");
                    }
                    if (!MAVEN_GOALS.contains(a)) {
                        return Optional.of("unexpected Maven goal " + a);
                    }
                }
            }
            return Optional.empty();
        }

        private Set<String> testClasses() {
            if (testClasses == null) {
                testClasses = testSources().stream().map(p -> p.getFileName().toString().replace(".java", ""))
                        .collect(Collectors.toSet());
            }
            return testClasses;
        }

        private boolean readByATest(String property) {
            return testSources().stream().filter(p -> !p.getFileName().toString().equals("DocsCommandsTest.java"))
                    .anyMatch(p -> read(p).contains("\"" + property + "\""));
        }

        /** The test sources of every module (MODULE/src/test/java). */
        private List<Path> testSources() {
            List<Path> out = new ArrayList<>();
            try (Stream<Path> modules = Files.list(root)) {
                for (Path tests : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                    try (Stream<Path> files = Files.walk(tests)) {
                        files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        /** A command line's words, quotes removed, up to the first shell operator; synopsis brackets dropped. */
        static List<String> words(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            char quote = 0;
            boolean inWord = false;
            for (int i = 0; i <= line.length(); i++) {
                char c = i < line.length() ? line.charAt(i) : ' ';
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        w.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        String word = w.toString();
                        if (Set.of("|", "||", "&&", "&", ";", ">", "2>", "<").contains(word)) {
                            break;
                        }
                        String bare = word.replace("[", "").replace("]", "");
                        if (!bare.isEmpty() && !bare.equals("...") && !bare.equals("options")) {
                            words.add(bare);
                        }
                    }
                    w.setLength(0);
                    inWord = false;
                } else {
                    w.append(c);
                    inWord = true;
                }
            }
            return words;
        }

        private record Run(int code, String out, String err) {}

        private static Run cli(String... argv) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = Cli.run(argv, o, e);
            }
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

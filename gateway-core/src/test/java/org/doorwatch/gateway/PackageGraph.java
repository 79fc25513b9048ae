package org.doorwatch.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependency graph between the packages of our Java sources ({@code org.doorwatch.*}), read
 * from the source text: {@code import} lines (plain, static, wildcard) and fully qualified names
 * in code ({@code org.doorwatch.gateway.config.Durations.format(d)}). Comments and string
 * literals do not count. Every edge keeps the first place that makes it, so a failure can say
 * which line to change.
 */
final class PackageGraph {

    /** Where an edge comes from: a file, its line, and the text of the line. */
    record Evidence(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text.strip();
        }
    }

    private static final String OURS = "org.doorwatch";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;",
            Pattern.MULTILINE);
    /** A qualified name in code: lower-case package segments, then a type (upper-case first letter). */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(org\\.doorwatch(?:\\.[a-z_][\\w]*)*)\\.[A-Z]");

    private final Map<String, Map<String, Evidence>> edges = new TreeMap<>();
    private int files;

    /** The graph of every {@code src/main/java} tree under the modules of {@code root}. */
    static PackageGraph ofMainSources(Path root) {
        PackageGraph g = new PackageGraph();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) {
                    continue;
                }
                try (Stream<Path> sources = Files.walk(main)) {
                    for (Path f : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        g.add(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return g;
    }

    /** The repository root: the nearest folder above the working directory that holds gateway-core. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("gateway-core/src/main/java")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no gateway-core/src/main/java above " + Path.of("").toAbsolutePath());
    }

    /** Adds one source file; {@code name} is how failures name it. */
    PackageGraph add(String name, String source) {
        files++;
        Matcher pm = PACKAGE.matcher(source);
        if (!pm.find()) {
            return this; // the default package: nothing of ours can import it
        }
        String from = pm.group(1);
        edges.computeIfAbsent(from, k -> new TreeMap<>());
        String code = withoutCommentsAndStrings(source);
        Matcher im = IMPORT.matcher(code);
        while (im.find()) {
            String target = im.group(2) != null && isPackageName(im.group(1)) ? im.group(1) : packageOf(im.group(1));
            edge(from, target, name, source, im.start());
        }
        Matcher qm = QUALIFIED.matcher(code);
        while (qm.find()) {
            if (!isPackageLine(code, qm.start())) {
                edge(from, qm.group(1), name, source, qm.start());
            }
        }
        return this;
    }

    int files() {
        return files;
    }

    Set<String> packages() {
        return edges.keySet();
    }

    /** The packages of ours that {@code pkg} imports (itself excluded). */
    Set<String> imports(String pkg) {
        return edges.getOrDefault(pkg, Map.of()).keySet();
    }

    Evidence evidence(String from, String to) {
        return edges.get(from).get(to);
    }

    /**
     * Every cycle between packages, one per strongly connected component of more than one
     * package: the shortest cycle through the component's first package, e.g. [a, b, a].
     */
    List<List<String>> cycles() {
        List<List<String>> out = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() > 1) {
                out.add(shortestCycle(component.iterator().next(), component));
            }
        }
        return out;
    }

    /**
     * A cycle as a failure message: the packages in order, the line behind each step, and every
     * package tangled with them (the cycle's strongly connected component).
     */
    String describe(List<String> cycle) {
        StringBuilder b = new StringBuilder("  ").append(String.join(" -> ", cycle)).append('\n');
        components().stream().filter(c -> c.contains(cycle.get(0))).findFirst()
                .ifPresent(c -> b.append("    (tangled together: ").append(String.join(", ", c)).append(")\n"));
        for (int i = 0; i + 1 < cycle.size(); i++) {
            b.append("    ").append(cycle.get(i)).append(" -> ").append(cycle.get(i + 1)).append(": ")
                    .append(evidence(cycle.get(i), cycle.get(i + 1))).append('\n');
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ reading

    private void edge(String from, String to, String file, String source, int offset) {
        if (!to.equals(OURS) && !to.startsWith(OURS + ".") || to.equals(from)) {
            return;
        }
        edges.computeIfAbsent(to, k -> new TreeMap<>());
        edges.get(from).computeIfAbsent(to, k -> {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            int start = source.lastIndexOf('\n', offset - 1) + 1;
            int end = source.indexOf('\n', offset);
            return new Evidence(file, line, source.substring(start, end < 0 ? source.length() : end));
        });
    }

    /** The package part of a type's or a static member's qualified name: the segments before the first upper-case one. */
    private static String packageOf(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) {
                break;
            }
            b.append(b.length() == 0 ? "" : ".").append(p);
        }
        return b.toString();
    }

    private static boolean isPackageName(String qualified) {
        return packageOf(qualified).equals(qualified);
    }

    private static boolean isPackageLine(String code, int offset) {
        int start = code.lastIndexOf('\n', offset - 1) + 1;
        String line = code.substring(start, offset).strip();
        return line.startsWith("package") || line.startsWith("import");
    }

    /** The source with comments, string, text-block and char literals blanked out; line breaks kept. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < n && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, n);
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ cycles

    /** Tarjan's strongly connected components, each in name order, listed by their first package. */
    private List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String p : edges.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, index, low, stack, onStack, out, counter);
            }
        }
        out.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return out;
    }

    private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : imports(v)) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }

    /** Breadth-first from {@code start} back to it, inside {@code component}: [start, ..., start]. */
    private List<String> shortestCycle(String start, Set<String> component) {
        Map<String, String> cameFrom = new HashMap<>();
        Set<String> seen = new TreeSet<>(List.of(start));
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : imports(v)) {
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String x = v; x != null; x = cameFrom.get(x)) {
                        path.add(0, x);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(w) && seen.add(w)) {
                    cameFrom.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in " + component);
    }
}

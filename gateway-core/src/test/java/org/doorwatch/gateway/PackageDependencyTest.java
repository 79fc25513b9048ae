package org.doorwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The package layout of docs/DESIGN.md, checked on the import lines of every module's main code
 * (issue 12): no import cycle between packages, and the event path imports only down its
 * direction. An event goes intake -> writer -> (the rules engine) -> storage -> delivery ->
 * mqtt; the composition root ({@code run}) wires them and only the command line imports it.
 *
 * <p>Run alone: {@code mvn -B -ntp -q -pl gateway-core -am verify -DskipITs -Dtest=PackageDependencyTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PackageDependencyTest {

    private static final String G = "org.doorwatch.gateway.";

    /**
     * What a package of the event path must not import: what comes after it on the path and uses
     * it (writer's users: delivery reports through its own interface, staff submits commands, run
     * wires everything), or what comes before it.
     */
    private static final Map<String, List<String>> FORBIDDEN = forbidden(
            "intake", List.of("delivery", "staff", "run", "cli"),
            "writer", List.of("intake", "staff", "run", "cli"),
            "delivery", List.of("writer", "intake", "staff", "run", "cli"),
            "mqtt", List.of("intake", "writer", "delivery", "staff", "run", "cli"),
            "staff", List.of("run", "cli"),
            // The console (issue 15) shows only what the staff API gives the same caller: it reads
            // through StaffApi.invoke, never the store, and sits beside the API, not on the path.
            "staff.console", List.of("storage", "intake", "delivery", "mqtt", "run", "cli"));

    /**
     * Small shared types every adapter may use; they import no package of the gateway. The
     * password hashes and files are shared by the staff API ({@code staff}) and the embedded
     * broker's accounts ({@code mqtt}, which may not import {@code staff}): a leaf of their own.
     */
    private static final List<String> LEAVES = List.of("health", "clock", "metrics", "passwords");

    private final PackageGraph graph = PackageGraph.ofMainSources(PackageGraph.repositoryRoot());

    @Test
    void everyModulesMainCodeIsRead() {
        assertThat(graph.files()).as("source files read").isGreaterThan(200);
        assertThat(graph.packages()).contains("org.doorwatch.rules", "org.doorwatch.domain", "org.doorwatch.drivers",
                "org.doorwatch.simulator", G + "intake", G + "writer", G + "storage", G + "delivery", G + "mqtt",
                G + "staff", G + "staff.auth", G + "staff.console", G + "run", G + "health", G + "clock",
                G + "passwords");
        assertThat(graph.imports(G + "run")).as("the composition root's imports").contains(G + "intake", G + "writer",
                G + "delivery", G + "staff");
    }

    @Test
    void noImportCycleBetweenPackages() {
        List<List<String>> cycles = graph.cycles();
        if (!cycles.isEmpty()) {
            StringBuilder b = new StringBuilder("import cycles between packages of the main code:\n");
            cycles.forEach(c -> b.append(graph.describe(c)));
            fail(b.toString());
        }
    }

    @Test
    void theEventPathImportsOnlyDownItsDirection() {
        List<String> wrong = new ArrayList<>();
        FORBIDDEN.forEach((pkg, banned) -> {
            for (String target : graph.imports(pkg)) {
                if (banned.stream().anyMatch(b -> target.equals(b) || target.startsWith(b + "."))) {
                    wrong.add(pkg + " must not import " + target + ": " + graph.evidence(pkg, target));
                }
            }
        });
        assertThat(wrong).as("imports against the event path").isEmpty();
    }

    @Test
    void onlyTheCompositionRootImportsTheConsole() {
        List<String> wrong = new ArrayList<>();
        for (String pkg : graph.packages()) {
            if (!pkg.equals(G + "run") && !pkg.equals(G + "staff.console") && graph.imports(pkg).contains(G + "staff.console")) {
                wrong.add(pkg + " imports " + G + "staff.console: " + graph.evidence(pkg, G + "staff.console"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The noise report (scripts/noise-report) is a measurement harness: it hosts a gateway in its
     * own JVM to run it on the simulator's accelerated clock. The simulator proper reaches the
     * gateway only over the transports devices use, so no other file of it may import {@code run}.
     */
    private static final String NOISE_REPORT = "NoiseReport.java";

    private static List<String> importersOfRun(String pkg) {
        java.nio.file.Path dir = PackageGraph.repositoryRoot().resolve("simulator/src/main/java/" + pkg.replace('.', '/'));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> {
                try {
                    return java.nio.file.Files.readString(f).contains("import " + G + "run.");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onlyRunAndTheCommandLineImportTheCompositionRoot() {
        List<String> wrong = new ArrayList<>();
        for (String pkg : graph.packages()) {
            if (pkg.equals(G + "run") || pkg.equals(G + "cli")) {
                continue;
            }
            if (pkg.equals("org.doorwatch.simulator") && importersOfRun(pkg).equals(List.of(NOISE_REPORT))) {
                continue;
            }
            if (graph.imports(pkg).contains(G + "run")) {
                wrong.add(pkg + " imports " + G + "run: " + graph.evidence(pkg, G + "run"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void leavesImportNoPackageOfTheGateway() {
        List<String> wrong = new ArrayList<>();
        for (String leaf : LEAVES) {
            for (String target : graph.imports(G + leaf)) {
                if (target.startsWith(G)) {
                    wrong.add(G + leaf + " imports " + target + ": " + graph.evidence(G + leaf, target));
                }
            }
        }
        // alert (the alert JSON) is almost a leaf: it writes durations the way the config reads them.
        for (String target : graph.imports(G + "alert")) {
            if (target.startsWith(G) && !target.equals(G + "config")) {
                wrong.add(G + "alert imports " + target + ": " + graph.evidence(G + "alert", target));
            }
        }
        assertThat(wrong).isEmpty();
    }

    // ------------------------------------------------------------------ the check itself

    @Test
    void aBackImportIsReportedAsACycleWithTheLinesBehindIt() {
        PackageGraph g = new PackageGraph()
                .add("a/A.java", "package org.doorwatch.x.a;\n\nimport org.doorwatch.x.b.B;\n\nclass A {}\n")
                .add("b/B.java", "package org.doorwatch.x.b;\n\nimport static org.doorwatch.x.c.C.ONE;\n\nclass B {}\n")
                .add("c/C.java", "package org.doorwatch.x.c;\n\nclass C {\n    Object a = new org.doorwatch.x.a.A();\n}\n")
                .add("d/D.java", "package org.doorwatch.x.d;\n\nimport org.doorwatch.x.a.*;\n\nclass D {}\n");

        assertThat(g.cycles()).containsExactly(List.of("org.doorwatch.x.a", "org.doorwatch.x.b", "org.doorwatch.x.c",
                "org.doorwatch.x.a"));
        assertThat(g.imports("org.doorwatch.x.d")).containsExactly("org.doorwatch.x.a");
        assertThat(g.describe(g.cycles().get(0))).contains(
                "org.doorwatch.x.b -> org.doorwatch.x.c: b/B.java:3: import static org.doorwatch.x.c.C.ONE;",
                "org.doorwatch.x.c -> org.doorwatch.x.a: c/C.java:4: Object a = new org.doorwatch.x.a.A();");
    }

    @Test
    void commentsStringsAndOtherLibrariesAreNoImports() {
        PackageGraph g = new PackageGraph()
                .add("a/A.java", """
                        package org.doorwatch.x.a;

                        import java.util.List;
                        import org.slf4j.Logger;

                        /** See {@link org.doorwatch.x.b.B}. */
                        class A {
                            // org.doorwatch.x.b.B is not used here
                            String s = "org.doorwatch.x.b.B";
                            String url = "tcp://host"; Object t = new org.doorwatch.x.c.C();
                        }
                        """)
                .add("b/B.java", "package org.doorwatch.x.b;\nimport org.doorwatch.x.a.A;\nclass B {}\n");

        assertThat(g.imports("org.doorwatch.x.a")).containsExactly("org.doorwatch.x.c");
        assertThat(g.cycles()).isEmpty();
    }

    private static Map<String, List<String>> forbidden(Object... pairs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> banned = (List<String>) pairs[i + 1];
            out.put(G + pairs[i], banned.stream().map(b -> G + b).toList());
        }
        return out;
    }
}

package org.doorwatch.gateway.config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Loads a generated community: N households from a CSV (Chinese addresses, tags, contacts),
 * a tenancy CSV for the rental ones, and one inline MQTT door device per household in the
 * YAML. Not a test: a plain main whose figures go into BENCHMARKS.md.
 *
 * <pre>
 * mvn -q -pl gateway-core -am package -DskipTests
 * java -cp gateway-core/target/doorwatch-gateway.jar:gateway-core/target/test-classes \
 *     org.doorwatch.gateway.config.ConfigLoadBenchmark [households=10000] [runs=20] [keep]
 * </pre>
 *
 * Prints the first (cold) load and the median and best of the warm loads. With {@code keep}
 * the generated files stay, so that {@code scripts/gateway check-config} can be timed on them.
 */
public final class ConfigLoadBenchmark {

    private ConfigLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int households = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean keep = Arrays.asList(args).contains("keep");
        Path dir = Files.createTempDirectory("config-bench");
        Path config = generate(dir, households);
        System.out.printf("generated %d households, %d devices in %s (CSV %d KiB, YAML %d KiB)%n", households, households,
                dir, Files.size(dir.resolve("households.csv")) / 1024, Files.size(config) / 1024);

        long t0 = System.nanoTime();
        GatewayConfig first = ConfigLoader.load(config);
        long cold = System.nanoTime() - t0;
        if (first.engine().households().size() != households || first.devices().size() != households) {
            throw new AssertionError("loaded " + first.engine().households().size() + " households");
        }
        long[] warm = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            ConfigLoader.load(config);
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.printf("cold load: %.0f ms; warm loads (%d): median %.0f ms, best %.0f ms%n",
                cold / 1e6, runs, warm[runs / 2] / 1e6, warm[0] / 1e6);
        if (!keep) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Path generate(Path dir, int n) throws IOException {
        Random random = new Random(42);
        String[] surnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
        try (BufferedWriter households = Files.newBufferedWriter(dir.resolve("households.csv"), StandardCharsets.UTF_8);
             BufferedWriter tenancies = Files.newBufferedWriter(dir.resolve("tenancies.csv"), StandardCharsets.UTF_8);
             BufferedWriter yaml = Files.newBufferedWriter(dir.resolve("gateway.yml"), StandardCharsets.UTF_8)) {
            households.write("id,address,policy,tags,contact_name,contact_phone\n");
            tenancies.write("credential,household,tenant,from,until\n");
            yaml.write("""
                    site: { id: bench-site, timezone: Asia/Shanghai }
                    policies:
                      elderly-living-alone:
                        inactivity: { warning: 24h, callBack: 48h, visit: 72h }
                    households:
                      - { file: households.csv }
                    tenancies:
                      - { file: tenancies.csv }
                    devices:
                    """);
            for (int i = 0; i < n; i++) {
                int building = i / 200 + 1;
                int unit = i / 50 % 4 + 1;
                int room = (i % 50 / 2 + 1) * 100 + i % 2 + 1;
                String id = building + "-" + unit + "-" + room;
                int kind = random.nextInt(10);
                boolean elderly = kind < 3;
                boolean rental = kind >= 8;
                String tags = elderly ? (kind == 0 ? "elderly;watch" : "elderly") : rental ? "rental" : "";
                String contact = elderly ? surnames[random.nextInt(surnames.length)] + "小" + (char) ('明' + random.nextInt(20))
                        + ",138" + String.format("%08d", random.nextInt(100_000_000)) : ",";
                households.write(id + "," + building + "栋" + unit + "单元" + room + "," + (elderly ? "elderly-living-alone" : "")
                        + "," + tags + "," + contact + "\n");
                if (rental) {
                    tenancies.write("card:" + String.format("%06X", i) + "," + id + "," + surnames[i % surnames.length] + "某,2026-01-01,2026-12-31\n");
                }
                yaml.write("  - { id: door-" + id + ", kind: door-contact, household: \"" + id + "\", source: mqtt }\n");
            }
        }
        return dir.resolve("gateway.yml");
    }
}

package org.doorwatch.gateway.config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Loads a generated community: N households from a CSV (Chinese addresses, tags, contacts) and
 * a tenancy CSV for the rental ones; with {@code devices}, also one inline MQTT door device
 * per household in the YAML. Not a test: a plain main whose figures go into BENCHMARKS.md.
 *
 * <pre>
 * mvn -q -pl gateway-core -am package -DskipTests
 * java -cp gateway-core/target/doorwatch-gateway.jar:gateway-core/target/test-classes \
 *     org.doorwatch.gateway.config.ConfigLoadBenchmark [households=10000] [runs=20] [devices] [keep]
 * </pre>
 *
 * Prints the first (cold: class loading, interpreter, JIT) load and the median and best of the
 * warm loads, each as wall time and as CPU time of the loading thread (which a busy machine
 * disturbs far less). With {@code keep} the generated files stay, so that
 * {@code scripts/gateway check-config} can be timed on them.
 */
public final class ConfigLoadBenchmark {

    private ConfigLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int households = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean keep = Arrays.asList(args).contains("keep");
        boolean withDevices = Arrays.asList(args).contains("devices");
        int devices = withDevices ? households : 0;
        Path dir = Files.createTempDirectory("config-bench");
        Path config = generate(dir, households, withDevices);
        System.out.printf("generated %d households, %d devices in %s (CSV %d KiB, YAML %d KiB)%n", households, devices,
                dir, Files.size(dir.resolve("households.csv")) / 1024, Files.size(config) / 1024);

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        GatewayConfig first = ConfigLoader.load(config);
        long cold = System.nanoTime() - t0;
        long coldCpu = cpu.getCurrentThreadCpuTime() - c0;
        if (first.engine().households().size() != households || first.devices().size() != devices) {
            throw new AssertionError("loaded " + first.engine().households().size() + " households");
        }
        long[] warm = new long[runs];
        long[] warmCpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c = cpu.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            ConfigLoader.load(config);
            warm[i] = System.nanoTime() - t;
            warmCpu[i] = cpu.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(warm);
        Arrays.sort(warmCpu);
        System.out.printf("cold load: %.0f ms (thread CPU %.0f ms); warm loads (%d): median %.0f ms (CPU %.0f ms), best %.0f ms (CPU %.0f ms)%n",
                cold / 1e6, coldCpu / 1e6, runs, warm[runs / 2] / 1e6, warmCpu[runs / 2] / 1e6, warm[0] / 1e6, warmCpu[0] / 1e6);
        if (!keep) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Path generate(Path dir, int n, boolean withDevices) throws IOException {
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
                    """);
            if (withDevices) {
                yaml.write("devices:\n");
            }
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
                if (withDevices) {
                    yaml.write("  - { id: door-" + id + ", kind: door-contact, household: \"" + id + "\", source: mqtt }\n");
                }
            }
        }
        return dir.resolve("gateway.yml");
    }
}

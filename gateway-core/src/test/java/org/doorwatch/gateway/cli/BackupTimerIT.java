package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.doorwatch.gateway.testing.DocCommands;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.StoreFiller;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented schedule, {@code config/systemd/doorwatch-backup.service} and {@code .timer}:
 * the service's own command line (the one docs/operations.md shows) (with the install paths pointed at this checkout, a test config
 * and a temporary folder) writes a backup and keeps the newest; systemd's own checker accepts
 * both units, the gateway's own {@code doorwatch.service} and the timer's calendar, where
 * {@code systemd-analyze} is installed. docs/operations.md's install lines ({@code cp} the units,
 * {@code systemctl ... enable}) run against a scratch root: the copy as written but for the target,
 * {@code enable} offline ({@code --root}); {@code daemon-reload} and {@code --now} need a running
 * systemd and are not run ({@code DocsCommandsTest.RUN_BY} names this test for those lines).
 */
@Timeout(300)
class BackupTimerIT {

    private static final Path UNITS = GatewayProcess.ROOT.resolve("config/systemd");

    @TempDir
    Path dir;

    @Test
    void theServicesCommandWritesANightlyBackup() throws Exception {
        Path config = TestConfigs.write(dir.resolve("site"), "embedded: { port: 0 }", 0, "{ warning: 24h }", 2);
        StoreFiller.fill(dir.resolve("site/data/gateway.db"), 2, 10);
        String exec = value(UNITS.resolve("doorwatch-backup.service"), "ExecStart");
        assertThat(exec).isEqualTo("/opt/doorwatch/scripts/gateway backup --to /var/backups/doorwatch/ --keep 14 "
                + "--config /etc/doorwatch/gateway.yml");
        assertThat(Files.readString(GatewayProcess.ROOT.resolve("docs/operations.md"), StandardCharsets.UTF_8))
                .as("docs/operations.md shows the service's command").contains("$ " + exec.replace("/opt/doorwatch/", "") + "\n");
        Path backups = dir.resolve("backups");
        String local = exec.replace("/opt/doorwatch", GatewayProcess.ROOT.toString())
                .replace("/etc/doorwatch/gateway.yml", config.toString())
                .replace("/var/backups/doorwatch/", backups + "/");
        for (int night = 0; night < 2; night++) {
            Process p = new ProcessBuilder(Arrays.asList(local.split(" ")))
                    .directory(GatewayProcess.ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("night-" + night + ".out").toFile()).start();
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dir.resolve("night-" + night + ".out"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("integrity ok").contains("rows: events 20, households 2");
            Thread.sleep(1100); // the next backup's name has the next second
        }
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).hasSize(2)
                    .allMatch(f -> f.matches("gateway-\\d{8}-\\d{6}\\.db"));
        }
    }

    @Test
    void systemdAcceptsTheUnits() throws Exception {
        assertThat(value(UNITS.resolve("doorwatch-backup.timer"), "Unit")).isEqualTo("doorwatch-backup.service");
        String calendar = value(UNITS.resolve("doorwatch-backup.timer"), "OnCalendar");
        assertThat(calendar).isEqualTo("*-*-* 03:30:00");
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        assertThat(run("systemd-analyze", "calendar", calendar)).contains("Normalized form: *-*-* 03:30:00");
        // verify checks that ExecStart's program exists: point it at this checkout's launcher
        Path copy = dir.resolve("units");
        Files.createDirectories(copy);
        for (String unit : List.of("doorwatch-backup.service", "doorwatch-backup.timer", "doorwatch.service")) {
            Files.writeString(copy.resolve(unit), Files.readString(UNITS.resolve(unit), StandardCharsets.UTF_8)
                    .replace("/opt/doorwatch", GatewayProcess.ROOT.toString()), StandardCharsets.UTF_8);
        }
        Process p = new ProcessBuilder("systemd-analyze", "verify", copy.resolve("doorwatch-backup.timer").toString(),
                copy.resolve("doorwatch-backup.service").toString(), copy.resolve("doorwatch.service").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void theDocumentedInstallLinesCopyAndEnableTheUnits() throws Exception {
        assumeTrue(onPath("systemctl"), "systemctl is not installed");
        assertThat(value(UNITS.resolve("doorwatch.service"), "ExecStart"))
                .isEqualTo("/opt/doorwatch/scripts/gateway run --config /etc/doorwatch/gateway.yml");
        Path root = dir.resolve("root");
        Path system = root.resolve("etc/systemd/system");
        Files.createDirectories(system);
        Path ops = Path.of("docs/operations.md");
        // unit, the cp line's start, the target that enabling it hooks it into
        for (String[] unit : List.of(new String[] {"doorwatch-backup.timer", "cp config/systemd/doorwatch-backup.service", "timers.target.wants"},
                new String[] {"doorwatch.service", "cp config/systemd/doorwatch.service", "multi-user.target.wants"})) {
            String cp = DocCommands.find(GatewayProcess.ROOT, ops.toString(), unit[1]);
            DocCommands.shell(GatewayProcess.ROOT, Map.of(), "", Duration.ofSeconds(30),
                    DocCommands.replace(cp, " /etc/systemd/system/", " " + system + "/"));
            String enable = DocCommands.find(GatewayProcess.ROOT, ops.toString(), "systemctl daemon-reload && systemctl enable --now " + unit[0]);
            assertThat(enable).isEqualTo("systemctl daemon-reload && systemctl enable --now " + unit[0]);
            String out = run("systemctl", "--root=" + root, "enable", unit[0]);
            assertThat(system.resolve(unit[2]).resolve(unit[0])).as(out).isSymbolicLink();
        }
        try (Stream<Path> files = Files.list(system)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .contains("doorwatch-backup.service", "doorwatch-backup.timer", "doorwatch.service");
        }
    }

    /** The value of {@code key=} in a unit file (the last one, as systemd reads a single-valued key). */
    private static String value(Path unit, String key) throws Exception {
        String found = null;
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            if (line.startsWith(key + "=")) {
                found = line.substring(key.length() + 1).trim();
            }
        }
        assertThat(found).as("%s in %s", key, unit).isNotNull();
        return found;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}

package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway, started on another application's SQLite file at {@code storage.path},
 * exits 1 before taking any port, says why on stderr, and leaves the file exactly as it was.
 */
@Timeout(120)
class StoreRefusedIT {

    @TempDir
    Path dir;

    @Test
    void gatewayRunOnAForeignDatabaseExitsAndLeavesItAlone() throws Exception {
        Path config = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 1h }", 1);
        Path store = dir.resolve("data/gateway.db");
        Files.createDirectories(store.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
            s.execute("INSERT INTO photos (path) VALUES ('/home/wang/2026/new-year.jpg')");
        }
        String before = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(store)));
        try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "gw")) {
            assertThat(g.exitCode(90)).isEqualTo(1);
            assertThat(g.stderr()).contains("run: cannot start: " + store.toAbsolutePath())
                    .contains("this is not a door-watch store", "photos", "has not changed it");
            assertThat(g.stdout()).doesNotContain("gateway running");
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(store))))
                .isEqualTo(before);
        assertThat(Files.exists(Path.of(store + "-wal"))).isFalse();
    }
}

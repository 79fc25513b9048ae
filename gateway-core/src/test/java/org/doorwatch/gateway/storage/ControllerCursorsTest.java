package org.doorwatch.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controllers' event indices in a real SQLite file: per controller, replaced in place, kept across a reopen. */
class ControllerCursorsTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T00:15:00Z"), ZoneOffset.UTC);

    @Test
    void anIndexIsKeptPerControllerAndSurvivesAReopen() throws Exception {
        Path file = dir.resolve("gateway.db");
        try (Database db = Database.open(file, clock); ControllerCursors cursors = new ControllerCursors(db, clock)) {
            assertThat(cursors.last(405419896)).isEmpty();
            cursors.store(405419896, 17);
            cursors.store(405419896, 18);
            cursors.store(0xFFFF_FFFFL, 0xFFFF_FFFFL);
            assertThat(cursors.last(405419896)).hasValue(18);
            assertThat(cursors.last(0xFFFF_FFFFL)).hasValue(0xFFFF_FFFFL);
            assertThat(cursors.last(1)).isEmpty();
        }
        try (Database db = Database.open(file, clock); ControllerCursors cursors = new ControllerCursors(db, clock)) {
            assertThat(cursors.last(405419896)).hasValue(18);
            try (Connection c = db.connect(false); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), max(updated_at) FROM controller_cursors")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getLong(2)).isEqualTo(clock.millis());
            }
        }
    }
}

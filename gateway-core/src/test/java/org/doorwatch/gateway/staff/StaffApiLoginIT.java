package org.doorwatch.gateway.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance "six wrong passwords lock the account; the audit log shows the reads and
 * actions of the test": real HTTP, real password file, real SQLite. Also: the lock survives a
 * restart (the audit log is its truth), the admin unlocks, tokens end at logout, and the audit
 * table refuses UPDATE and DELETE.
 */
@Timeout(120)
class StaffApiLoginIT {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void sixWrongPasswordsLockTheAccountUntilAnAdminUnlocksIt() throws Exception {
        Path file = StaffSite.write(dir);
        ManualClock clock = new ManualClock(T0);
        try (Gateway g = StaffSite.start(file, clock)) {
            ApiClient api = new ApiClient(g.httpPort());
            assertThat(api.get("/api/alerts", null).status()).isEqualTo(401);
            assertThat(api.get("/api/alerts", "not-a-token").status()).isEqualTo(401);
            assertThat(api.login("nobody", "whatever1").status()).isEqualTo(401);

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(api.login("li-police", "wrong password " + i).status());
            }
            assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 423);
            assertThat(api.login("li-police", StaffSite.PASSWORD).status()).as("the right password, locked").isEqualTo(423);
        }
        // the lock survives a restart: it is read back from the audit log
        try (Gateway g = StaffSite.start(file, clock)) {
            ApiClient api = new ApiClient(g.httpPort());
            assertThat(api.login("li-police", StaffSite.PASSWORD).status()).isEqualTo(423);
            String wang = api.token("wang-property");
            assertThat(api.post("/api/users/li-police/unlock", wang, null).status()).as("only an admin unlocks").isEqualTo(403);
            String admin = api.token("admin");
            assertThat(api.post("/api/users/nobody/unlock", admin, null).status()).isEqualTo(404);
            assertThat(api.post("/api/users/li-police/unlock", admin, null).status()).isEqualTo(200);
            ApiClient.Response login = api.login("li-police", StaffSite.PASSWORD);
            assertThat(login.status()).isEqualTo(200);
            JsonNode body = login.json();
            assertThat(body.get("roles").toString()).isEqualTo("[\"police\"]");
            assertThat(body.get("token").asText()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
            String police = body.get("token").asText();

            // reads and actions of this test, then the audit log shows them
            assertThat(api.get("/api/households/3-1-101", wang).status()).isEqualTo(200);
            assertThat(api.post("/api/households/3-1-101/confirm-well", wang, null).status()).isEqualTo(200);
            assertThat(api.get("/api/households/7-1-101", wang).status()).isEqualTo(404);
            assertThat(api.get("/api/police/rentals", police).status()).isEqualTo(200);
            assertThat(api.post("/api/logout", police, null).status()).isEqualTo(200);
            assertThat(api.get("/api/police/rentals", police).status()).as("token ended at logout").isEqualTo(401);

            ApiClient.Response audit = api.get("/api/audit?from=2020-01-01", admin);
            assertThat(audit.status()).isEqualTo(200);
            List<String> rows = new ArrayList<>();
            audit.json().get("audit").forEach(r -> rows.add(r.get("user").asText() + " | " + r.get("action").asText()
                    + " | " + r.get("household").asText() + " | " + r.get("outcome").asText()));
            assertThat(rows.stream().filter(r -> r.equals("li-police | POST /api/login | null | failed-login")))
                    .hasSize(5);
            assertThat(rows).contains(
                    "li-police | POST /api/login | null | locked",
                    "admin | POST /api/users/:name/unlock li-police | null | allowed",
                    "wang-property | POST /api/users/:name/unlock | null | denied",
                    "li-police | POST /api/login | null | allowed",
                    "wang-property | GET /api/households/:id contacts | 3-1-101 | allowed",
                    "wang-property | POST /api/households/:id/confirm-well | 3-1-101 | allowed",
                    "wang-property | GET /api/households/:id | 7-1-101 | not-found",
                    "li-police | GET /api/police/rentals tenants | null | allowed");
            assertThat(audit.body()).doesNotContain(StaffSite.INSIDE_PHONE, "张小明", "本区租客", StaffSite.PASSWORD);
            audit.json().get("audit").forEach(r -> assertThat(r.get("remote").asText()).isEqualTo("127.0.0.1"));
            assertThat(api.get("/api/audit?user=wang-property&from=2020-01-01", admin).json().get("audit"))
                    .allSatisfy(r -> assertThat(r.get("user").asText()).isEqualTo("wang-property"));
            assertThat(api.get("/api/audit", wang).status()).isEqualTo(403);
        }
        // append-only, even for a direct connection
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/gateway.db"));
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit SET outcome = 'allowed'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit")).hasMessageContaining("append-only");
        }
    }
}

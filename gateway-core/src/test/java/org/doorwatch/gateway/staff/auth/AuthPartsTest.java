package org.doorwatch.gateway.staff.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;
import org.doorwatch.gateway.staff.StaffSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Household scopes, who sees what, add-user: the parts under the login (hashes and files: PasswordsTest). */
class AuthPartsTest {

    @TempDir
    Path dir;

    @Test
    void scopesAreGlobsOnHouseholdIds() {
        Scope s = Scope.of(List.of("3-*", "5-1-302"));
        assertThat(s.covers("3-1-101")).isTrue();
        assertThat(s.covers("5-1-302")).isTrue();
        assertThat(s.covers("5-1-303")).isFalse();
        assertThat(s.covers("13-1-101")).isFalse();
        assertThat(s.covers(null)).as("a shared door belongs to no restricted scope").isFalse();
        assertThat(Scope.of(List.of("3-?-101")).covers("3-2-101")).isTrue();
        assertThat(Scope.of(List.of("3.1")).covers("341")).as("dots are literal").isFalse();
        assertThat(Scope.everything().covers(null)).isTrue();
    }

    @Test
    void routineNoticesAreWelfareSeenByTheChannelsTheyWentTo() {
        Principal property = new Principal("p", java.util.Set.of(Role.PROPERTY), Scope.everything());
        Principal police = new Principal("c", java.util.Set.of(Role.POLICE), Scope.everything());
        String rule = org.doorwatch.domain.RuleNames.ROUTINE_DEVIATION;
        assertThat(Access.seesAlert(property, rule, "NOTICE", "3-2-501", List.of("property"), null)).isTrue();
        assertThat(Access.seesAlert(police, rule, "NOTICE", "3-2-501", List.of("property"), null))
                .as("a neighbour's notice is not police business unless routed there").isFalse();
        assertThat(Access.seesAlert(police, rule, "NOTICE", "3-2-501", List.of("property", "police"), null)).isTrue();
        assertThat(Access.seesAlert(police, "door-forced", "ALARM", "3-2-501", List.of("property"), null)).isTrue();
    }

    @Test
    void addUserWritesAHashForAConfiguredAccountOnly() throws Exception {
        Path config = StaffSite.write(dir);
        Files.delete(dir.resolve("users.passwd"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = org.doorwatch.gateway.cli.AddUserForTests.run(List.of("wang-property", "--config", config.toString()),
                new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String stored = new PasswordFile(dir.resolve("users.passwd")).hashOf("wang-property");
        assertThat(PasswordHash.verify("a long password".toCharArray(), stored)).isTrue();
        assertThat(Files.readString(dir.resolve("users.passwd"))).doesNotContain("a long password");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("a long password");

        int unknown = org.doorwatch.gateway.cli.AddUserForTests.run(List.of("mallory", "--config", config.toString()),
                new ByteArrayInputStream("a long password\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(unknown).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'mallory' has no account");
        int shortPw = org.doorwatch.gateway.cli.AddUserForTests.run(List.of("admin", "--config", config.toString()),
                new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(shortPw).isEqualTo(2);
        assertThat(new PasswordFile(dir.resolve("users.passwd")).hashOf("admin")).isNull();
    }
}

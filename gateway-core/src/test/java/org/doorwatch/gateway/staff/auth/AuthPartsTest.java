package org.doorwatch.gateway.staff.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.doorwatch.gateway.staff.StaffSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashes, the password file, household scopes: the parts under the login. */
class AuthPartsTest {

    @TempDir
    Path dir;

    @Test
    void aHashVerifiesItsPasswordOnlyAndDescribesItself() {
        String h = PasswordHash.hash("s3cret-pass".toCharArray(), 2000);
        assertThat(h).startsWith("pbkdf2-sha256$2000$").doesNotContain("s3cret");
        assertThat(PasswordHash.verify("s3cret-pass".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("s3cret-pasS".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.hash("s3cret-pass".toCharArray(), 2000)).as("salted").isNotEqualTo(h);
        assertThat(PasswordHash.verify("x".toCharArray(), "plain-text")).isFalse();
        // a file edited down to a trivial cost is not accepted
        String weak = h.replace("$2000$", "$1$");
        assertThat(PasswordHash.isWellFormed(weak)).isFalse();
        assertThat(PasswordHash.verify("s3cret-pass".toCharArray(), weak)).isFalse();
    }

    @Test
    void thePasswordFileKeepsOtherUsersAndSkipsPlainText() throws Exception {
        Path file = dir.resolve("users.passwd");
        PasswordFile.put(file, "a", PasswordHash.hash("aaaaaaaa".toCharArray(), 2000));
        PasswordFile.put(file, "b", PasswordHash.hash("bbbbbbbb".toCharArray(), 2000));
        String oldB = Files.readAllLines(file).get(1);
        PasswordFile.put(file, "b", PasswordHash.hash("cccccccc".toCharArray(), 2000));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2).doesNotContain(oldB);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "mallory:hunter2\n", java.nio.file.StandardOpenOption.APPEND);
        PasswordFile read = new PasswordFile(file);
        assertThat(PasswordHash.verify("cccccccc".toCharArray(), read.hashOf("b"))).isTrue();
        assertThat(read.hashOf("mallory")).as("plain text is never a password").isNull();
    }

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

package org.doorwatch.gateway.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashes and the password file, shared by the staff API and the embedded broker's accounts. */
class PasswordsTest {

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

}

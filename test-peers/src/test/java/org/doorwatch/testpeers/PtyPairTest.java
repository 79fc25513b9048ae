package org.doorwatch.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PtyPairTest {

    @TempDir
    Path dir;

    @Test
    void whatTheDeviceEndPrintsTheGatewayEndReads() throws Exception {
        try (PtyPair pty = PtyPair.in(dir, "line").start();
             InputStream gateway = Files.newInputStream(pty.gatewayEnd())) {
            pty.print("R1 G 5a3c91\r\n");
            assertThat(new String(gateway.readNBytes(13), StandardCharsets.UTF_8)).isEqualTo("R1 G 5a3c91\r\n");
            pty.write(new byte[] {0x01, (byte) 0xff});
            assertThat(gateway.readNBytes(2)).containsExactly(0x01, 0xff);
        }
    }

    @Test
    void killedThePtysVanishAndStartedAgainTheyAreBackUnderTheSameNames() throws Exception {
        try (PtyPair pty = PtyPair.in(dir, "bus").start()) {
            Path realBefore = pty.gatewayEnd().toRealPath();
            pty.kill();
            assertThat(pty.gatewayEnd()).doesNotExist();
            assertThat(pty.deviceEnd()).doesNotExist();
            assertThat(realBefore).as("the pty itself is gone, not only its link").doesNotExist();

            pty.start();
            assertThat(pty.gatewayEnd()).exists();
            try (InputStream gateway = Files.newInputStream(pty.gatewayEnd())) {
                pty.print("back\n");
                assertThat(new String(gateway.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("back\n");
            }
        }
        assertThat(dir.toFile().list()).as("closed: no link left behind").isEmpty();
    }

    @Test
    void aStaleLinkIsReplacedButAFileOfSomeoneElseIsNot() throws Exception {
        Path gw = dir.resolve("port");
        Path dev = dir.resolve("port.sim");
        Files.createSymbolicLink(gw, Path.of("/dev/pts/nonexistent"));
        try (PtyPair pty = PtyPair.at(gw, dev).start()) {
            assertThat(pty.gatewayEnd().toRealPath().toString()).startsWith("/dev/pts/");
        }

        Files.writeString(gw, "not ours");
        assertThatThrownBy(() -> PtyPair.at(gw, dev).start()).isInstanceOf(IOException.class)
                .hasMessageContaining(gw + " exists and is not a link");
        assertThat(Files.readString(gw)).isEqualTo("not ours");
    }

    @Test
    void startingARunningPairIsAMistake() throws Exception {
        try (PtyPair pty = PtyPair.inTemp("twice").start()) {
            assertThat(pty.gatewayEnd().getFileName().toString()).startsWith("dw-twice-").endsWith("-gw");
            assertThatThrownBy(pty::start).isInstanceOf(IllegalStateException.class);
        }
    }
}

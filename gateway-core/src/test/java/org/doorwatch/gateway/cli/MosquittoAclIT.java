package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestAccounts;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Login;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.MosquittoPub;
import org.doorwatch.testpeers.MosquittoSub;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance: {@code gateway mosquitto-acl} turns the site's accounts and SPEC 10 rules
 * into a Mosquitto {@code password_file} and {@code acl_file}, and a real Mosquitto (Debian's,
 * 2.0) started with them gives the answers the embedded broker gives (BrokerAccountsIT): no
 * anonymous client, no wrong password, a device publishes on its own topic only, nobody but the
 * gateway publishes alerts or the status, a receiver reads its channel's alerts and nothing else.
 * The accounts file's hashes are Mosquitto's own form, so Mosquitto checks the passwords the
 * embedded broker checks. Answers are read where Mosquitto gives them: whether a message arrives.
 */
@Timeout(120)
class MosquittoAclIT {

    private static final String READER = "prop-reader";
    private static final String GATEWAY = "gateway-account";

    @TempDir
    Path dir;

    @Test
    void theGeneratedFilesGiveTheEmbeddedBrokersAnswers() throws Exception {
        // the site as it would run on Mosquitto: mqtt.url with the gateway's own login
        Files.writeString(dir.resolve("gateway.pw"), "the-gateways-password\n");
        String channels = "channels:\n"
                + "  property: { readers: [" + TestAccounts.CONSOLE + ", " + READER + "] }\n"
                + "  community: { readers: [" + TestAccounts.CONSOLE + "] }\n"
                + "  police: { readers: [" + TestAccounts.CONSOLE + "] }\n";
        Path config = TestConfigs.write(dir, "url: tcp://127.0.0.1:1\n  username: " + GATEWAY
                + "\n  passwordFile: gateway.pw", 0, "{ warning: 1h }", 2, channels, "");
        TestAccounts.write(dir.resolve("mqtt-users.passwd"), List.of(READER));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = AddUserForTests.runMosquittoAcl(List.of("--config", config.toString(), "--out",
                dir.resolve("mosquitto-acl").toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path passwords = dir.resolve("mosquitto-acl/password_file");
        Path acl = dir.resolve("mosquitto-acl/acl_file");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("allow_anonymous false", "password_file " + passwords,
                "acl_file " + acl);
        assertThat(Files.getPosixFilePermissions(passwords)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(acl)).contains("user door-h-1\ntopic write gw/" + TestConfigs.SITE
                + "/devices/door-h-1/events", "user " + READER + "\ntopic read gw/" + TestConfigs.SITE + "/alerts/property");

        try (Mosquitto mosquitto = Mosquitto.startWithAccounts(dir.resolve("mosquitto"), passwords, acl)) {
            int port = mosquitto.port();
            // everything that reaches the broker, as the gateway's account sees it
            try (MosquittoSub all = MosquittoSub.start(new Login(GATEWAY, "the-gateways-password"), port, List.of("#"), null,
                    dir.resolve("all"));
                 MosquittoSub reader = MosquittoSub.start(new Login(READER, TestAccounts.password(READER)), port, List.of(TestConfigs.alertTopic("property")), null, dir.resolve("reader"));
                 MosquittoSub readerElsewhere = MosquittoSub.start(new Login(READER, TestAccounts.password(READER)), port, List.of(TestConfigs.alertTopic("community")), null, dir.resolve("reader2"))) {
                all.awaitReady(port, null);
                reader.awaitReady(port, null);

                // anonymous and a wrong password: refused
                assertThat(SiteMqtt.run(null, port, TestConfigs.deviceTopic(1), bytes("{\"n\":\"anon\"}"), false,
                        new StringBuilder())).isNotZero();
                assertThat(MosquittoPub.run(new Login("door-h-1", "wrong-password"), null, port, TestConfigs.deviceTopic(1),
                        bytes("{\"n\":\"wrong\"}"), false, new StringBuilder())).isNotZero();
                // a device on another device's topic, on an alert topic, on the status topic: not delivered
                SiteMqtt.run("door-h-1", port, TestConfigs.deviceTopic(2), bytes("{\"n\":\"forged-event\"}"), false,
                        new StringBuilder());
                SiteMqtt.run("door-h-1", port, TestConfigs.alertTopic("property"), bytes("{\"n\":\"forged-alert\"}"),
                        false, new StringBuilder());
                SiteMqtt.run("door-h-1", port, "gw/" + TestConfigs.SITE + "/status", bytes("{\"n\":\"forged-status\"}"),
                        true, new StringBuilder());
                // a receiver cannot publish either
                SiteMqtt.run(READER, port, TestConfigs.alertTopic("property"), bytes("{\"n\":\"reader-alert\"}"),
                        false, new StringBuilder());
                // what may go through does: the device's own topic, the gateway's alerts
                SiteMqtt.publishAs("door-h-1", port, TestConfigs.deviceTopic(1), "{\"n\":\"honest-event\"}");
                assertThat(MosquittoPub.run(new Login(GATEWAY, "the-gateways-password"), null, port, TestConfigs.alertTopic("property"),
                        bytes("{\"n\":\"property-alert\"}"), false, new StringBuilder())).isZero();
                assertThat(MosquittoPub.run(new Login(GATEWAY, "the-gateways-password"), null, port, TestConfigs.alertTopic("community"),
                        bytes("{\"n\":\"community-alert\"}"), false, new StringBuilder())).isZero();

                await("the allowed messages arrive").atMost(Duration.ofSeconds(20)).until(() ->
                        has(all, "honest-event") && has(all, "property-alert") && has(reader, "property-alert"));
                Thread.sleep(500); // anything forged would have arrived with them
                assertThat(all.messages()).noneMatch(m -> m.payload().contains("forged")
                        || m.payload().contains("anon") || m.payload().contains("wrong")
                        || m.payload().contains("reader-alert"));
                assertThat(reader.messages()).extracting(Received::payload)
                        .containsExactly("{\"n\":\"property-alert\"}");
                assertThat(readerElsewhere.messages()).isEmpty();
            }
        }
    }

    private static boolean has(MosquittoSub sub, String marker) {
        return sub.messages().stream().anyMatch(m -> m.payload().contains(marker));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.doorwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.TestAccounts;
import org.doorwatch.gateway.testing.TestConfigs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: MQTT over TLS on the embedded broker, from the installer's PEM files
 * ({@code mqtt.embedded.tls}). A controller that speaks TLS (the real {@code mosquitto_pub}
 * with the site's CA, and Paho) logs in with its account over TLS and its events count; the
 * plain listener stays for the gateway's own clients and controllers without TLS.
 */
@Timeout(120)
class EmbeddedBrokerTlsIT {

    @TempDir
    Path dir;

    @Test
    void devicesPublishOverTls() throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("broker.key").toString(), "-out", dir.resolve("broker.crt").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
        Path file = TestConfigs.write(dir,
                "embedded: { port: 0, tls: { certFile: broker.crt, keyFile: broker.key, port: 0 } }", 0,
                "{ warning: 1h }", 2);
        try (Gateway gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults())) {
            int http = gateway.httpPort();
            int tls = gateway.brokerTlsPort();
            assertThat(tls).isPositive().isNotEqualTo(gateway.brokerPort());
            await("up").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);

            Process pub = new ProcessBuilder(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(tls),
                    "--cafile", dir.resolve("broker.crt").toString(), "-u", "door-h-1", "-P",
                    TestAccounts.password("door-h-1"), "-q", "1", "-t", TestConfigs.deviceTopic(1), "-m",
                    Events.opened(Instant.now()))).redirectErrorStream(true).start();
            assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            await("the event over TLS").atMost(Duration.ofSeconds(20)).until(() -> openings(http) == 1.0);

            MqttClient paho = new MqttClient("ssl://127.0.0.1:" + tls, "door-h-2-tls", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setUserName("door-h-2");
            o.setPassword(TestAccounts.password("door-h-2").toCharArray());
            o.setSocketFactory(trusting(dir.resolve("broker.crt")).getSocketFactory());
            paho.connect(o);
            paho.publish(TestConfigs.deviceTopic(2), Events.opened(Instant.now()).getBytes(StandardCharsets.UTF_8), 1, false);
            paho.disconnect();
            paho.close();
            await("Paho's event over TLS").atMost(Duration.ofSeconds(20)).until(() -> openings(http) == 2.0);

            // without the CA, a TLS client refuses the broker (nothing is sent in the clear)
            Process untrusting = new ProcessBuilder(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(tls),
                    "--capath", "/nonexistent", "-u", "door-h-1", "-P", TestAccounts.password("door-h-1"), "-q", "1",
                    "-t", TestConfigs.deviceTopic(1), "-m", "{}")).redirectErrorStream(true).start();
            assertThat(untrusting.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(untrusting.exitValue()).isNotZero();
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static double openings(int http) {
        return Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}");
    }
}

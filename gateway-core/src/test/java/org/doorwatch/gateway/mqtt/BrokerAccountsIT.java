package org.doorwatch.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorwatch.gateway.cli.AddUserForTests;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.testing.Events;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.gateway.testing.TestAccounts;
import org.doorwatch.gateway.testing.TestConfigs;
import org.doorwatch.testpeers.Login;
import org.doorwatch.testpeers.MosquittoPub;
import org.doorwatch.testpeers.MosquittoSub;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 / SPEC 10, acceptance: the embedded broker's accounts and permissions, tried with the
 * real Paho client and the real {@code mosquitto_pub}/{@code mosquitto_sub} as an attacker on the
 * device network would. Two door contacts ({@code door-h-1}, {@code door-h-2}) with their device
 * accounts; {@code prop-reader} reads the property channel only; the test console reads all three.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerAccountsIT {

    private static final String READER = "prop-reader";
    private static final String SITE = TestConfigs.SITE;

    @TempDir
    static Path dir;

    private Gateway gateway;
    private int port;
    private int http;

    @BeforeAll
    void start() throws Exception {
        String channels = "channels:\n"
                + "  property: { readers: [" + TestAccounts.CONSOLE + ", " + READER + "] }\n"
                + "  community: { readers: [" + TestAccounts.CONSOLE + "] }\n"
                + "  police: { readers: [" + TestAccounts.CONSOLE + "] }\n"
                + "rules:\n  door-held-open: { enabled: false }\n  device-offline: { enabled: false }\n";
        Path file = TestConfigs.write(dir, "embedded: { port: 0 }", 0, "{ warning: 2s, callBack: 1h, visit: 2h }", 2,
                channels, "");
        TestAccounts.write(dir.resolve(TestAccounts.FILE), List.of(READER));
        gateway = Gateway.start(TestConfigs.load(file), GatewayOptions.defaults());
        port = gateway.brokerPort();
        http = gateway.httpPort();
        await("health up").atMost(Duration.ofSeconds(30)).until(() -> Http.get(http, "/health").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    // ------------------------------------------------------------------ who may connect

    @Test
    void anAnonymousClientIsRefused() {
        assertThatThrownBy(() -> connect(null, null, "anon-" + System.nanoTime()))
                .isInstanceOf(MqttSecurityException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        StringBuilder out = new StringBuilder();
        int rc = SiteMqtt.run(null, port, TestConfigs.deviceTopic(1), bytes(Events.opened(Instant.now())), false, out);
        assertThat(rc).isNotZero();
        assertThat(out).containsIgnoringCase("not authori");
        assertThat(doorOpenings()).isZero();
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> connect("door-h-1", "not-the-password", "wrong-" + System.nanoTime()))
                .isInstanceOf(MqttSecurityException.class)
                .extracting(e -> ((MqttException) e).getReasonCode())
                .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        StringBuilder out = new StringBuilder();
        int rc = MosquittoPub.run(new Login("door-h-1", "not-the-password"), null, port, TestConfigs.deviceTopic(1),
                bytes(Events.opened(Instant.now())), false, out);
        assertThat(rc).isNotZero();
        assertThat(out).containsIgnoringCase("bad user name or password");
    }

    // ------------------------------------------------------------------ what a device may publish

    @Test
    void aDeviceAccountCannotPublishOnAnotherDevicesTopic() throws Exception {
        double before = doorOpenings();
        MqttClient door1 = connect("door-h-1", TestAccounts.password("door-h-1"), "door-h-1-paho");
        List<Throwable> lost = watchLoss(door1);
        assertThatThrownBy(() -> door1.publish(TestConfigs.deviceTopic(2), bytes(Events.opened(Instant.now())), 1, false))
                .isInstanceOf(MqttException.class);
        await("the broker closed the forger's connection").atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty()
                || !door1.isConnected());
        door1.close();
        StringBuilder out = new StringBuilder();
        int rc = SiteMqtt.run("door-h-1", port, TestConfigs.deviceTopic(2), bytes(Events.opened(Instant.now())),
                false, out);
        assertThat(rc).as("mosquitto_pub: " + out).isNotZero();

        // its own topic works, and is all that was counted
        SiteMqtt.publishAs("door-h-1", port, TestConfigs.deviceTopic(1), Events.opened(Instant.now()));
        await("the honest event").atMost(Duration.ofSeconds(20)).until(() -> doorOpenings() == before + 1);
        assertThat(doorOpenings()).isEqualTo(before + 1);
    }

    @Test
    void aMessageOnOneDevicesTopicNeverCountsAsAnotherDevicesEvent() {
        double mismatches = Http.metric(http,
                "doorwatch_bad_payloads_total{device=\"door-h-1\",reason=\"device-mismatch\",source=\"mqtt\"}");
        double before = doorOpenings();
        SiteMqtt.publishAs("door-h-1", port, TestConfigs.deviceTopic(1),
                "{\"device\":\"door-h-2\",\"type\":\"DOOR_OPENED\"}");
        await("refused as device-mismatch").atMost(Duration.ofSeconds(20)).until(() -> Http.metric(http,
                "doorwatch_bad_payloads_total{device=\"door-h-1\",reason=\"device-mismatch\",source=\"mqtt\"}")
                == mismatches + 1);
        assertThat(doorOpenings()).isEqualTo(before);
    }

    @Test
    void aDeviceAccountCannotPublishAlertsOrTheStatus() throws Exception {
        try (MosquittoSub console = MosquittoSub.start(TestAccounts.console(), port, List.of(TestConfigs.alertTopic("property")), null, dir.resolve("c1"))) {
            console.awaitReady(port, null);
            for (String topic : List.of(TestConfigs.alertTopic("property"), "gw/" + SITE + "/status")) {
                StringBuilder out = new StringBuilder();
                int rc = SiteMqtt.run("door-h-1", port, topic,
                        bytes("{\"rule\":\"forged\",\"stage\":\"RESOLVED\",\"status\":\"offline\"}"), false, out);
                assertThat(rc).as(topic + ": " + out).isNotZero();
                MqttClient paho = connect("door-h-2", TestAccounts.password("door-h-2"), "door-h-2-forger");
                assertThatThrownBy(() -> paho.publish(topic, bytes("{\"rule\":\"forged\"}"), 1, true))
                        .as(topic).isInstanceOf(MqttException.class);
                paho.close();
            }
            // the console saw nothing forged (it only hears what the gateway raises)
            Thread.sleep(500); // a forged message that got through would have arrived by now
            assertThat(console.messages()).noneMatch(m -> m.payload().contains("forged"));
        }
    }

    @Test
    void aDeviceAccountCannotTakeTheGatewaysClientIds() throws Exception {
        for (String id : List.of(BrokerAccess.ingestClientId(SITE), BrokerAccess.outClientId(SITE))) {
            assertThatThrownBy(() -> connect("door-h-1", TestAccounts.password("door-h-1"), id))
                    .as(id).isInstanceOf(MqttException.class)
                    .extracting(e -> ((MqttException) e).getReasonCode())
                    .isEqualTo((int) MqttException.REASON_CODE_INVALID_CLIENT_ID);
            StringBuilder out = new StringBuilder();
            int rc = MosquittoPub.run(new Login("door-h-1", TestAccounts.password("door-h-1")), id, port,
                    TestConfigs.deviceTopic(1), bytes(Events.opened(Instant.now())), false, out);
            assertThat(rc).as(id + ": " + out).isNotZero();
        }
        // the gateway stayed connected and keeps working: an alert still reaches the console
        assertThat(Http.get(http, "/health").statusCode()).isEqualTo(200);
        assertThat(Http.get(http, "/health").body()).contains("gateway connected");
    }

    // ------------------------------------------------------------------ what a receiver may read

    @Test
    void aReceiverReadsItsChannelsAlertsAndNoOtherTopic() throws Exception {
        MqttClient reader = connect(READER, TestAccounts.password(READER), "reader-paho");
        List<String> got = new CopyOnWriteArrayList<>();
        reader.setCallback(new Collect(got));
        int[] granted = reader.subscribeWithResponse(new String[] {TestConfigs.alertTopic("property"),
                TestConfigs.alertTopic("police"), TestConfigs.deviceTopic(1), "gw/" + SITE + "/status", "#"},
                new int[] {1, 1, 1, 1, 1}).getGrantedQos();
        assertThat(granted).containsExactly(1, 128, 128, 128, 128);
        try (MosquittoSub sub = MosquittoSub.start(new Login(READER, TestAccounts.password(READER)), port, List.of(TestConfigs.alertTopic("property")), null, dir.resolve("r1"));
             MosquittoSub other = MosquittoSub.start(new Login(READER, TestAccounts.password(READER)), port, List.of(TestConfigs.alertTopic("community")), null, dir.resolve("r2"))) {
            sub.awaitReady(port, null);
            await("community refused").atMost(Duration.ofSeconds(10)).until(() -> !other.granted().isEmpty());
            assertThat(other.granted().get(0)).containsExactly(128);

            // door-h-2 opens, then goes silent for 2 s: a WARNING goes to property (the default route)
            SiteMqtt.publishAs("door-h-2", port, TestConfigs.deviceTopic(2), Events.opened(Instant.now()));
            await("the WARNING reaches the property reader").atMost(Duration.ofSeconds(30)).until(() ->
                    sub.messages().stream().anyMatch(m -> m.payload().contains("\"WARNING\"")
                            && m.payload().contains("h-2")));
            await("and its Paho client").atMost(Duration.ofSeconds(10)).until(() -> got.stream()
                    .anyMatch(t -> t.equals(TestConfigs.alertTopic("property"))));
            assertThat(got).allMatch(t -> t.equals(TestConfigs.alertTopic("property")));
            assertThat(other.messages()).isEmpty();
        } finally {
            reader.disconnect();
            reader.close();
        }
    }

    // ------------------------------------------------------------------ reload

    @Test
    void accountsChangeWithoutARestart() throws Exception {
        assertThatThrownBy(() -> connect("late-reader", "late-reader-password", "late-1"))
                .isInstanceOf(MqttSecurityException.class);
        addMqttUser("late-reader", "late-reader-password");
        await("the new account can log in").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    try {
                        MqttClient c = connect("late-reader", "late-reader-password", "late-2");
                        c.disconnect();
                        c.close();
                        return true;
                    } catch (MqttException e) {
                        return false;
                    }
                });
        MqttClient connected = connect("late-reader", "late-reader-password", "late-3");
        addMqttUser("late-reader", "a-new-password");
        await("a changed password disconnects the client").atMost(Duration.ofSeconds(10))
                .until(() -> !connected.isConnected());
        connected.close();
        assertThatThrownBy(() -> connect("late-reader", "late-reader-password", "late-4"))
                .isInstanceOf(MqttSecurityException.class);
    }

    // ------------------------------------------------------------------ helpers

    private void addMqttUser(String name, String password) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AddUserForTests.runMqtt(List.of(name, "--config", dir.resolve("gateway.yml").toString()),
                new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    private double doorOpenings() {
        return Http.metric(http, "doorwatch_events_in_total{source=\"mqtt\",type=\"DOOR_OPENED\"}");
    }

    private MqttClient connect(String user, String password, String clientId) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static List<Throwable> watchLoss(MqttClient c) {
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.add(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {}

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        return lost;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Collect(List<String> topics) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            topics.add(topic);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}

package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.Login;
import org.doorwatch.testpeers.MosquittoPub;
import org.doorwatch.testpeers.MosquittoSub;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The test site's MQTT clients logged in as SPEC 10 wants (the embedded broker refuses anonymous
 * clients): a door publishes as its device account ({@link TestAccounts}), a console reads the
 * built-in channels' topics as {@link TestAccounts#CONSOLE}. The same calls work on a test's own
 * Mosquitto, which takes any login. The peers themselves ({@code test-peers}) know no accounts.
 */
public final class SiteMqtt {

    /** The built-in channels' alert topics of {@link TestConfigs#SITE}, what the test console may read. */
    public static final List<String> CHANNELS = channelsOf(TestConfigs.SITE);

    private SiteMqtt() {}

    /** The alert topics of the built-in channels of {@code site}. */
    public static List<String> channelsOf(String site) {
        return List.of("gw/" + site + "/alerts/property", "gw/" + site + "/alerts/community",
                "gw/" + site + "/alerts/police");
    }

    /** Publishes as the device whose default topic {@code topic} is (anonymous for any other topic). */
    public static void publish(int port, String topic, String payload) {
        publish(port, topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public static void publish(int port, String topic, byte[] payload, boolean retain) {
        MosquittoPub.publish(deviceLogin(topic), port, topic, payload, retain);
    }

    /** As {@code account} with its test password (null: anonymous). */
    public static void publishAs(String account, int port, String topic, String payload) {
        MosquittoPub.publish(login(account), port, topic, payload);
    }

    /** Exit code of one {@code mosquitto_pub} run as {@code account} (null: anonymous). */
    public static int run(String account, int port, String topic, byte[] payload, boolean retain, StringBuilder output) {
        return MosquittoPub.run(login(account), null, port, topic, payload, retain, output);
    }

    /**
     * {@code mosquitto_sub} as the test console on the built-in channels of the test site, and on
     * {@code alerts/probe} and {@code alerts/probe-final} for {@link MosquittoSub#awaitReady}'s probes
     * on a broker that takes anonymous ones (the embedded broker refuses those two filters).
     */
    public static MosquittoSub alerts(int port, String clientId, Path dir) throws IOException {
        return alerts(TestConfigs.SITE, port, clientId, dir);
    }

    public static MosquittoSub alerts(String site, int port, String clientId, Path dir) throws IOException {
        List<String> filters = new java.util.ArrayList<>(channelsOf(site));
        filters.add("gw/" + site + "/alerts/probe");
        filters.add("gw/" + site + "/alerts/probe-final");
        return MosquittoSub.start(TestAccounts.console(), port, filters, clientId, dir);
    }

    /** A Paho console reading the built-in channels of the test site. */
    public static AlertSubscriber console(int port) throws MqttException {
        return console("tcp://127.0.0.1:" + port, TestConfigs.SITE);
    }

    public static AlertSubscriber console(String url, String site) throws MqttException {
        return AlertSubscriber.connect(url, TestAccounts.console(), channelsOf(site));
    }

    private static Login deviceLogin(String topic) {
        return login(TestAccounts.deviceOf(topic));
    }

    private static Login login(String account) {
        return account == null ? null : TestAccounts.login(account);
    }
}

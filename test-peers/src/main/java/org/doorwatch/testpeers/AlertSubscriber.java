package org.doorwatch.testpeers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A staff console: a real Paho client subscribed at QoS 1 (clean session) to a topic filter such
 * as {@code gw/<site>/alerts/#}. {@link #connect} records every message in arrival order for a test
 * to look at; {@link #watch} hands each one to a listener and keeps nothing, for a watcher that
 * runs as long as a simulation.
 *
 * <p>Both return once the broker has acknowledged the subscription, so nothing published after
 * that is missed.
 */
public final class AlertSubscriber implements AutoCloseable {

    private final MqttAsyncClient client;
    private final List<Received> alerts = new CopyOnWriteArrayList<>();

    private AlertSubscriber(String brokerUrl, String clientId) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    }

    /** Subscribes anonymously on a broker on loopback and records what arrives. */
    public static AlertSubscriber connect(int brokerPort, String topicFilter) throws MqttException {
        return connect("tcp://127.0.0.1:" + brokerPort, topicFilter);
    }

    /** Subscribes anonymously and records what arrives. */
    public static AlertSubscriber connect(String brokerUrl, String topicFilter) throws MqttException {
        return connect(brokerUrl, null, List.of(topicFilter));
    }

    /**
     * Subscribes to {@code topicFilters} as {@code login} (null: anonymous) and records what
     * arrives. A receiver account of the embedded broker may read only its channels' topics
     * (SPEC 10), so a console names each one rather than {@code alerts/#}.
     */
    public static AlertSubscriber connect(String brokerUrl, Login login, List<String> topicFilters)
            throws MqttException {
        AlertSubscriber s = new AlertSubscriber(brokerUrl, "alert-subscriber-" + UUID.randomUUID());
        s.subscribe(login, topicFilters, false, s.alerts::add);
        return s;
    }

    /**
     * Subscribes and hands every message to {@code onAlert} (on Paho's callback thread), recording
     * nothing. Paho reconnects by itself after a lost connection.
     */
    public static AlertSubscriber watch(String brokerUrl, String topicFilter, String clientId, Consumer<Received> onAlert)
            throws MqttException {
        return watch(brokerUrl, null, List.of(topicFilter), clientId, onAlert);
    }

    /** As {@link #watch(String, String, String, Consumer)}, logged in as {@code login} (null: anonymous). */
    public static AlertSubscriber watch(String brokerUrl, Login login, List<String> topicFilters, String clientId,
                                        Consumer<Received> onAlert) throws MqttException {
        AlertSubscriber s = new AlertSubscriber(brokerUrl, clientId);
        s.subscribe(login, topicFilters, true, onAlert);
        return s;
    }

    private void subscribe(Login login, List<String> topicFilters, boolean reconnect, Consumer<Received> onAlert)
            throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(reconnect);
        o.setConnectionTimeout(10);
        if (login != null) {
            o.setUserName(login.user());
            o.setPassword(login.password().toCharArray());
        }
        String[] filters = topicFilters.toArray(new String[0]);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        java.util.Arrays.fill(listeners, (IMqttMessageListener) (topic, message) ->
                onAlert.accept(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
        try {
            client.connect(o).waitForCompletion(20_000);
            IMqttToken granted = client.subscribe(filters, qos, null, null, listeners);
            granted.waitForCompletion(20_000);
            int[] got = granted.getGrantedQos();
            for (int i = 0; got != null && i < got.length; i++) {
                if (got[i] == 0x80) {
                    throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED,
                            new IllegalStateException("the broker refused the subscription to " + filters[i]));
                }
            }
        } catch (MqttException e) {
            try {
                close();
            } catch (MqttException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Every message recorded so far, in arrival order. */
    public List<Received> alerts() {
        return List.copyOf(alerts);
    }

    public List<Received> alerts(Predicate<Received> which) {
        return alerts.stream().filter(which).toList();
    }

    /** Alerts of {@code rule}/{@code stage} about {@code device}. */
    public List<Received> about(String device, String rule, String stage) {
        return alerts(a -> a.device().equals(device) && a.rule().equals(rule) && a.stage().equals(stage));
    }

    /** Alerts of {@code rule}/{@code stage} about {@code household}. */
    public List<Received> ofHousehold(String household, String rule, String stage) {
        return alerts(a -> a.household().equals(household) && a.rule().equals(rule) && a.stage().equals(stage));
    }

    /** The channels on which alerts matching {@code which} arrived (each once, sorted). */
    public Set<String> channels(Predicate<Received> which) {
        Set<String> out = new TreeSet<>();
        alerts(which).forEach(a -> out.add(a.channel()));
        return out;
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            // the broker may be gone already (the gateway stopped first); nothing to tell it
        } finally {
            client.close(true);
        }
    }
}

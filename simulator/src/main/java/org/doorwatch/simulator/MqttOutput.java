package org.doorwatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.config.GatewayConfig;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Door devices that speak MQTT: each event is published at QoS 1 to the device's topic
 * ({@code gw/<site>/devices/<id>/events}, or its override) in the default event JSON, or in
 * its vendor profile's JSON. At most {@link #IN_FLIGHT} publishes wait for their PUBACK; the
 * sender waits for the oldest beyond that, so a fast simulation cannot overrun the client
 * (PITFALLS: Paho's default of 10 throws under load). Paho's own in-flight count drops a little
 * after a token completes, so its limit is twice ours, and a "too many publishes" refusal that
 * still happens is waited out and retried, never passed up (found at 100,000 households).
 */
final class MqttOutput implements Output {

    static final int IN_FLIGHT = 500;

    private final MqttAsyncClient client;
    private final String brokerUrl;
    private final MqttLogin login;
    /** With accounts: one connection per device, opened at its first event. */
    private final Map<String, MqttAsyncClient> perDevice = new java.util.HashMap<>();
    private final String siteId;
    private final EventEncoder encoder;
    private final Map<String, GatewayConfig.DeviceConfig> devices;
    private final Map<String, GatewayConfig.PayloadProfileConfig> profiles;
    private final ArrayDeque<IMqttDeliveryToken> pending = new ArrayDeque<>();
    /** Devices a built-in profile names (uhppoted-mqtt): its topic, and the controller/door its messages say. */
    private final Map<String, String[]> bridged = new java.util.HashMap<>();

    MqttOutput(String brokerUrl, String siteId, EventEncoder encoder, Map<String, GatewayConfig.DeviceConfig> devices,
               Map<String, GatewayConfig.PayloadProfileConfig> profiles, MqttLogin login) throws MqttException {
        this.siteId = siteId;
        this.encoder = encoder;
        this.devices = devices;
        this.profiles = profiles;
        profiles.values().forEach(p -> {
            if (p.builtin() != null && !p.topics().isEmpty() && !p.topics().get(0).contains("+") && !p.topics().get(0).contains("#")) {
                p.values().getOrDefault("device", Map.of()).forEach((controllerDoor, device) ->
                        bridged.put(device, new String[] {p.topics().get(0), controllerDoor}));
            }
        });
        this.brokerUrl = brokerUrl;
        this.login = login;
        if (login.perDevice()) {
            // every device connects before the simulated time starts (at a high speed, connecting at
            // the first event would leave devices unheard for simulated hours)
            client = null;
            List<org.eclipse.paho.client.mqttv3.IMqttToken> connecting = new java.util.ArrayList<>();
            for (String device : devices.keySet()) {
                MqttAsyncClient c = new MqttAsyncClient(brokerUrl, "sim-" + device, new MemoryPersistence());
                connecting.add(c.connect(options(device)));
                perDevice.put(device, c);
            }
            for (org.eclipse.paho.client.mqttv3.IMqttToken t : connecting) {
                t.waitForCompletion(30_000);
            }
        } else {
            client = new MqttAsyncClient(brokerUrl, "doorwatch-sim-" + ProcessHandle.current().pid(), new MemoryPersistence());
            client.connect(options(null)).waitForCompletion(15_000);
        }
    }

    private MqttConnectOptions options(String account) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(2 * IN_FLIGHT);
        options.setConnectionTimeout(30);
        login.apply(options, account);
        return options;
    }

    /** The connection {@code device} publishes on. */
    private MqttAsyncClient clientOf(String device) throws MqttException {
        if (client != null) {
            return client;
        }
        MqttAsyncClient c = perDevice.get(device);
        if (c == null) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION,
                    new IllegalArgumentException("no MQTT device " + device));
        }
        return c;
    }

    @Override
    public String transport() {
        return "mqtt";
    }

    @Override
    public boolean send(DoorEvent e) throws MqttException {
        GatewayConfig.DeviceConfig d = e.device() == null ? null : devices.get(e.device());
        String topic = d != null && d.topic() != null ? d.topic() : "gw/" + siteId + "/devices/" + e.device() + "/events";
        GatewayConfig.PayloadProfileConfig profile = d == null || d.profile() == null ? null : profiles.get(d.profile());
        String payload;
        String[] bridge = e.device() == null ? null : bridged.get(e.device());
        if (bridge != null) {
            // a controller's door read through uhppoted-mqtt: the bridge's message on its topic
            topic = bridge[0];
            payload = encoder.uhppotedMqttJson(e, bridge[1]);
            if (payload == null) {
                return false; // a heartbeat or visitor call: the controller reports nothing of the kind
            }
        } else {
            payload = profile == null ? encoder.defaultJson(e) : encoder.profileJson(e, profile);
        }
        while (pending.size() >= IN_FLIGHT) {
            pending.poll().waitForCompletion(30_000);
        }
        while (!pending.isEmpty() && pending.peek().isComplete()) {
            pending.poll();
        }
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        for (int attempt = 0; ; attempt++) {
            try {
                pending.add(clientOf(e.device()).publish(topic, m));
                return true;
            } catch (MqttException refused) {
                if (refused.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || attempt >= 1000) {
                    throw refused;
                }
                if (!pending.isEmpty()) {
                    pending.poll().waitForCompletion(30_000);
                } else {
                    Thread.onSpinWait(); // Paho has yet to count a PUBACK it already reported
                }
            }
        }
    }

    @Override
    public void close() throws MqttException {
        for (IMqttDeliveryToken t : pending) {
            t.waitForCompletion(10_000);
        }
        List<MqttAsyncClient> all = new java.util.ArrayList<>(perDevice.values());
        if (client != null) {
            all.add(client);
        }
        for (MqttAsyncClient c : all) {
            c.disconnect().waitForCompletion(5_000);
            c.close();
        }
    }
}

package org.doorwatch.gateway.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.drivers.json.ParsedEvent;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.mqtt.MqttEndpoint;
import org.doorwatch.gateway.mqtt.MqttLink;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Door events over MQTT: a persistent session (clean session off) subscribed at QoS 1 to the
 * device topics, with manual acknowledgements. A message is acknowledged only after the writer
 * committed its event to SQLite (or counted it as bad), so an event the broker handed over is
 * either in the journal or will be delivered again; a crash in between costs a duplicate,
 * which the engine ignores (activity not later than L changes nothing).
 *
 * <p>An acknowledgement is sent only on the connection the message came on: after a reconnect
 * the broker resends what was not acknowledged, under packet ids that a late ack for the old
 * connection could wrongly confirm.
 */
public final class MqttIngest implements MqttLink.Listener {

    private volatile Runnable onSubscribed = () -> { };

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    public static final String SOURCE = "mqtt";

    private volatile TopicRoutes routes;
    private final DeviceMessages messages;
    private final Health health;
    private final MqttLink link;
    private volatile boolean stopping;

    public MqttIngest(String clientId, MqttEndpoint endpoint, TopicRoutes routes, Ingest ingest, Health health,
                      Clock clock, ScheduledExecutorService executor) throws MqttException {
        this.routes = routes;
        this.messages = new DeviceMessages(routes, ingest, clock);
        this.health = health;
        MqttConnectOptions options = endpoint.options(false);
        this.link = new MqttLink("mqtt ingest", endpoint, clientId, options, executor, this);
        link.setManualAcks(true);
        health.source(SOURCE, false, "not connected yet");
    }

    public void start() {
        link.start();
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public String status() {
        return link.status();
    }

    /**
     * Routes of a reloaded config: filters no longer needed are unsubscribed, new ones
     * subscribed (the subscriptions of a persistent session are the broker's to keep).
     */
    public void update(TopicRoutes next) {
        List<String> old = routes.filters();
        routes = next;
        messages.update(next);
        List<String> gone = old.stream().filter(f -> !next.filters().contains(f)).toList();
        if (link.isConnected()) {
            try {
                if (!gone.isEmpty()) {
                    link.client().unsubscribe(gone.toArray(new String[0]));
                }
            } catch (MqttException e) {
                LOG.warn("mqtt ingest: unsubscribing {}: {}", gone, MqttLink.describe(e));
            }
            up(link.client(), link.generation()); // subscribing again to a filter is harmless
        }
    }

    /** Stops taking messages; what arrives from now on is left unacknowledged for the next run. */
    public void pause() {
        stopping = true;
    }

    public void stop(long timeoutMs) {
        stopping = true;
        link.stop(timeoutMs);
        health.source(SOURCE, false, "stopped");
    }

    /** Runs after each successful subscription (the writer's start-up hold waits for the first). */
    public void onSubscribed(Runnable r) {
        this.onSubscribed = r;
    }

    @Override
    public void up(MqttAsyncClient client, long generation) {
        List<String> filters = routes.filters();
        int[] qos = new int[filters.size()];
        java.util.Arrays.fill(qos, 1);
        try {
            client.subscribe(filters.toArray(new String[0]), qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    for (int i = 0; granted != null && i < granted.length; i++) {
                        if (granted[i] == 0x80) {
                            health.source(SOURCE, false, "the broker refused the subscription to " + filters.get(i));
                            return;
                        }
                    }
                    health.source(SOURCE, true, "subscribed to " + String.join(", ", filters));
                    LOG.info("mqtt ingest: subscribed to {}", filters);
                    onSubscribed.run();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    health.source(SOURCE, false, "subscribe failed: " + MqttLink.describe(e));
                    LOG.warn("mqtt ingest: subscribe failed: {}", MqttLink.describe(e));
                }
            });
        } catch (MqttException e) {
            health.source(SOURCE, false, "subscribe failed: " + MqttLink.describe(e));
        }
    }

    @Override
    public void down(String reason) {
        health.source(SOURCE, false, reason);
    }

    @Override
    public void message(String topic, MqttMessage m, long generation) {
        if (stopping) {
            return; // not acknowledged: the broker keeps it for the next run
        }
        messages.handle(topic, m.getPayload(), m.isRetained(), m.isDuplicate(), ackFor(m, generation));
    }

    private Runnable ackFor(MqttMessage m, long generation) {
        if (m.getQos() == 0) {
            return Ingest.NO_ACK;
        }
        int id = m.getId();
        int qos = m.getQos();
        return () -> {
            if (link.generation() != generation || !link.isConnected()) {
                return; // that connection is gone; the broker will send the message again
            }
            try {
                link.client().messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                LOG.debug("mqtt ingest: ack {}: {}", id, e.toString());
            }
        };
    }
}

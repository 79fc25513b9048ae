package org.doorwatch.gateway.mqtt;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho connection that stays up: it connects, and after a failed attempt or a lost
 * connection it tries again with exponential back-off and jitter (250 ms doubling to 5 s).
 * Paho's own automatic reconnect is off because it does not retry a failed first connect
 * (PITFALLS): a gateway started before its broker must still come up on its own.
 *
 * <p>Each successful connect gets a new {@code generation} number. Work tied to a connection
 * (a manual acknowledgement, an in-flight publish) carries it, so that nothing meant for an
 * old connection is done on a new one.
 */
public final class MqttLink implements MqttCallbackExtended {

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 5_000;

    /** What the owner of the link hears. Called on Paho's threads: keep them short. */
    public interface Listener {
        /** Connected; subscribe and publish through {@code client} now. */
        void up(MqttAsyncClient client, long generation);

        void down(String reason);

        /** A message for a subscription; with manual acks, acknowledge it later. */
        default void message(String topic, MqttMessage message, long generation) {}
    }

    private final String name;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService executor;
    private final Listener listener;

    private volatile boolean running;
    private volatile long generation;
    private volatile String status = "not connected yet";
    private int failures;
    private ScheduledFuture<?> pending;

    public MqttLink(String name, MqttEndpoint endpoint, String clientId, MqttConnectOptions options,
             ScheduledExecutorService executor, Listener listener) throws MqttException {
        this.name = name;
        this.client = new MqttAsyncClient(endpoint.serverUri(), clientId, new MemoryPersistence());
        this.options = options;
        this.executor = executor;
        this.listener = listener;
        client.setCallback(this);
    }

    public MqttAsyncClient client() {
        return client;
    }

    public void setManualAcks(boolean manual) {
        client.setManualAcks(manual);
    }

    public void start() {
        running = true;
        schedule(0);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public long generation() {
        return generation;
    }

    /** A short human description: connected, or why not. */
    public String status() {
        return status;
    }

    /** Stops reconnecting and disconnects, waiting at most {@code timeoutMs}. */
    public void stop(long timeoutMs) {
        running = false;
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
            }
        }
        try {
            if (client.isConnected()) {
                client.disconnect(Math.min(timeoutMs, 1000)).waitForCompletion(timeoutMs);
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect: {}", name, e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close: {}", name, e.toString());
        }
    }

    private synchronized void schedule(long delayMs) {
        if (!running) {
            return;
        }
        pending = executor.schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        if (!running || client.isConnected()) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete does the rest
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed(e);
                }
            });
        } catch (MqttException e) {
            failed(e);
        }
    }

    private void failed(Throwable e) {
        String reason = describe(e);
        status = "cannot connect: " + reason;
        long delay;
        synchronized (this) {
            failures++;
            long base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failures - 1, 10));
            delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        }
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn("{}: cannot connect to the broker ({}); retrying, attempt {}", name, reason, failures);
        }
        listener.down(status);
        schedule(delay);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        synchronized (this) {
            failures = 0;
        }
        generation++;
        status = "connected to " + serverUri;
        LOG.info("{}: connected to {}", name, serverUri);
        listener.up(client, generation);
    }

    @Override
    public void connectionLost(Throwable cause) {
        status = "connection lost: " + describe(cause);
        LOG.warn("{}: {}", name, status);
        listener.down(status);
        schedule(FIRST_RETRY_MS);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        listener.message(topic, message, generation);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // publishes carry their own listeners
    }

    public static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String m = e.getMessage();
        String c = cause != e && cause.getMessage() != null ? ": " + cause.getMessage() : "";
        return (m == null ? e.getClass().getSimpleName() : m) + c;
    }
}

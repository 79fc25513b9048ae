package org.doorwatch.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.mqtt.MqttEndpoint;
import org.doorwatch.gateway.mqtt.MqttLink;
import org.doorwatch.gateway.mqtt.StatusMessage;
import org.doorwatch.gateway.storage.OutboxRow;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's outgoing MQTT connection: alerts to {@code gw/<site>/alerts/<channel>} at QoS 1,
 * not retained, each confirmed by the broker's PUBACK before the outbox row counts as delivered;
 * and the retained status {@code gw/<site>/status}, online on every connect, offline through
 * the last will when the gateway vanishes and explicitly when it stops.
 *
 * <p>A clean session: what was in flight when the connection dropped fails, and the outbox
 * sends it again after the reconnect; Paho does not also resend it from its own memory.
 */
public final class AlertPublisher implements Transport, MqttLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);

    private volatile GatewayConfig config;
    private final MqttLink link;
    private final StatusMessage status;
    private final Runnable onUp;
    private final Consumer<String> onStatus;
    private volatile long holdUntilNanos = System.nanoTime();

    /**
     * @param onUp     called after each connect (the dispatcher resumes sending)
     * @param onStatus hears "up"/"down: reason" for /health
     */
    public AlertPublisher(GatewayConfig config, String clientId, MqttEndpoint endpoint, StatusMessage status,
                          ScheduledExecutorService executor, Runnable onUp, Consumer<String> onStatus)
            throws MqttException {
        this.config = config;
        this.status = status;
        this.onUp = onUp;
        this.onStatus = onStatus;
        MqttConnectOptions options = endpoint.options(true);
        options.setWill(config.statusTopic(), status.offline().getBytes(StandardCharsets.UTF_8), 1, true);
        this.link = new MqttLink("mqtt delivery", endpoint, clientId, options, executor, this);
    }

    public void start() {
        link.start();
    }

    /** A reloaded config: channel topics may have moved. (site.id and mqtt need a restart.) */
    public void update(GatewayConfig next) {
        this.config = next;
    }

    /**
     * Holds alert publishing for {@code grace} from now (the status message still goes out).
     * For the embedded broker at start-up: it restarts with the gateway, and staff clients need
     * a moment to reconnect and subscribe again; what is published before that has nobody to
     * go to, and a PUBACK would still mark it delivered.
     */
    public void holdFor(Duration grace, ScheduledExecutorService executor) {
        holdUntilNanos = System.nanoTime() + grace.toNanos();
        executor.schedule(onUp, grace.toMillis() + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public String status() {
        return link.status();
    }

    /** Publishes the offline status (the will covers only an unclean end), then disconnects. */
    public void stop(long timeoutMs) {
        if (link.isConnected()) {
            try {
                link.client().publish(config.statusTopic(), status.offline().getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(Math.min(timeoutMs, 2000));
            } catch (MqttException e) {
                LOG.debug("publishing the offline status: {}", e.toString());
            }
        }
        link.stop(timeoutMs);
    }

    @Override
    public void up(MqttAsyncClient client, long generation) {
        try {
            client.publish(config.statusTopic(), status.online().getBytes(StandardCharsets.UTF_8), 1, true);
        } catch (MqttException e) {
            LOG.warn("publishing the online status: {}", e.toString());
        }
        onStatus.accept(null);
        onUp.run();
    }

    @Override
    public void down(String reason) {
        onStatus.accept(reason);
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public String name() {
        return OutboxRow.MQTT;
    }

    @Override
    public boolean ready() {
        return link.isConnected() && System.nanoTime() - holdUntilNanos >= 0;
    }

    @Override
    public int maxInFlight() {
        // below Paho's window, which the status message shares
        return MqttEndpoint.MAX_INFLIGHT - 10;
    }

    @Override
    public Duration backoff(int attempt) {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration retryFor(String channel) {
        return null; // MQTT channels are retried for as long as it takes
    }

    @Override
    public void send(OutboxRow row, Consumer<Outcome> done) {
        try {
            link.client().publish(config.alertTopic(row.channel()), row.payload().getBytes(StandardCharsets.UTF_8),
                    1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            done.accept(Outcome.DELIVERED);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            done.accept(new Outcome.Retry(MqttLink.describe(e), null));
                        }
                    });
        } catch (MqttException e) {
            done.accept(new Outcome.Retry(MqttLink.describe(e), null));
        }
    }
}

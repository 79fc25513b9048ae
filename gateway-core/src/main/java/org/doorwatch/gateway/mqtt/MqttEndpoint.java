package org.doorwatch.gateway.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import javax.net.SocketFactory;
import org.doorwatch.gateway.config.GatewayConfig;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Where the gateway's own MQTT clients connect, and how: the embedded broker on loopback, or
 * the external broker of {@code mqtt.url} with its user, password file and TLS files. The
 * password is read once here and kept only inside the connect options; it is never logged.
 */
public final class MqttEndpoint {

    /** Paho's in-flight window for our publishes; the default 10 fails under load (PITFALLS, error 32202). */
    public static final int MAX_INFLIGHT = 1000;
    /** Seconds between keep-alive pings: a dead broker is noticed within about 1.5 of these. */
    static final int KEEP_ALIVE_SECONDS = 10;

    private final String serverUri;
    private final String username;
    private final char[] password;
    private final SocketFactory socketFactory;

    private MqttEndpoint(String serverUri, String username, char[] password, SocketFactory socketFactory) {
        this.serverUri = serverUri;
        this.username = username;
        this.password = password;
        this.socketFactory = socketFactory;
    }

    /**
     * The embedded broker: over loopback when it listens on every interface, else on its address;
     * logged in as the gateway's own account.
     */
    public static MqttEndpoint embedded(EmbeddedBroker broker, String host) {
        String address = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (address.contains(":")) {
            address = "[" + address + "]";
        }
        return new MqttEndpoint("tcp://" + address + ":" + broker.port(), broker.guard().gatewayAccount(),
                broker.guard().gatewaySecret(), new BufferedSocketFactory());
    }

    /** The external broker of {@code mqtt.url}. */
    public static MqttEndpoint external(GatewayConfig.MqttSettings s) throws IOException {
        char[] password = null;
        if (s.passwordFile() != null) {
            String text;
            try {
                text = Files.readString(s.passwordFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("mqtt.passwordFile: cannot read " + s.passwordFile() + ": " + e.getMessage(), e);
            }
            password = text.strip().toCharArray();
        }
        String url = s.url().endsWith("/") ? s.url().substring(0, s.url().length() - 1) : s.url();
        SocketFactory factory;
        if (url.startsWith("ssl://") || url.startsWith("wss://")) {
            factory = s.tls() != null ? PemTls.socketFactory(s.tls()) : null;
        } else {
            if (s.tls() != null) {
                throw new IOException("mqtt.tls is set but mqtt.url '" + url + "' is not ssl://; use ssl://HOST:8883");
            }
            factory = url.startsWith("tcp://") ? new BufferedSocketFactory() : null;
        }
        return new MqttEndpoint(url, s.username(), password, factory);
    }

    public String serverUri() {
        return serverUri;
    }

    /** Options for one of our connections; a will is added by the caller when it wants one. */
    public MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false); // MqttLink reconnects, the first connect included (PITFALLS)
        o.setMaxInflight(MAX_INFLIGHT);
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setConnectionTimeout(10);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.clone());
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
        }
        return o;
    }

    @Override
    public String toString() {
        return serverUri + (username == null ? "" : " as " + username);
    }
}

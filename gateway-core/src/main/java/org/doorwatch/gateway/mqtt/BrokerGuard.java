package org.doorwatch.gateway.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.events.EventRegistry;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorwatch.gateway.config.MqttAccountNames;
import org.doorwatch.gateway.passwords.MqttPasswordHash;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door (SPEC 10), as a HiveMQ extension in the gateway's process:
 * <ul>
 *   <li>every CONNECT is authenticated: the gateway's own account with a secret made at this
 *       start ({@link #gatewaySecret()}, never written anywhere); an account of the accounts file
 *       ({@code mqtt.embedded.usersFile}, {@link MqttPasswordHash}); no account only with
 *       {@code allowAnonymous}.</li>
 *   <li>its topic permissions come from {@link BrokerAccess}, fixed for the connection, with
 *       "deny" as the default: a device's publish elsewhere closes its connection (MQTT 3 has no
 *       negative PUBACK), a subscription elsewhere gets a failure SUBACK.</li>
 *   <li>the gateway's client ids are refused to everyone else, before the broker would let the
 *       newcomer take over the gateway's session.</li>
 *   <li>the accounts file is read again when it changes; a client whose account was removed or
 *       whose password changed is disconnected.</li>
 *   <li>a packet above {@code maxMessageBytes} makes the broker close the sender's connection;
 *       it is reported to {@link Refusals} (the gateway counts it as {@code oversized}).</li>
 * </ul>
 * Password checks run on one thread of their own, off the broker's network threads; a verified
 * password is remembered as a keyed digest, so a reconnect costs no PBKDF2.
 */
public final class BrokerGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerGuard.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCOUNT_ATTRIBUTE = "doorwatch.account";

    /** Where refusals the gateway counts are reported. */
    public interface Refusals {
        /** The broker closed {@code account}'s connection (null: anonymous) for a packet over the limit. */
        void oversized(String account, String clientId, int maxBytes);
    }

    private final char[] gatewaySecret = randomSecret().toCharArray();
    private final PasswordFile accounts;
    private final boolean allowAnonymous;
    private final int maxMessageBytes;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Connected clients by client id, with the account and hash they logged in with. */
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    private volatile BrokerAccess access;
    private final TapInterceptor interceptor = new TapInterceptor(this);
    private volatile DeviceTap tap;
    private volatile Refusals refusals = (a, c, m) -> {};
    private volatile ClientService clients;
    private ExecutorService checks;
    private ScheduledExecutorService watch;
    private long accountsVersion;

    private record Verified(String hash, byte[] digest) {}

    private record Login(String account, String hash) {}

    public BrokerGuard(BrokerAccess access, java.nio.file.Path usersFile, boolean allowAnonymous, int maxMessageBytes) {
        this.access = access;
        this.accounts = new PasswordFile(usersFile, PasswordFile.MQTT);
        this.allowAnonymous = allowAnonymous;
        this.maxMessageBytes = maxMessageBytes;
        RANDOM.nextBytes(cacheKey);
    }

    static String randomSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The gateway's own account name. */
    public String gatewayAccount() {
        return MqttAccountNames.GATEWAY;
    }

    /** The gateway's own password for this run (a copy). */
    public char[] gatewaySecret() {
        return gatewaySecret.clone();
    }

    /**
     * From now on device messages go to {@code tap} (the gateway's intake), acknowledged when it
     * says so; until then they are refused unacknowledged ({@link TapInterceptor}).
     */
    public void tap(DeviceTap tap) {
        this.tap = tap;
    }

    /** Where device messages go, or null before the gateway takes events. */
    DeviceTap tap() {
        return tap;
    }

    /** The account a connection logged in with (the gateway's included), or null for anonymous. */
    String accountOf(com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation c) {
        return c.getConnectionAttributeStore().getAsString(ACCOUNT_ATTRIBUTE).orElse(null);
    }

    boolean isGateway(String account) {
        return MqttAccountNames.GATEWAY.equals(account);
    }

    /** Whether {@code account} (null: anonymous) may publish on {@code topic}, by the rules in force. */
    boolean mayPublish(String account, String topic) {
        BrokerAccess rules = access;
        java.util.List<BrokerAccess.Permission> ps = account == null
                ? (allowAnonymous ? rules.anonymous() : java.util.List.of()) : rules.permissions(account);
        for (BrokerAccess.Permission p : ps) {
            if (p.activity() == BrokerAccess.Activity.PUBLISH && BrokerAccess.matches(p.filter(), topic)) {
                return true;
            }
        }
        return false;
    }

    /** The rules of a reloaded config; clients connecting from now on get them. */
    public void update(BrokerAccess next) {
        this.access = next;
    }

    public void onRefusal(Refusals r) {
        this.refusals = r;
    }

    /** Called by the extension's start, with this broker's registries. */
    void install(SecurityRegistry security, EventRegistry events, ClientService clientService,
                 com.hivemq.extension.sdk.api.services.intializer.InitializerRegistry initializers) {
        initializers.setClientInitializer((in, client) -> client.addPublishInboundInterceptor(interceptor));
        this.clients = clientService;
        checks = Executors.newSingleThreadExecutor(r -> daemon(r, "mqtt-auth"));
        watch = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mqtt-accounts"));
        accountsVersion = accounts.version();
        watch.scheduleWithFixedDelay(this::checkAccountsFile, 1, 1, TimeUnit.SECONDS);
        SimpleAuthenticator authenticator = this::onConnect;
        security.setAuthenticatorProvider(in -> authenticator);
        ClientLifecycleEventListener lifecycle = new Lifecycle();
        events.setClientLifecycleEventListener(in -> lifecycle);
        if (allowAnonymous) {
            LOG.warn("!!! mqtt.embedded.allowAnonymous is true: clients WITHOUT AN ACCOUNT may connect, publish door "
                    + "events for any device and read every alert. A lab setting; never on a community's network. !!!");
        }
    }

    void uninstall() {
        if (checks != null) {
            checks.shutdownNow();
        }
        if (watch != null) {
            watch.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------ CONNECT

    private void onConnect(SimpleAuthInput in, SimpleAuthOutput out) {
        String clientId = in.getClientInformation().getClientId();
        Optional<String> user = in.getConnectPacket().getUserName();
        char[] password = in.getConnectPacket().getPassword().map(BrokerGuard::chars).orElse(null);
        BrokerAccess rules = access;
        if (user.isPresent() && user.get().equals(MqttAccountNames.GATEWAY)) {
            if (password != null && MessageDigest.isEqual(bytes(password), bytes(gatewaySecret))) {
                in.getConnectionInformation().getConnectionAttributeStore().putAsString(ACCOUNT_ATTRIBUTE,
                        MqttAccountNames.GATEWAY);
                out.getDefaultPermissions().add(permission("#", TopicPermission.MqttActivity.ALL, true));
                out.authenticateSuccessfully();
            } else {
                LOG.warn("mqtt: refused a client (id '{}') that logged in as the gateway's own account with a wrong "
                        + "secret; only the gateway itself has it", printable(clientId));
                out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
            }
            return;
        }
        if (rules.reservedClientIds().contains(clientId)) {
            LOG.warn("mqtt: refused a client (account '{}') that used the gateway's own client id '{}'",
                    user.map(BrokerGuard::printable).orElse("none"), clientId);
            out.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client id reserved for the gateway");
            return;
        }
        if (user.isEmpty() || user.get().isEmpty()) {
            if (allowAnonymous) {
                rules.anonymous().forEach(p -> out.getDefaultPermissions().add(permission(p)));
                out.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                out.authenticateSuccessfully();
            } else {
                out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                        "anonymous clients are not allowed; log in with an account");
            }
            return;
        }
        String account = user.get();
        Async<SimpleAuthOutput> async = out.async(Duration.ofSeconds(20), TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_BUSY, "authentication took too long");
        try {
            checks.execute(() -> {
                try {
                    String hash = check(account, password);
                    if (hash == null) {
                        out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
                    } else {
                        for (BrokerAccess.Permission p : access.permissions(account)) {
                            out.getDefaultPermissions().add(permission(p));
                        }
                        out.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                        logins.put(clientId, new Login(account, hash));
                        in.getConnectionInformation().getConnectionAttributeStore().putAsString(ACCOUNT_ATTRIBUTE, account);
                        out.authenticateSuccessfully();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("mqtt: checking the password of '{}' failed: {}", printable(account), e.toString());
                    out.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "authentication failed");
                } finally {
                    if (password != null) {
                        Arrays.fill(password, '\0');
                    }
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            out.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "broker stopping");
            async.resume();
        }
    }

    /** The stored hash {@code password} matched, or null. Remembers a match as a keyed digest. */
    String check(String account, char[] password) {
        String hash = accounts.hashOf(account);
        if (hash == null || password == null || MqttAccountNames.isReserved(account)) {
            return null;
        }
        byte[] digest = digest(password);
        Verified v = verified.get(account);
        if (v != null && v.hash.equals(hash) && MessageDigest.isEqual(v.digest, digest)) {
            return hash;
        }
        if (!MqttPasswordHash.verify(password, hash)) {
            return null;
        }
        verified.put(account, new Verified(hash, digest));
        return hash;
    }

    private byte[] digest(char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return mac.doFinal(bytes(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    // ------------------------------------------------------------------ reload

    private void checkAccountsFile() {
        try {
            long v = accounts.version();
            if (v == accountsVersion) {
                return;
            }
            accountsVersion = v;
            Map<String, String> now = accounts.all();
            verified.keySet().retainAll(now.keySet());
            LOG.info("mqtt: accounts file {} changed: {} accounts", "read again", now.size());
            List<String> gone = new ArrayList<>();
            logins.forEach((clientId, login) -> {
                if (!login.hash.equals(now.get(login.account))) {
                    gone.add(clientId);
                }
            });
            ClientService cs = clients;
            for (String clientId : gone) {
                Login l = logins.remove(clientId);
                LOG.warn("mqtt: disconnecting client '{}': its account '{}' was removed or its password changed",
                        printable(clientId), l == null ? "?" : l.account);
                if (cs != null) {
                    cs.disconnectClient(clientId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("mqtt: checking the accounts file: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private final class Lifecycle implements ClientLifecycleEventListener {
        @Override
        public void onMqttConnectionStart(ConnectionStartInput in) {}

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput in) {}

        @Override
        public void onDisconnect(DisconnectEventInput in) {
            logins.remove(in.getClientInformation().getClientId());
        }

        @Override
        public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput in) {
            String clientId = in.getClientInformation().getClientId();
            Login l = logins.remove(clientId);
            if (in.getReasonCode().orElse(null) == DisconnectedReasonCode.PACKET_TOO_LARGE) {
                String account = l != null ? l.account : in.getConnectionInformation().getConnectionAttributeStore()
                        .getAsString(ACCOUNT_ATTRIBUTE).orElse(null);
                refusals.oversized(account, clientId, maxMessageBytes);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static TopicPermission permission(BrokerAccess.Permission p) {
        return p.activity() == BrokerAccess.Activity.PUBLISH
                ? permission(p.filter(), TopicPermission.MqttActivity.PUBLISH, false)
                : permission(p.filter(), TopicPermission.MqttActivity.SUBSCRIBE, false);
    }

    private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity, boolean retain) {
        return Builders.topicPermission()
                .topicFilter(filter)
                .activity(activity)
                .type(TopicPermission.PermissionType.ALLOW)
                .retain(retain ? TopicPermission.Retain.ALL
                        : activity == TopicPermission.MqttActivity.SUBSCRIBE ? TopicPermission.Retain.ALL
                        : TopicPermission.Retain.NOT_RETAINED)
                .build();
    }

    private static char[] chars(ByteBuffer b) {
        CharBuffer c = StandardCharsets.UTF_8.decode(b.duplicate());
        char[] out = new char[c.remaining()];
        c.get(out);
        return out;
    }

    private static byte[] bytes(char[] c) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A name from the network, safe for a log line. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e\\u4e00-\\u9fff]", "?");
    }
}

package org.doorwatch.gateway.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.MqttAccountNames;

/**
 * Who may do what on the broker (SPEC 10), from the config alone: the one place both the embedded
 * broker ({@link BrokerGuard}) and the generated Mosquitto ACL ({@code gateway mosquitto-acl}) take
 * their rules from, so the two give the same answers.
 *
 * <ul>
 *   <li>A device account (named like a configured MQTT device) publishes, not retained, on that
 *       device's topics: {@code gw/<site>/devices/<id>/events}, its {@code topic} override, and
 *       its profiles' {@code topics} (a bridge such as uhppoted-mqtt logs in as one of the
 *       devices its profile maps). Nothing else; it reads nothing.</li>
 *   <li>A receiver account reads the alert topic of each channel whose {@code readers} name it.</li>
 *   <li>Only the gateway's own account publishes alerts and the status; the gateway's client ids
 *       are its own ({@link #reservedClientIds()}).</li>
 *   <li>Anonymous clients (only with {@code allowAnonymous: true}, a lab) publish on device topics
 *       and read everything but still publish no alert and no status.</li>
 * </ul>
 */
public final class BrokerAccess {

    /** What a permission allows. */
    public enum Activity { PUBLISH, SUBSCRIBE }

    /** One allowed topic filter; a publish permission never allows a retained message. */
    public record Permission(String filter, Activity activity) {}

    private final String siteId;
    private final Map<String, List<Permission>> byAccount;
    private final List<Permission> anonymous;
    private final Set<String> reservedClientIds;

    public BrokerAccess(GatewayConfig config) {
        this.siteId = config.siteId();
        Map<String, List<Permission>> accounts = new LinkedHashMap<>();
        Set<String> deviceFilters = new LinkedHashSet<>();
        deviceFilters.add(config.deviceEventsFilter());
        for (GatewayConfig.DeviceConfig d : config.devices()) {
            if (!"mqtt".equals(d.source())) {
                continue;
            }
            List<Permission> own = new ArrayList<>();
            for (String topic : deviceTopics(config, d)) {
                own.add(new Permission(topic, Activity.PUBLISH));
                deviceFilters.add(topic);
            }
            if (MqttAccountNames.VALID.matcher(d.id()).matches() && !MqttAccountNames.isReserved(d.id())) {
                accounts.put(d.id(), own);
            }
        }
        for (GatewayConfig.ChannelConfig c : config.channels()) {
            if (!c.mqtt()) {
                continue;
            }
            for (String reader : c.readers()) {
                accounts.computeIfAbsent(reader, k -> new ArrayList<>())
                        .add(new Permission(config.alertTopic(c.id()), Activity.SUBSCRIBE));
            }
        }
        accounts.replaceAll((k, v) -> List.copyOf(v));
        this.byAccount = java.util.Collections.unmodifiableMap(accounts); // config order: acl_file reads like the config
        List<Permission> anon = new ArrayList<>();
        deviceFilters.forEach(f -> anon.add(new Permission(f, Activity.PUBLISH)));
        anon.add(new Permission("#", Activity.SUBSCRIBE));
        this.anonymous = List.copyOf(anon);
        this.reservedClientIds = Set.of(ingestClientId(config.siteId()), outClientId(config.siteId()));
    }

    /**
     * The topics a device publishes to: its default topic, its override and the topics of its
     * profiles (the one it names, and a bridge's whose {@code values.device} maps to it).
     */
    static List<String> deviceTopics(GatewayConfig config, GatewayConfig.DeviceConfig d) {
        List<String> topics = new ArrayList<>();
        topics.add("gw/" + config.siteId() + "/devices/" + d.id() + "/events");
        if (d.topic() != null && !topics.contains(d.topic())) {
            topics.add(d.topic());
        }
        for (String profile : config.profilesOf(d)) {
            for (String t : config.profiles().get(profile).topics()) {
                if (!topics.contains(t)) {
                    topics.add(t);
                }
            }
        }
        return topics;
    }

    public static String ingestClientId(String siteId) {
        return "doorwatch-" + siteId + "-ingest";
    }

    public static String outClientId(String siteId) {
        return "doorwatch-" + siteId + "-out";
    }

    /** What {@code account} may do; empty for a name the config does not know (it may connect, and do nothing). */
    public List<Permission> permissions(String account) {
        return byAccount.getOrDefault(account, List.of());
    }

    /** Every account the config gives a permission, in config order (devices, then readers). */
    public Set<String> accounts() {
        return byAccount.keySet();
    }

    /** What a client without an account may do when {@code allowAnonymous} is on. */
    public List<Permission> anonymous() {
        return anonymous;
    }

    /** Client ids only the gateway's own account may use: a take-over would knock its ingest offline. */
    public Set<String> reservedClientIds() {
        return reservedClientIds;
    }

    /** The topic filter matching everything the gateway publishes and reads. */
    public String gatewayFilter() {
        return "#";
    }

    public String siteId() {
        return siteId;
    }

    /** MQTT filter matching: {@code +} one level, {@code #} the rest. */
    public static boolean matches(String filter, String topic) {
        return TopicFilter.matches(filter, topic);
    }
}

package org.doorwatch.gateway.intake;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.mqtt.TopicFilter;

/**
 * Which topics the gateway subscribes to and which parser reads each: the seam between MQTT
 * and payload formats.
 *
 * <ul>
 *   <li>{@code gw/<site>/devices/+/events}: the default event JSON; the device is the topic's
 *       fourth level unless the payload names one.</li>
 *   <li>a device's own {@code topic}: its profile's parser, or the default JSON, with that
 *       device as the hint.</li>
 *   <li>each profile's {@code topics}: that profile's parser.</li>
 * </ul>
 * Profile parsers come from a factory ({@link #vendorProfiles()} in the gateway), so a test or
 * another mapping plugs in without touching MQTT code.
 */
public final class TopicRoutes {

    /**
     * A topic filter and how to read what arrives on it.
     *
     * @param fixedDevice the one device whose topic it is, or null
     * @param profile     a profile's shared topic: the profile, whose devices alone may be named
     *                    in what arrives on it; null otherwise
     */
    public record Route(String filter, PayloadParser parser, String fixedDevice, String profile) {
        public Route(String filter, PayloadParser parser, String fixedDevice) {
            this(filter, parser, fixedDevice, null);
        }
    }

    /** Builds the parser of a vendor profile; {@link #vendorProfiles()} is the real one. */
    @FunctionalInterface
    public interface ProfileParsers {
        PayloadParser parserFor(GatewayConfig.PayloadProfileConfig profile, ZoneId zone);
    }

    private final String devicesPrefix;
    private final Route deviceEvents;
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final List<Route> wildcards = new ArrayList<>();
    /** The profiles each MQTT device may be named through on a profile's shared topic. */
    private final Map<String, List<String>> profilesOf = new java.util.HashMap<>();
    /** Every configured device, whatever its source. */
    private final java.util.Set<String> configured = new java.util.HashSet<>();

    public TopicRoutes(GatewayConfig config, ProfileParsers profiles) {
        ZoneId zone = config.zone();
        PayloadParser defaultJson = (text, device, at) -> EventJson.parse(text, zone, device, at);
        devicesPrefix = "gw/" + config.siteId() + "/devices/";
        deviceEvents = new Route(config.deviceEventsFilter(), defaultJson, null);
        Map<String, PayloadParser> byProfile = new LinkedHashMap<>();
        config.profiles().forEach((name, p) -> byProfile.put(name, profiles.parserFor(p, zone)));
        for (GatewayConfig.DeviceConfig d : config.devices()) {
            configured.add(d.id());
            if ("mqtt".equals(d.source())) {
                profilesOf.put(d.id(), config.profilesOf(d));
            }
            if (!"mqtt".equals(d.source()) || d.topic() == null) {
                continue;
            }
            PayloadParser parser = d.profile() == null ? defaultJson : byProfile.get(d.profile());
            if (parser == null) {
                throw new IllegalArgumentException("device " + d.id() + ": unknown payload profile '" + d.profile() + "'");
            }
            add(new Route(d.topic(), parser, d.id()));
        }
        config.profiles().forEach((name, p) -> p.topics().forEach(t -> add(new Route(t, byProfile.get(name), null, name))));
    }

    /**
     * The vendor mapping of issue 3 ({@code org.doorwatch.drivers.json.PayloadProfile}: JSON
     * pointers, value maps, time formats), one mapper per profile, read in the site's zone.
     */
    public static ProfileParsers vendorProfiles() {
        return (p, zone) -> {
            var mapper = p.toProfile();
            return (text, device, at) -> mapper.parse(text, zone, device, at);
        };
    }

    private void add(Route r) {
        if (r.filter().contains("+") || r.filter().contains("#")) {
            wildcards.add(r);
        } else {
            exact.putIfAbsent(r.filter(), r);
        }
    }

    /** Every filter to subscribe to, each once. */
    public List<String> filters() {
        List<String> out = new ArrayList<>();
        out.add(deviceEvents.filter());
        exact.keySet().forEach(f -> {
            if (!out.contains(f)) out.add(f);
        });
        wildcards.forEach(r -> {
            if (!out.contains(r.filter())) out.add(r.filter());
        });
        return out;
    }

    /** The route for a topic a message arrived on, or null when none matches. */
    public Route match(String topic) {
        Route r = exact.get(topic);
        if (r != null) {
            return r;
        }
        if (isDeviceEvents(topic)) {
            return deviceEvents;
        }
        for (Route w : wildcards) {
            if (matches(w.filter(), topic)) {
                return w;
            }
        }
        return null;
    }

    /** The device a topic names: {@code gw/<site>/devices/<device>/events}, or a device topic. */
    public String deviceOf(String topic, Route route) {
        if (route != null && route.fixedDevice() != null) {
            return route.fixedDevice();
        }
        if (isDeviceEvents(topic)) {
            return topic.substring(devicesPrefix.length(), topic.length() - "/events".length());
        }
        return null;
    }

    /**
     * Why an event naming {@code device} may not count from a message on {@code topic} (SPEC 10:
     * a message on one device's topic never counts as another device's event), or null when it
     * may: on a device's own topic only that device; on a profile's shared topic no configured
     * device but the profile's (those naming it, and those its {@code values.device} maps to).
     */
    public String deviceProblem(String topic, Route route, String device) {
        String own = deviceOf(topic, route);
        if (own != null) {
            return own.equals(device) ? null
                    : "the event names device '" + device + "' but came on device '" + own + "''s topic " + topic;
        }
        // an id the config does not know is the intake's unknown-device (an unmapped door of a bridge)
        if (route != null && route.profile() != null && configured.contains(device)
                && !profilesOf.getOrDefault(device, List.of()).contains(route.profile())) {
            return "the event names device '" + device + "', which is not a device of profile '" + route.profile()
                    + "' whose topic " + topic + " it came on";
        }
        return null;
    }

    private boolean isDeviceEvents(String topic) {
        if (!topic.startsWith(devicesPrefix) || !topic.endsWith("/events")) {
            return false;
        }
        int end = topic.length() - "/events".length();
        return end > devicesPrefix.length() && topic.indexOf('/', devicesPrefix.length()) == end;
    }

    /** MQTT filter matching: {@code +} one level, {@code #} the rest. */
    static boolean matches(String filter, String topic) {
        return TopicFilter.matches(filter, topic);
    }
}

package org.doorwatch.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorwatch.domain.Channels;

/**
 * {@code channels:} the three built-ins ({@code property}, {@code community}, {@code police})
 * always exist and publish over MQTT to {@code gw/<site>/alerts/<id>}; an entry overrides the
 * topic, switches MQTT off, adds a webhook, or defines a new channel that routes may use.
 *
 * <pre>
 * police: { topic: "gw/shengli-road/alerts/police" }
 * family-app:
 *   mqtt: false
 *   webhook: { url: "https://example.org/hook", secretFile: secrets/family.key, timeout: 10s, retryFor: 72h }
 * property-group: { wecom: { keyFile: secrets/wecom-property.key } }
 * community-group: { dingtalk: { tokenFile: secrets/ding.token, secretFile: secrets/ding.secret } }
 * sms: { sms: { provider: aliyun, accessKeyIdFile: …, accessKeySecretFile: …, signName: …, templateCode: … } }
 * </pre>
 *
 * A channel with {@code wecom}, {@code dingtalk} or {@code sms} does not publish over MQTT unless
 * it says {@code mqtt: true}: people read the group, not a topic. Every {@code url} defaults to
 * the provider's own address and may be overridden (a test points it at a local receiver);
 * secrets come from files or variables only.
 */
final class ChannelSection {

    static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(72);

    private ChannelSection() {}

    /** Every channel, built-ins first in their canonical order, then the added ones in config order. */
    static List<GatewayConfig.ChannelConfig> read(ConfigContext ctx, YamlMap channels, String siteId) {
        Map<String, GatewayConfig.ChannelConfig> out = new LinkedHashMap<>();
        for (String builtIn : Channels.BUILT_IN) {
            out.put(builtIn, new GatewayConfig.ChannelConfig(builtIn, true, null, null));
        }
        Map<String, YamlMap> read = new HashMap<>();
        for (String id : channels.keys()) {
            if (!CHANNEL_ID.matcher(id).matches()) {
                ctx.at(channels.keyNode(id), "channels: '" + id
                        + "' is not a valid channel id; expected lowercase letters, digits and '-' (it is used in MQTT topics)");
                continue;
            }
            YamlMap c = channels.map(id);
            read.put(id, c);
            c.rejectUnknown(Set.of("mqtt", "topic", "webhook", "wecom", "dingtalk", "sms", "readers"));
            List<String> ways = new ArrayList<>();
            for (String k : List.of("webhook", "wecom", "dingtalk", "sms")) {
                if (c.has(k)) {
                    ways.add(k);
                }
            }
            if (ways.size() > 1) {
                ctx.at(c.keyNode(ways.get(1)), c.child(ways.get(1)) + ": a channel has one way out, and this one already has "
                        + ways.get(0) + "; define a second channel and name both in the route");
            }
            boolean people = c.has("wecom") || c.has("dingtalk") || c.has("sms");
            boolean mqtt = c.bool("mqtt", !people);
            String topic = c.string("topic");
            if (topic != null) {
                String problem = Topics.nameProblem(topic);
                if (problem != null) {
                    ctx.at(c.value("topic"), c.child("topic") + ": " + problem);
                    topic = null;
                } else if (!mqtt) {
                    ctx.at(c.keyNode("topic"), c.child("topic") + ": a topic is given but mqtt is false; remove one of them");
                }
            }
            GatewayConfig.WebhookConfig webhook = c.has("webhook") ? webhook(ctx, c.map("webhook")) : null;
            GatewayConfig.WeComConfig wecom = c.has("wecom") ? PeopleChannels.wecom(ctx, c.map("wecom")) : null;
            GatewayConfig.DingTalkConfig dingtalk = c.has("dingtalk") ? PeopleChannels.dingtalk(ctx, c.map("dingtalk")) : null;
            GatewayConfig.SmsConfig sms = c.has("sms") ? PeopleChannels.sms(ctx, c.map("sms")) : null;
            if (!mqtt && !c.has("webhook") && !people) {
                ctx.at(c.keyNode("mqtt"), c.child("mqtt") + ": with mqtt false and no webhook this channel delivers nowhere; add a webhook or remove 'mqtt: false'");
            }
            if (Channels.BUILT_IN.contains(id) && people) {
                ctx.at(channels.keyNode(id), "channels." + id + ": the built-in channel " + id
                        + " publishes over MQTT; give the robot or SMS account a channel of its own, e.g. " + id + "-group");
            }
            List<String> readers = readers(ctx, c, mqtt);
            out.put(id, new GatewayConfig.ChannelConfig(id, mqtt, topic, webhook, wecom, dingtalk, sms, readers));
        }
        if (siteId != null) {
            // Two channels on one topic would deliver each alert twice to the same subscribers.
            Map<String, String> topics = new HashMap<>();
            for (GatewayConfig.ChannelConfig c : out.values()) {
                if (!c.mqtt()) {
                    continue;
                }
                String effective = c.topic() != null ? c.topic() : "gw/" + siteId + "/alerts/" + c.id();
                String other = topics.putIfAbsent(effective, c.id());
                if (other != null) {
                    // Report at whichever of the two the config touched (a built-in may be untouched).
                    String here = read.containsKey(c.id()) ? c.id() : other;
                    String there = here.equals(c.id()) ? other : c.id();
                    YamlMap m = read.get(here);
                    ctx.at(m.value("topic") != null ? m.value("topic") : channels.keyNode(here), m.path()
                            + ": topic '" + effective + "' is also channel '" + there + "''s; each channel needs its own topic");
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** {@code readers}: the MQTT accounts that may subscribe to the channel's alerts (SPEC 10). */
    private static List<String> readers(ConfigContext ctx, YamlMap c, boolean mqtt) {
        List<String> readers = new ArrayList<>();
        for (String r : c.strings("readers")) {
            if (!MqttAccountNames.VALID.matcher(r).matches()) {
                ctx.at(c.value("readers"), c.child("readers") + ": '" + r + "' is not a valid MQTT account name; "
                        + MqttAccountNames.EXPECTED);
            } else if (MqttAccountNames.isReserved(r)) {
                ctx.at(c.value("readers"), c.child("readers") + ": '" + r + "' is the gateway's own account; "
                        + "receivers need their own (scripts/gateway add-mqtt-user NAME)");
            } else if (!readers.contains(r)) {
                readers.add(r);
            }
        }
        if (!readers.isEmpty() && !mqtt) {
            ctx.at(c.keyNode("readers"), c.child("readers") + ": readers are MQTT subscribers, but mqtt is false");
        }
        return readers;
    }

    private static GatewayConfig.WebhookConfig webhook(ConfigContext ctx, YamlMap w) {
        w.rejectUnknown(Set.of("url", "secretFile", "secretEnv", "timeout", "retryFor"));
        URI url = url(ctx, w);
        GatewayConfig.Secret secret = w.isPresent() ? SecretReader.read(ctx, w) : null;
        Duration timeout = w.duration("timeout", DEFAULT_TIMEOUT);
        Duration retryFor = w.duration("retryFor", DEFAULT_RETRY_FOR);
        if (retryFor.compareTo(timeout) < 0) {
            ctx.at(w.value("retryFor"), w.child("retryFor") + ": " + Durations.format(retryFor)
                    + " is shorter than one attempt's timeout (" + Durations.format(timeout) + ")");
        }
        if (url == null || secret == null) {
            return null;
        }
        return new GatewayConfig.WebhookConfig(url, secret, timeout, retryFor);
    }

    private static URI url(ConfigContext ctx, YamlMap w) {
        String text = w.requiredString("url", "the receiver's address, e.g. https://example.org/hook");
        if (text == null) {
            return null;
        }
        return address(ctx, w, text);
    }

    /** {@code url} of {@code w} as a web address, or null with the problem recorded. */
    static URI address(ConfigContext ctx, YamlMap w, String text) {
        String expected = "; expected an http:// or https:// address, e.g. https://example.org/hook";
        try {
            URI u = new URI(text.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                ctx.at(w.value("url"), w.child("url") + ": '" + Redact.url(text) + "' is not a web address" + expected);
                return null;
            }
            if (u.getUserInfo() != null) {
                ctx.at(w.value("url"), w.child("url") + ": a password in the address would be printed and logged; put the secret in secretFile or secretEnv");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            ctx.at(w.value("url"), w.child("url") + ": not a valid address (" + e.getReason() + ")" + expected);
            return null;
        }
    }
}

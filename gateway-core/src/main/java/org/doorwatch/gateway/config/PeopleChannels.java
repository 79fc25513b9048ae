package org.doorwatch.gateway.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The channels that reach people (SPEC section 8): {@code wecom}, {@code dingtalk} and
 * {@code sms} inside a channel entry. Keys as SPEC 8 pins them; secrets only from files or
 * variables ({@code keyFile}/{@code keyEnv}, {@code tokenFile}/{@code tokenEnv},
 * {@code secretFile}/{@code secretEnv}, {@code accessKeyIdFile}/{@code accessKeyIdEnv},
 * {@code accessKeySecretFile}/{@code accessKeySecretEnv}).
 *
 * <p>A key or token file may hold the whole address the group's robot page shows
 * ({@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…}): the key is taken out of it,
 * because that is what a property office copies.
 */
final class PeopleChannels {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(72);
    /** WeCom and DingTalk both allow a robot 20 messages a minute. */
    static final int ROBOT_PER_MINUTE = 20;
    static final List<String> PROVIDERS = List.of("aliyun");

    private PeopleChannels() {}

    static GatewayConfig.WeComConfig wecom(ConfigContext ctx, YamlMap w) {
        w.rejectUnknown(Set.of("keyFile", "keyEnv", "url", "msgtype", "timeout", "retryFor", "perMinute"));
        URI url = url(ctx, w, GatewayConfig.WeComConfig.DEFAULT_URL, "key");
        GatewayConfig.Secret key = w.isPresent() ? SecretReader.read(ctx, w, "key", "the robot's key (the key= of its webhook address)") : null;
        key = fromAddress(key, "key");
        GatewayConfig.MessageFormat format = format(ctx, w);
        Duration timeout = w.duration("timeout", DEFAULT_TIMEOUT);
        Duration retryFor = w.duration("retryFor", DEFAULT_RETRY_FOR);
        int perMinute = w.integer("perMinute", ROBOT_PER_MINUTE, 1, ROBOT_PER_MINUTE);
        if (url == null || key == null) {
            return null;
        }
        return new GatewayConfig.WeComConfig(url, key, format, timeout, retryFor, perMinute);
    }

    static GatewayConfig.DingTalkConfig dingtalk(ConfigContext ctx, YamlMap d) {
        d.rejectUnknown(Set.of("tokenFile", "tokenEnv", "secretFile", "secretEnv", "url", "msgtype", "timeout", "retryFor",
                "perMinute"));
        URI url = url(ctx, d, GatewayConfig.DingTalkConfig.DEFAULT_URL, "access_token");
        GatewayConfig.Secret token = d.isPresent() ? SecretReader.read(ctx, d, "token", "the robot's access_token") : null;
        token = fromAddress(token, "access_token");
        GatewayConfig.Secret secret = d.isPresent()
                ? SecretReader.read(ctx, d, "secret", "the robot's signing secret (加签, starts with SEC)") : null;
        GatewayConfig.MessageFormat format = format(ctx, d);
        Duration timeout = d.duration("timeout", DEFAULT_TIMEOUT);
        Duration retryFor = d.duration("retryFor", DEFAULT_RETRY_FOR);
        int perMinute = d.integer("perMinute", ROBOT_PER_MINUTE, 1, ROBOT_PER_MINUTE);
        if (url == null || token == null || secret == null) {
            return null;
        }
        return new GatewayConfig.DingTalkConfig(url, token, secret, format, timeout, retryFor, perMinute);
    }

    static GatewayConfig.SmsConfig sms(ConfigContext ctx, YamlMap s) {
        s.rejectUnknown(Set.of("provider", "accessKeyIdFile", "accessKeyIdEnv", "accessKeySecretFile", "accessKeySecretEnv",
                "signName", "templateCode", "regionId", "url", "timeout", "retryFor"));
        String provider = s.requiredString("provider", "the SMS provider: " + String.join(", ", PROVIDERS));
        if (provider != null && !PROVIDERS.contains(provider)) {
            ctx.at(s.value("provider"), s.child("provider") + ": unknown provider '" + provider + "'"
                    + DidYouMean.hint(provider, PROVIDERS) + "; known: " + String.join(", ", PROVIDERS));
            provider = null;
        }
        URI url = url(ctx, s, GatewayConfig.SmsConfig.DEFAULT_ALIYUN_URL, "AccessKeyId");
        GatewayConfig.Secret id = s.isPresent() ? SecretReader.read(ctx, s, "accessKeyId", "the AccessKey id") : null;
        GatewayConfig.Secret secret = s.isPresent() ? SecretReader.read(ctx, s, "accessKeySecret", "the AccessKey secret") : null;
        String signName = s.requiredString("signName", "the SMS signature (签名) approved in the SMS console, e.g. 胜利路社区");
        String templateCode = s.requiredString("templateCode", "the approved template's code, e.g. SMS_123456789");
        if (templateCode != null && !templateCode.matches("[A-Za-z0-9_]{1,64}")) {
            ctx.at(s.value("templateCode"), s.child("templateCode") + ": '" + templateCode
                    + "' is not a template code; expected letters, digits and _ such as SMS_123456789");
            templateCode = null;
        }
        String region = s.string("regionId", "cn-hangzhou");
        if (!region.matches("[a-z0-9-]{2,32}")) {
            ctx.at(s.value("regionId"), s.child("regionId") + ": '" + region + "' is not a region id; expected e.g. cn-hangzhou");
            region = null;
        }
        Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT);
        Duration retryFor = s.duration("retryFor", DEFAULT_RETRY_FOR);
        if (provider == null || url == null || id == null || secret == null || signName == null || templateCode == null
                || region == null) {
            return null;
        }
        return new GatewayConfig.SmsConfig(provider, url, id, secret, signName, templateCode, region, timeout, retryFor);
    }

    private static URI url(ConfigContext ctx, YamlMap m, URI def, String secretParam) {
        String text = m.string("url");
        if (text == null) {
            return def;
        }
        URI u = ChannelSection.address(ctx, m, text);
        if (u != null && u.getRawQuery() != null && u.getRawQuery().contains(secretParam + "=")) {
            ctx.at(m.value("url"), m.child("url") + ": the address holds the " + secretParam
                    + ", which would be printed and logged; put it in a file and name it with " + fileKeyOf(secretParam));
            return null;
        }
        return u;
    }

    private static String fileKeyOf(String param) {
        return switch (param) {
            case "key" -> "keyFile";
            case "access_token" -> "tokenFile";
            default -> "accessKeyIdFile";
        };
    }

    private static GatewayConfig.MessageFormat format(ConfigContext ctx, YamlMap m) {
        String f = m.string("msgtype", "text");
        try {
            return GatewayConfig.MessageFormat.valueOf(f.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            ctx.at(m.value("msgtype"), m.child("msgtype") + ": unknown message type '" + f + "'; expected text or markdown");
            return GatewayConfig.MessageFormat.TEXT;
        }
    }

    /** A secret file holding the robot's whole address: the value of {@code param} in it. */
    static GatewayConfig.Secret fromAddress(GatewayConfig.Secret s, String param) {
        if (s == null) {
            return null;
        }
        String v = new String(s.value(), StandardCharsets.UTF_8);
        if (!v.startsWith("http://") && !v.startsWith("https://")) {
            return s;
        }
        int q = v.indexOf('?');
        if (q < 0) {
            return s;
        }
        for (String pair : v.substring(q + 1).split("&")) {
            if (pair.startsWith(param + "=")) {
                String value = java.net.URLDecoder.decode(pair.substring(param.length() + 1), StandardCharsets.UTF_8);
                return new GatewayConfig.Secret(s.source(), value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return s;
    }
}

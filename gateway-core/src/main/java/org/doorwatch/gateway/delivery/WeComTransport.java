package org.doorwatch.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;

/**
 * WeCom (企业微信) group robot (群机器人): {@code POST <url>?key=<key>} with
 * <pre>
 * {"msgtype":"text","text":{"content":"…","mentioned_mobile_list":["13800000001"]}}
 * {"msgtype":"markdown","markdown":{"content":"…"}}
 * </pre>
 * The answer is {@code {"errcode":0,"errmsg":"ok"}}; any other errcode is an error: 45009 (the
 * robot's 20 messages a minute, or the key's frequency limit) and -1 (system busy) are retried
 * after a minute; the rest (93000 invalid key, 40008 bad message ...) mean the request itself is
 * wrong and fail for good, with the code recorded.
 *
 * <p>Content is at most 2048 UTF-8 bytes in text, 4096 in markdown. Mentions by phone work only in
 * text messages: a markdown robot's message that must mention people goes as text.
 */
public final class WeComTransport extends GroupRobotTransport<GatewayConfig.WeComConfig> {

    static final int TEXT_MAX_BYTES = 2048;
    static final int MARKDOWN_MAX_BYTES = 4096;
    static final long RATE_LIMITED = 45009;
    static final long BUSY = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public WeComTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version) {
        this(config, backoff, wallClock, executor, version, MINUTE);
    }

    /** With {@code rateWindow} standing in for the minute of the robot's limit (tests). */
    WeComTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version,
                   Duration rateWindow) {
        super(config, GatewayConfig.ChannelConfig::wecom, backoff, wallClock, executor, version, rateWindow);
    }

    @Override
    public String name() {
        return OutboxRow.WECOM;
    }

    @Override
    int maxBytes(String channel) {
        GatewayConfig.WeComConfig c = settings(channel);
        return c != null && c.format() == GatewayConfig.MessageFormat.MARKDOWN ? MARKDOWN_MAX_BYTES : TEXT_MAX_BYTES;
    }

    @Override
    boolean mentionsInText() {
        return false;
    }

    @Override
    Call request(String channel, Digest.Message m, Instant wallNow) {
        GatewayConfig.WeComConfig c = settings(channel);
        ObjectNode body = JSON.createObjectNode();
        boolean markdown = c.format() == GatewayConfig.MessageFormat.MARKDOWN && m.mentions().isEmpty();
        if (markdown) {
            body.put("msgtype", "markdown");
            body.putObject("markdown").put("content", Utf8.cut(m.text(), MARKDOWN_MAX_BYTES));
        } else {
            body.put("msgtype", "text");
            ObjectNode text = body.putObject("text");
            text.put("content", Utf8.cut(m.text(), TEXT_MAX_BYTES));
            if (!m.mentions().isEmpty()) {
                var list = text.putArray("mentioned_mobile_list");
                m.mentions().forEach(list::add);
            }
        }
        String key = new String(c.key().value(), StandardCharsets.UTF_8);
        return post(withQuery(c.url(), "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)), body.toString(), c);
    }

    @Override
    Outcome classify(int status, String body) {
        return classifyAnswer("wecom", status, body, RATE_LIMITED, BUSY);
    }

    /** WeCom and DingTalk answer alike: HTTP 200 and {@code errcode}; their rate-limit codes differ. */
    static Outcome classifyAnswer(String provider, int status, String body, long rateLimited, long busy) {
        if (status == 429 || status >= 500) {
            return new Outcome.Retry(provider + " HTTP " + status, null, "HTTP " + status);
        }
        if (status < 200 || status >= 300) {
            return new Outcome.Failed(provider + " HTTP " + status + " (check the robot's address)", "HTTP " + status);
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return new Outcome.Retry(provider + " answered HTTP " + status + " without JSON", null);
        }
        if (n == null || !n.has("errcode")) {
            return new Outcome.Retry(provider + " answered HTTP " + status + " without an errcode", null);
        }
        long code = n.path("errcode").asLong();
        String msg = n.path("errmsg").asText("");
        if (code == 0) {
            return Outcome.DELIVERED;
        }
        String reason = describe(provider, code, msg);
        if (code == rateLimited) {
            return new Outcome.Retry(reason + "; the robot's per-minute limit", Duration.ofMinutes(1), Long.toString(code));
        }
        if (code == busy) {
            return new Outcome.Retry(reason, null, Long.toString(code));
        }
        return new Outcome.Failed(reason, Long.toString(code));
    }
}

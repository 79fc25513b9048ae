package org.doorwatch.gateway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;

/**
 * DingTalk (钉钉) custom robot (自定义机器人) in signed mode:
 * {@code POST <url>?access_token=<token>&timestamp=<ms>&sign=<sign>} ({@link DingTalkSignature})
 * with
 * <pre>
 * {"msgtype":"text","text":{"content":"… @13800000001"},"at":{"atMobiles":["13800000001"],"isAtAll":false}}
 * {"msgtype":"markdown","markdown":{"title":"预警","text":"… @13800000001"},"at":{…}}
 * </pre>
 * DingTalk shows a mention only when the "@phone" is also in the text, so it is written there.
 * The answer is {@code {"errcode":0,"errmsg":"ok"}}; 130101 (more than 20 messages a minute) and
 * -1 (busy) are retried, the rest (310000: signature, keyword or IP refused; 300001: unknown
 * token ...) fail for good with the code recorded. The timestamp is real time, whatever clock the
 * gateway runs on. Content is kept within 4000 UTF-8 bytes (DingTalk's own limit is larger).
 */
public final class DingTalkTransport extends GroupRobotTransport<GatewayConfig.DingTalkConfig> {

    static final int MAX_BYTES = 4000;
    static final long RATE_LIMITED = 130101;
    static final long BUSY = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public DingTalkTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version) {
        this(config, backoff, wallClock, executor, version, MINUTE);
    }

    DingTalkTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version,
                      Duration rateWindow) {
        super(config, GatewayConfig.ChannelConfig::dingtalk, backoff, wallClock, executor, version, rateWindow);
    }

    @Override
    public String name() {
        return OutboxRow.DINGTALK;
    }

    @Override
    int maxBytes(String channel) {
        return MAX_BYTES;
    }

    @Override
    boolean mentionsInText() {
        return true;
    }

    @Override
    Call request(String channel, Digest.Message m, Instant wallNow) {
        GatewayConfig.DingTalkConfig c = settings(channel);
        ObjectNode body = JSON.createObjectNode();
        if (c.format() == GatewayConfig.MessageFormat.MARKDOWN) {
            body.put("msgtype", "markdown");
            String title = m.text().startsWith("【") && m.text().indexOf('】') > 0
                    ? m.text().substring(1, m.text().indexOf('】')) : "告警";
            body.putObject("markdown").put("title", title).put("text", m.text().replace("\n", "\n\n"));
        } else {
            body.put("msgtype", "text");
            body.putObject("text").put("content", m.text());
        }
        ObjectNode at = body.putObject("at");
        var mobiles = at.putArray("atMobiles");
        m.mentions().forEach(mobiles::add);
        at.put("isAtAll", false);
        long ts = wallNow.toEpochMilli();
        String secret = new String(c.secret().value(), StandardCharsets.UTF_8);
        String token = new String(c.token().value(), StandardCharsets.UTF_8);
        URI uri = withQuery(c.url(), "access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&timestamp=" + ts + "&sign=" + DingTalkSignature.queryValue(ts, secret));
        return post(uri, body.toString(), c);
    }

    @Override
    Outcome classify(int status, String body) {
        return WeComTransport.classifyAnswer("dingtalk", status, body, RATE_LIMITED, BUSY);
    }
}

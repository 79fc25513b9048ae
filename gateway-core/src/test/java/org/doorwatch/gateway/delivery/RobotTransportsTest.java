package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.testing.ScriptedReceiver;
import org.doorwatch.gateway.testing.ScriptedReceiver.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WeCom and DingTalk robots against a scripted local receiver: the exact request each provider documents. */
class RobotTransportsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant WALL = Instant.parse("2026-11-23T00:15:30.123Z");

    @TempDir
    Path dir;
    ScriptedReceiver receiver;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = new ScriptedReceiver();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) c.close();
        receiver.close();
    }

    GatewayConfig config(String wecom, String ding) throws Exception {
        String base = receiver.url("").toString();
        return PeopleSite.load(dir, base.endsWith("/") ? base.substring(0, base.length() - 1) : base, wecom, ding);
    }

    WeComTransport wecom(GatewayConfig c, Duration window) {
        WeComTransport t = new WeComTransport(c, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                Clock.fixed(WALL, ZoneOffset.UTC), Executors.newCachedThreadPool(), "test", window);
        closing.add(t);
        return t;
    }

    DingTalkTransport dingtalk(GatewayConfig c) {
        DingTalkTransport t = new DingTalkTransport(c, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                Clock.fixed(WALL, ZoneOffset.UTC), Executors.newCachedThreadPool(), "test", Duration.ofMinutes(1));
        closing.add(t);
        return t;
    }

    static Outcome sendAndWait(Transport t, OutboxRow row) {
        List<Outcome> got = new CopyOnWriteArrayList<>();
        t.send(row, got::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
        return got.get(0);
    }

    @Test
    void weComTextWithMentionsByPhone() throws Exception {
        WeComTransport t = wecom(config("", ""), Duration.ofMinutes(1));
        OutboxRow row = PeopleSite.row(1, "4f2a91c0-aaaa-bbbb-cccc-000000000001", "property-group", OutboxRow.WECOM,
                PeopleSite.alert("4f2a91c0-aaaa-bbbb-cccc-000000000001", "WARNING", "3栋2单元501 已24小时未开门"), List.of("wang-li"), 0);
        assertThat(sendAndWait(t, row)).isEqualTo(Outcome.DELIVERED);

        ScriptedReceiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/cgi-bin/webhook/send");
        assertThat(r.query()).containsExactly(java.util.Map.entry("key", PeopleSite.WECOM_KEY));
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("msgtype").asText()).isEqualTo("text");
        assertThat(body.at("/text/content").asText()).isEqualTo("【预警】3栋2单元501 已24小时未开门\n时间 11-23 08:15 · 编号 4f2a91c0");
        assertThat(body.at("/text/mentioned_mobile_list").toString()).isEqualTo("[\"13800000001\"]");
        assertThat(body.size()).isEqualTo(2); // msgtype and text, nothing else
    }

    @Test
    void weComMarkdownAndAReNotification() throws Exception {
        WeComTransport t = wecom(config(", msgtype: markdown", ""), Duration.ofMinutes(1));
        assertThat(sendAndWait(t, PeopleSite.row(1, "a1", "property-group", OutboxRow.WECOM,
                PeopleSite.alert("a1", "CALL_BACK", "3栋2单元501 已48小时未开门"), List.of(), 2))).isEqualTo(Outcome.DELIVERED);
        JsonNode body = JSON.readTree(receiver.requests().get(0).body());
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.at("/markdown/content").asText()).startsWith("【电话回访·第3次提醒】3栋2单元501 已48小时未开门");
        // markdown cannot mention by phone: a message that must mention somebody goes as text
        assertThat(sendAndWait(t, PeopleSite.row(2, "a2", "property-group", OutboxRow.WECOM,
                PeopleSite.alert("a2", "WARNING", "x"), List.of("wang-li"), 0))).isEqualTo(Outcome.DELIVERED);
        assertThat(JSON.readTree(receiver.requests().get(1).body()).get("msgtype").asText()).isEqualTo("text");
    }

    @Test
    void weComContentStaysWithin2048BytesCutAtACharacter() throws Exception {
        WeComTransport t = wecom(config("", ""), Duration.ofMinutes(1));
        String longMessage = "3栋2单元501 " + "已很久未开门".repeat(200);
        sendAndWait(t, PeopleSite.row(1, "a1", "property-group", OutboxRow.WECOM, PeopleSite.alert("a1", "WARNING", longMessage),
                List.of(), 0));
        String content = JSON.readTree(receiver.requests().get(0).body()).at("/text/content").asText();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048).isGreaterThan(2030);
        assertThat(content).endsWith("…").startsWith("【预警】3栋2单元501 已很久未开门");
    }

    @Test
    void weComErrorCodesAreRecordedAndDecideRetryOrFailure() throws Exception {
        receiver.enqueue(Answer.json(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"),
                Answer.json(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"),
                Answer.json(502, "bad gateway"),
                Answer.json(200, "{\"errcode\":-1,\"errmsg\":\"system busy\"}"),
                new Answer(200, "{\"errcode\":0}", Duration.ofSeconds(3)));
        WeComTransport t = wecom(config(", timeout: 1s", ""), Duration.ofMinutes(1));
        String p = PeopleSite.alert("a1", "WARNING", "m");
        Outcome limited = sendAndWait(t, PeopleSite.row(1, "a1", "property-group", OutboxRow.WECOM, p, List.of(), 0));
        assertThat(limited).isEqualTo(new Outcome.Retry("wecom errcode 45009 (api freq out of limit); the robot's per-minute limit",
                Duration.ofMinutes(1), "45009"));
        Outcome refused = sendAndWait(t, PeopleSite.row(2, "a2", "property-group", OutboxRow.WECOM, p, List.of(), 0));
        assertThat(refused).isEqualTo(new Outcome.Failed("wecom errcode 93000 (invalid webhook url)", "93000"));
        assertThat(sendAndWait(t, PeopleSite.row(3, "a3", "property-group", OutboxRow.WECOM, p, List.of(), 0)))
                .isEqualTo(new Outcome.Retry("wecom HTTP 502", null, "HTTP 502"));
        assertThat(sendAndWait(t, PeopleSite.row(4, "a4", "property-group", OutboxRow.WECOM, p, List.of(), 0)))
                .isEqualTo(new Outcome.Retry("wecom errcode -1 (system busy)", null, "-1"));
        Outcome timedOut = sendAndWait(t, PeopleSite.row(5, "a5", "property-group", OutboxRow.WECOM, p, List.of(), 0));
        assertThat(timedOut).isInstanceOf(Outcome.Retry.class);
        assertThat(((Outcome.Retry) timedOut).reason()).isEqualTo("no answer within PT1S");
    }

    @Test
    void aBurstOfSixtyAlertsArrivesAsDigestsWithinTheLimitWithAllSixtyInThem() throws Exception {
        WeComTransport t = wecom(config("", ""), Duration.ofMinutes(1));
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String id = String.format("%08x-0000-0000-0000-000000000000", 0x10000000 + i);
            ids.add(id.substring(0, 8));
            t.send(PeopleSite.row(i, id, "property-group", OutboxRow.WECOM,
                    PeopleSite.alert(id, "WARNING", (i % 2 == 0 ? "3栋2单元501" : "5栋1单元302") + " 已24小时未开门"),
                    List.of(i % 2 == 0 ? "wang-li" : "zhao-min"), 0), outcomes::add);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.size() == 60);
        assertThat(outcomes).allMatch(o -> o.equals(Outcome.DELIVERED));
        List<ScriptedReceiver.Request> requests = receiver.requests();
        assertThat(requests.size()).isLessThanOrEqualTo(20).isLessThan(60);
        Set<String> seen = new HashSet<>();
        Set<String> mentioned = new HashSet<>();
        int digests = 0;
        for (ScriptedReceiver.Request r : requests) {
            JsonNode body = JSON.readTree(r.body());
            String content = body.at("/text/content").asText();
            assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
            digests += content.startsWith("【告警汇总】") ? 1 : 0;
            for (String id : ids) {
                if (content.contains(id)) seen.add(id);
            }
            body.at("/text/mentioned_mobile_list").forEach(m -> mentioned.add(m.asText()));
        }
        assertThat(seen).isEqualTo(ids); // nothing dropped
        assertThat(digests).isPositive();
        assertThat(mentioned).containsExactlyInAnyOrder("13800000001", "13800000002");
    }

    @Test
    void aFullMinuteHoldsMessagesAndFoldsThemWhenASlotFrees() throws Exception {
        // perMinute 2 over a window of 1 s: the third and later wait, then go together
        WeComTransport t = wecom(config(", perMinute: 2", ""), Duration.ofSeconds(1));
        ConcurrentHashMap<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            sendAndWait(t, PeopleSite.row(i, "id" + i, "property-group", OutboxRow.WECOM, PeopleSite.alert("id" + i, "WARNING", "m" + i),
                    List.of(), 0));
            if (i == 1) {
                for (int k = 2; k < 5; k++) {
                    int m = k;
                    t.send(PeopleSite.row(k, "id" + k, "property-group", OutboxRow.WECOM,
                            PeopleSite.alert("id" + k, "WARNING", "m" + k), List.of(), 0), o -> outcomes.put(m, o));
                }
                break;
            }
            outcomes.put(n, Outcome.DELIVERED);
        }
        // the fixed wall clock never moves, so the window stays full: nothing more may go
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> receiver.requests().size() == 2);
        assertThat(outcomes).doesNotContainKeys(2, 3, 4);
    }

    @Test
    void dingTalkSignedModeRequest() throws Exception {
        DingTalkTransport t = dingtalk(config("", ""));
        OutboxRow row = PeopleSite.row(1, "4f2a91c0-1", "community-group", OutboxRow.DINGTALK,
                PeopleSite.alert("4f2a91c0-1", "CALL_BACK", "3栋2单元501 已48小时未开门"), List.of("liu-qiang"), 0);
        assertThat(sendAndWait(t, row)).isEqualTo(Outcome.DELIVERED);
        ScriptedReceiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/robot/send");
        assertThat(r.query()).containsOnlyKeys("access_token", "timestamp", "sign");
        assertThat(r.query().get("access_token")).isEqualTo(PeopleSite.DING_TOKEN);
        assertThat(r.query().get("timestamp")).isEqualTo(Long.toString(WALL.toEpochMilli()));
        // the signature, recomputed here as DingTalk documents it
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PeopleSite.DING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((WALL.toEpochMilli() + "\n" + PeopleSite.DING_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(r.query().get("sign")).isEqualTo(expected);
        // and it travels URL-encoded: Base64's '+', '/' and '=' never appear raw in the query
        String rawSign = r.rawQuery().substring(r.rawQuery().indexOf("sign=") + 5);
        assertThat(URLDecoder.decode(rawSign, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(rawSign).doesNotContain("+").doesNotContain("/").doesNotContain("=");

        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("msgtype").asText()).isEqualTo("text");
        assertThat(body.at("/text/content").asText())
                .isEqualTo("【电话回访】3栋2单元501 已48小时未开门\n时间 11-23 08:15 · 编号 4f2a91c0\n@13800000003");
        assertThat(body.at("/at/atMobiles").toString()).isEqualTo("[\"13800000003\"]");
        assertThat(body.at("/at/isAtAll").asBoolean()).isFalse();
    }

    @Test
    void dingTalkMarkdownAndErrorCodes() throws Exception {
        receiver.enqueue(Answer.json(200, "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}"),
                Answer.json(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        DingTalkTransport t = dingtalk(config("", ", msgtype: markdown"));
        String p = PeopleSite.alert("a1", "VISIT", "3栋2单元501 已72小时未开门");
        assertThat(sendAndWait(t, PeopleSite.row(1, "a1", "community-group", OutboxRow.DINGTALK, p, List.of(), 0)))
                .isEqualTo(new Outcome.Retry("dingtalk errcode 130101 (send too fast, exceed 20 times per minute); the robot's per-minute limit",
                        Duration.ofMinutes(1), "130101"));
        assertThat(sendAndWait(t, PeopleSite.row(2, "a2", "community-group", OutboxRow.DINGTALK, p, List.of(), 0)))
                .isEqualTo(new Outcome.Failed("dingtalk errcode 310000 (sign not match)", "310000"));
        JsonNode body = JSON.readTree(receiver.requests().get(0).body());
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.at("/markdown/title").asText()).isEqualTo("上门询问");
        assertThat(body.at("/markdown/text").asText()).startsWith("【上门询问】3栋2单元501 已72小时未开门");
    }

    @Test
    void aSlowRobotNeverHoldsUpAnotherChannel() throws Exception {
        receiver.enqueue(new Answer(200, "{\"errcode\":0}", Duration.ofSeconds(3)));
        WeComTransport slow = wecom(config(", timeout: 2s", ""), Duration.ofMinutes(1));
        DingTalkTransport other = dingtalk(config(", timeout: 2s", ""));
        List<Outcome> slowOutcome = new CopyOnWriteArrayList<>();
        slow.send(PeopleSite.row(1, "a1", "property-group", OutboxRow.WECOM, PeopleSite.alert("a1", "WARNING", "m"), List.of(), 0),
                slowOutcome::add);
        await().until(() -> receiver.requests().size() == 1);
        Outcome fast = sendAndWait(other, PeopleSite.row(2, "a2", "community-group", OutboxRow.DINGTALK,
                PeopleSite.alert("a2", "WARNING", "m"), List.of(), 0));
        assertThat(fast).isEqualTo(Outcome.DELIVERED);
        assertThat(slowOutcome).isEmpty(); // still waiting for its own answer
        await().atMost(Duration.ofSeconds(10)).until(() -> !slowOutcome.isEmpty());
    }
}

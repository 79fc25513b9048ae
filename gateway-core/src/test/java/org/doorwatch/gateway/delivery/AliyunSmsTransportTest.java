package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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

/** Aliyun SendSms against a scripted local receiver: parameters, RPC signature v1, answers. */
class AliyunSmsTransportTest {

    static final Instant WALL = Instant.parse("2026-11-23T00:15:30Z");

    @TempDir
    Path dir;
    ScriptedReceiver receiver;
    AliyunSmsTransport sms;

    @BeforeEach
    void start() throws Exception {
        receiver = new ScriptedReceiver().otherwise(Answer.json(200,
                "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\",\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}"));
        String base = receiver.url("").toString();
        GatewayConfig c = PeopleSite.load(dir, base.endsWith("/") ? base.substring(0, base.length() - 1) : base, "", "");
        AtomicInteger nonce = new AtomicInteger();
        sms = new AliyunSmsTransport(c, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), Clock.fixed(WALL, ZoneOffset.UTC),
                Executors.newCachedThreadPool(), "test", () -> "nonce-" + nonce.incrementAndGet());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    Outcome send(OutboxRow row) {
        List<Outcome> got = new CopyOnWriteArrayList<>();
        sms.send(row, got::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
        return got.get(0);
    }

    OutboxRow row(String alertId, int round) {
        return PeopleSite.row(1, alertId, "sms", OutboxRow.SMS, PeopleSite.alert(alertId, "WARNING", "3栋2单元501 已24小时未开门"),
                List.of("wang-li"), round);
    }

    /** Aliyun's percent-encoding as its documentation words it: URLEncoder, then + → %20, * → %2A, %7E → ~. */
    static String percent(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static String expectedSignature(Map<String, String> params, String secret) throws Exception {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) continue;
            q.append(q.length() == 0 ? "" : "&").append(percent(e.getKey())).append('=').append(percent(e.getValue()));
        }
        String toSign = "POST&" + percent("/") + "&" + percent(q.toString());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sendSmsIsAFormPostSignedWithRpcSignatureV1() throws Exception {
        Outcome o = send(row("4f2a91c0-aaaa", 0));
        assertThat(o).isEqualTo(new Outcome.Delivered("BizId 900619746936498440^0"));
        ScriptedReceiver.Request r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.rawQuery()).isNull(); // nothing, above all no phone, in the URL
        assertThat(r.headers().get("content-type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> p = r.formBody();
        assertThat(new TreeMap<>(p)).containsOnlyKeys("AccessKeyId", "Action", "Format", "OutId", "PhoneNumbers", "RegionId",
                "SignName", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion", "TemplateCode", "TemplateParam",
                "Timestamp", "Version");
        assertThat(p).containsEntry("AccessKeyId", PeopleSite.AK_ID).containsEntry("Action", "SendSms")
                .containsEntry("Format", "JSON").containsEntry("OutId", "4f2a91c0-aaaa")
                .containsEntry("PhoneNumbers", "13800000001").containsEntry("RegionId", "cn-hangzhou")
                .containsEntry("SignName", "胜利路社区").containsEntry("SignatureMethod", "HMAC-SHA1")
                .containsEntry("SignatureNonce", "nonce-1").containsEntry("SignatureVersion", "1.0")
                .containsEntry("TemplateCode", "SMS_123456789").containsEntry("Timestamp", "2026-11-23T00:15:30Z")
                .containsEntry("Version", "2017-05-25");
        assertThat(new ObjectMapper().readTree(p.get("TemplateParam")).toString())
                .isEqualTo("{\"household\":\"3-2-501\",\"stage\":\"预警\",\"message\":\"3栋2单元501 已24小时未开门\"}");
        assertThat(p.get("Signature")).isEqualTo(expectedSignature(p, PeopleSite.AK_SECRET));
        // the form itself is encoded the Aliyun way: a space is %20, never +
        assertThat(r.body()).doesNotContain("+").contains("%20");
    }

    @Test
    void aRetryIsANewRequestWithANewNonceAndTheSameAlertId() throws Exception {
        receiver.enqueue(Answer.json(200, "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"触发分钟级流控Permits:1\",\"RequestId\":\"x\"}"));
        Outcome first = send(row("a1", 1));
        assertThat(first).isEqualTo(new Outcome.Retry("aliyun sms isv.BUSINESS_LIMIT_CONTROL (触发分钟级流控Permits:1)",
                Duration.ofMinutes(5), "isv.BUSINESS_LIMIT_CONTROL"));
        assertThat(send(row("a1", 1))).isInstanceOf(Outcome.Delivered.class);
        List<Map<String, String>> forms = new ArrayList<>();
        receiver.requests().forEach(r -> forms.add(r.formBody()));
        assertThat(forms).extracting(f -> f.get("SignatureNonce")).containsExactly("nonce-1", "nonce-2");
        assertThat(forms).extracting(f -> f.get("OutId")).containsExactly("a1", "a1");
        assertThat(forms.get(1).get("TemplateParam")).contains("预警(第2次提醒)");
        for (Map<String, String> f : forms) {
            assertThat(f.get("Signature")).isEqualTo(expectedSignature(f, PeopleSite.AK_SECRET));
        }
    }

    @Test
    void providerCodesDecideRetryOrFailureAndAreRecorded() throws Exception {
        receiver.enqueue(Answer.json(400, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\",\"Message\":\"非法手机号\"}"),
                Answer.json(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched with our calculation.\"}"),
                Answer.json(200, "{\"Code\":\"isp.SYSTEM_ERROR\",\"Message\":\"isp.SYSTEM_ERROR\"}"),
                Answer.json(200, "{\"Code\":\"isv.AMOUNT_NOT_ENOUGH\",\"Message\":\"账户余额不足\"}"),
                Answer.json(503, "<html>unavailable</html>"),
                new Answer(200, "{\"Code\":\"OK\"}", Duration.ofSeconds(4)));
        assertThat(send(row("a1", 0))).isEqualTo(new Outcome.Failed("aliyun sms isv.MOBILE_NUMBER_ILLEGAL (非法手机号)", "isv.MOBILE_NUMBER_ILLEGAL"));
        assertThat(send(row("a2", 0))).isInstanceOf(Outcome.Failed.class)
                .extracting(o -> ((Outcome.Failed) o).code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(send(row("a3", 0))).isEqualTo(new Outcome.Retry("aliyun sms isp.SYSTEM_ERROR (isp.SYSTEM_ERROR)", null, "isp.SYSTEM_ERROR"));
        assertThat(send(row("a4", 0))).isEqualTo(new Outcome.Retry("aliyun sms isv.AMOUNT_NOT_ENOUGH (账户余额不足)", null, "isv.AMOUNT_NOT_ENOUGH"));
        assertThat(send(row("a5", 0))).isEqualTo(new Outcome.Retry("aliyun sms HTTP 503", null, "HTTP 503"));
        Outcome timeout = send(row("a6", 0));
        assertThat(timeout).isInstanceOf(Outcome.Retry.class);
        assertThat(((Outcome.Retry) timeout).reason()).isEqualTo("no answer within PT2S");
    }

    @Test
    void aRowForAPersonWhoLeftTheConfigFailsWithoutARequest() {
        Outcome o = send(PeopleSite.row(1, "a1", "sms", OutboxRow.SMS, PeopleSite.alert("a1", "WARNING", "m"), List.of("gone"), 0));
        assertThat(o).isEqualTo(new Outcome.Failed("person gone is no longer in the config"));
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void percentEncodingMatchesTheDocumentedRule() {
        for (String s : List.of("a b*c~d", "胜利路社区", "{\"k\":\"v/w+x=\"}", "2026-11-23T00:15:30Z", "~!@#$%^&()")) {
            assertThat(AliyunSignature.encode(s)).isEqualTo(percent(s));
        }
    }
}

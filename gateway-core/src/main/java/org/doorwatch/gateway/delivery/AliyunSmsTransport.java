package org.doorwatch.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.notify.People;
import org.doorwatch.notify.Person;

/**
 * SMS through Aliyun's SendSms (API version 2017-05-25): one row is one text to one person, a
 * {@code POST} of form parameters signed with {@link AliyunSignature}:
 * <pre>
 * AccessKeyId, Action=SendSms, Format=JSON, OutId=&lt;alert id&gt;, PhoneNumbers=&lt;one mobile&gt;,
 * RegionId, SignName, SignatureMethod=HMAC-SHA1, SignatureNonce=&lt;new UUID per request&gt;,
 * SignatureVersion=1.0, TemplateCode, TemplateParam={"household":…,"stage":…,"message":…},
 * Timestamp=&lt;UTC, yyyy-MM-dd'T'HH:mm:ss'Z'&gt;, Version=2017-05-25, Signature
 * </pre>
 * One request per person, not one batch of up to 1,000 phones: each person's result (and retry)
 * is their own, and one bad number cannot fail the others.
 *
 * <p>The answer's {@code Code} decides: {@code OK} is delivered (the {@code BizId} is kept).
 * Flow control ({@code isv.BUSINESS_LIMIT_CONTROL}, {@code Throttling.*}), the provider's own
 * faults ({@code isp.*}, {@code ServiceUnavailable}) and an account to top up
 * ({@code isv.AMOUNT_NOT_ENOUGH}, {@code isv.OUT_OF_SERVICE}) are retried until {@code retryFor};
 * everything else (a bad signature, key, number, template or parameter) is the request itself and
 * fails for good, with the code recorded.
 *
 * <p>Template variables are cut to 35 characters each, a common limit of notification templates;
 * the full text is in the console and the group robots.
 */
public final class AliyunSmsTransport implements Transport {

    static final int MAX_IN_FLIGHT = 8;
    static final int PARAM_MAX = 35;
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final Set<String> RETRY_CODES = Set.of("isv.BUSINESS_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE",
            "isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "isp.UNKNOWN", "ServiceUnavailable", "InternalError");
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile Map<String, GatewayConfig.SmsConfig> accounts = Map.of();
    private volatile People people = People.NONE;
    private final HttpClient http;
    private final Clock wallClock;
    private final Backoff backoff;
    private final Supplier<String> nonces;
    private final String userAgent;

    public AliyunSmsTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version) {
        this(config, backoff, wallClock, executor, version, () -> UUID.randomUUID().toString());
    }

    AliyunSmsTransport(GatewayConfig config, Backoff backoff, Clock wallClock, Executor executor, String version,
                       Supplier<String> nonces) {
        update(config);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.wallClock = wallClock;
        this.backoff = backoff;
        this.nonces = nonces;
        this.userAgent = "doorwatch-gateway/" + version;
    }

    public void update(GatewayConfig config) {
        Map<String, GatewayConfig.SmsConfig> next = new HashMap<>();
        config.channels().forEach(c -> {
            if (c.sms() != null) next.put(c.id(), c.sms());
        });
        accounts = Map.copyOf(next);
        people = config.people().people();
    }

    public boolean hasChannels() {
        return !accounts.isEmpty();
    }

    @Override
    public String name() {
        return OutboxRow.SMS;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    @Override
    public Duration backoff(int attempt) {
        return backoff.delay(attempt);
    }

    @Override
    public Duration retryFor(String channel) {
        GatewayConfig.SmsConfig c = accounts.get(channel);
        return c == null ? DEFAULT_RETRY_FOR : c.retryFor();
    }

    @Override
    public void send(OutboxRow row, Consumer<Outcome> done) {
        GatewayConfig.SmsConfig account = accounts.get(row.channel());
        if (account == null) {
            done.accept(new Outcome.Failed("channel '" + row.channel() + "' has no SMS account in this config"));
            return;
        }
        if (row.recipients().size() != 1) {
            done.accept(new Outcome.Failed("an SMS row addresses exactly one person; this one addresses " + row.recipients().size()));
            return;
        }
        Person person = people.get(row.recipients().get(0));
        if (person == null || person.phone() == null) {
            done.accept(new Outcome.Failed("person " + row.recipients().get(0) + " is no longer in the config"));
            return;
        }
        Map<String, String> params = params(account, person.phone(), row);
        params.put("Signature", AliyunSignature.sign("POST", params, new String(account.accessKeySecret().value(),
                StandardCharsets.UTF_8)));
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(AliyunSignature.encode(k)).append('=')
                .append(AliyunSignature.encode(v)));
        HttpRequest request = HttpRequest.newBuilder(account.url()).timeout(account.timeout())
                .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("accept", "application/json")
                .header("user-agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                done.accept(new Outcome.Retry(cause instanceof HttpTimeoutException
                        ? "no answer within " + account.timeout() : "request failed: " + cause, null));
                return;
            }
            done.accept(classify(response.statusCode(), response.body()));
        });
    }

    /** Every parameter of the request but {@code Signature}, in the order they are sent. */
    Map<String, String> params(GatewayConfig.SmsConfig account, String phone, OutboxRow row) {
        AlertText text = AlertText.of(row.payload());
        ObjectNode template = JSON.createObjectNode();
        template.put("household", cut(text.household()));
        template.put("stage", cut(text.stage() + (row.round() > 0 ? "(第" + (row.round() + 1) + "次提醒)" : "")));
        template.put("message", cut(text.message()));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccessKeyId", new String(account.accessKeyId().value(), StandardCharsets.UTF_8));
        p.put("Action", "SendSms");
        p.put("Format", "JSON");
        p.put("OutId", row.alertId());
        p.put("PhoneNumbers", phone);
        p.put("RegionId", account.regionId());
        p.put("SignName", account.signName());
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", nonces.get());
        p.put("SignatureVersion", "1.0");
        p.put("TemplateCode", account.templateCode());
        p.put("TemplateParam", template.toString());
        p.put("Timestamp", TIMESTAMP.format(wallClock.instant()));
        p.put("Version", "2017-05-25");
        return p;
    }

    private static String cut(String s) {
        return s.codePointCount(0, s.length()) <= PARAM_MAX ? s : s.substring(0, s.offsetByCodePoints(0, PARAM_MAX - 1)) + "…";
    }

    static Outcome classify(int status, String body) {
        JsonNode n = null;
        try {
            n = JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            // no JSON: decided by the status alone
        }
        String code = n == null ? null : n.path("Code").asText(null);
        String message = n == null ? "" : n.path("Message").asText("");
        if (code == null) {
            if (status == 429 || status >= 500) {
                return new Outcome.Retry("aliyun sms HTTP " + status, null, "HTTP " + status);
            }
            return status >= 200 && status < 300
                    ? new Outcome.Retry("aliyun sms answered HTTP " + status + " without a Code", null)
                    : new Outcome.Failed("aliyun sms HTTP " + status, "HTTP " + status);
        }
        if (code.equals("OK") && status >= 200 && status < 300) {
            return new Outcome.Delivered("BizId " + n.path("BizId").asText(""));
        }
        String reason = "aliyun sms " + code + (message.isEmpty() ? "" : " (" + message + ")");
        if (code.equals("isv.BUSINESS_LIMIT_CONTROL")) {
            // per-phone flow control (per minute, hour and day): wait before trying this person again
            return new Outcome.Retry(reason, Duration.ofMinutes(5), code);
        }
        if (RETRY_CODES.contains(code) || code.startsWith("Throttling") || code.startsWith("isp.") || status >= 500) {
            return new Outcome.Retry(reason, null, code);
        }
        return new Outcome.Failed(reason, code);
    }
}

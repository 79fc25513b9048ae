package org.doorwatch.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.Http;
import org.doorwatch.gateway.testing.PeopleConfigs;
import org.doorwatch.gateway.testing.ScriptedReceiver;
import org.doorwatch.gateway.testing.SiteMqtt;
import org.doorwatch.testpeers.AlertSubscriber;
import org.doorwatch.testpeers.Mosquitto;
import org.doorwatch.testpeers.Ports;
import org.doorwatch.testpeers.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, acceptance "live": the packaged gateway (a separate JVM) on an accelerated clock,
 * its WeCom robot, DingTalk robot and Aliyun SMS pointed at scripted local receivers by the
 * channels' {@code url}, real brokers (the embedded one, then Mosquitto). Each test is a
 * morning or a night of the seed community in seconds; see {@link PeopleConfigs} for who looks
 * after whom.
 */
@Timeout(300)
class PeopleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String PASSWORD = "correct horse 14";
    private static final String USERS = """
            users:
              file: users.passwd
              accounts:
                - { name: duty-office, roles: [property] }
            """;
    private static final ScriptedReceiver.Answer SMS_OK = ScriptedReceiver.Answer.json(200,
            "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\",\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}");
    private static final String WANG = PeopleConfigs.PHONES.get("wang-li");
    private static final String ZHAO = PeopleConfigs.PHONES.get("zhao-min");
    private static final String LIU = PeopleConfigs.PHONES.get("liu-qiang");
    private static final String LIN = PeopleConfigs.PHONES.get("lin-tao");
    private static final String CHEN = PeopleConfigs.PHONES.get("chen-jie");

    @TempDir
    Path dir;

    /**
     * A Monday morning at 1,200x (an hour in 3 s): households 3-2-501 and 3-2-502 (building 3) and
     * 5-1-302 (building 5) fall silent at once, and 60 households of building 9 half an hour
     * before. Every WARNING reaches its own building's neighbour watcher only, CALL_BACK the
     * corridor liaison, VISIT the safety guardian; an unacknowledged WARNING is re-sent
     * {@code times} (2) times an hour apart, then passed on to the liaison; 3-2-502's,
     * acknowledged through the API at once, is never re-sent, and its CALL_BACK still comes; the
     * 60 WARNINGs to the WeCom robot arrive as a few digests, within 20 a minute, all 60 in them.
     */
    @Test
    void eachRoleGetsItsStageUnansweredWarningsArePassedOnAnAcknowledgementStopsThemAndABurstBecomesDigests()
            throws Exception {
        try (ScriptedReceiver sms = new ScriptedReceiver().otherwise(SMS_OK); ScriptedReceiver wecom = new ScriptedReceiver();
             ScriptedReceiver ding = new ScriptedReceiver()) {
            int http = Ports.free();
            Path config = PeopleConfigs.write(dir.resolve("site"), new PeopleConfigs.Site("embedded: { port: " + Ports.free()
                    + " }", http, "{ warning: 1h, callBack: 255m, visit: 5h }", "{ after: 60m, times: 2 }", base(wecom),
                    base(ding), base(sms), "2s", 60, "30m"), USERS);
            PasswordFile.put(dir.resolve("site/users.passwd"), "duty-office", PasswordHash.hash(PASSWORD.toCharArray(), 2_000));
            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "roles",
                    "--start", "2026-11-23T09:00:00+08:00", "--speed", "1200")) {
                await("the gateway is up").atMost(Duration.ofSeconds(60)).until(() -> g.isRunning() || !g.isAlive());
                assertThat(g.isAlive()).as(g.stderr()).isTrue();
                String token = login(http);
                String acked = await("3-2-502's WARNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> alertId(http, token, "3-2-502", "WARNING"), Objects::nonNull);
                assertThat(Http.send(http, "POST", "/api/alerts/" + acked + "/ack", token, "{}").statusCode()).isEqualTo(200);
                await("3-2-501's VISIT reached its safety guardian").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> texts(sms, "3-2-501", "上门询问").size() >= 1 && texts(sms, "3-2-502", "上门询问").size() >= 1);
                assertThat(g.terminate()).as("exit code; stderr: %s", g.stderr()).isZero();
                assertNoPersonalData(g);
            }

            // WARNING: the household's own neighbour watcher, re-sent twice, then passed on to the liaison
            assertThat(texts(sms, "3-2-501", "预警")).containsExactly(WANG + " 0", WANG + " 1", WANG + " 2", LIU + " 3");
            assertThat(texts(sms, "5-1-302", "预警")).containsExactly(ZHAO + " 0", ZHAO + " 1", ZHAO + " 2", LIN + " 3");
            assertThat(texts(sms, "3-2-502", "预警")).as("acknowledged at once").containsExactly(WANG + " 0");
            for (Sms s : sms(sms)) {
                boolean building3 = s.household().startsWith("3-");
                assertThat(s.phone()).as("%s of %s", s.stage(), s.household())
                        .isNotIn(building3 ? List.of(ZHAO, LIN, PeopleConfigs.PHONES.get("sun-hong")) : List.of(WANG, LIU, CHEN));
            }
            // CALL_BACK the corridor liaison, VISIT the safety guardian; the acknowledgement never stopped a stage
            assertThat(texts(sms, "3-2-501", "电话回访")).containsExactly(LIU + " 0");
            assertThat(texts(sms, "3-2-502", "电话回访")).containsExactly(LIU + " 0");
            assertThat(texts(sms, "5-1-302", "电话回访")).containsExactly(LIN + " 0");
            assertThat(texts(sms, "3-2-501", "上门询问")).containsExactly(CHEN + " 0");
            assertThat(sms(sms)).allSatisfy(s -> assertThat(s.outId()).isNotBlank());

            // DingTalk: the CALL_BACK @-mentions the liaison, signed with the robot's secret (recomputed here)
            List<Robot> dingtalk = robots(ding);
            assertThat(dingtalk).anySatisfy(m -> {
                assertThat(m.text()).contains("3栋2单元501", "电话回访", "@" + LIU);
                assertThat(m.mentions()).contains(LIU);
            });
            for (Robot m : dingtalk) {
                String ts = m.query().get("timestamp");
                assertThat(m.query().get("access_token")).isEqualTo(PeopleConfigs.DING_TOKEN);
                assertThat(m.rawQuery()).contains("&sign=" + dingSign(ts, PeopleConfigs.DING_SECRET));
                assertThat(Math.abs(Long.parseLong(ts) - m.received().toEpochMilli())).as("real time, not the gateway's")
                        .isLessThan(60_000);
            }

            // WeCom: the WARNING mentions the watcher; the burst of 60 came as digests within the robot's limit
            List<Robot> group = robots(wecom);
            assertThat(group).anySatisfy(m -> {
                assertThat(m.text()).contains("3栋2单元501");
                assertThat(m.mentions()).contains(WANG);
            });
            for (int i = 1; i <= 60; i++) {
                String address = "9栋1单元" + i + "号";
                assertThat(group.stream().filter(m -> m.text().contains(address)).count()).as(address).isEqualTo(1);
            }
            assertThat(group.size()).as("60 alerts folded into digests").isLessThan(20);
            for (Robot m : group) {
                long inAMinute = group.stream().filter(o -> !o.received().isBefore(m.received())
                        && o.received().isBefore(m.received().plusSeconds(60))).count();
                assertThat(inAMinute).as("requests in the minute from %s", m.received()).isLessThanOrEqualTo(20);
            }
            assertThat(group).allSatisfy(m -> assertThat(m.query().get("key")).isEqualTo(PeopleConfigs.WECOM_KEY));
        }
    }

    /**
     * A night at 900x (an hour in 4 s), Mosquitto as the broker, the DingTalk robot answering
     * errors and then not at all. 3-2-501 falls silent after one and its WARNING comes in the
     * night: MQTT and the WeCom group get it at once, whatever DingTalk does; the neighbour
     * watcher's SMS and @-mentions wait. The gateway is killed (SIGKILL) in the night, with every
     * message to people still owed, and started again: the watcher's SMS arrives at the end of the
     * quiet hours (07:00), with the alert's id; what the group robot confirmed before the kill is
     * not sent again; DingTalk, answering again, gets its messages; nothing that a provider
     * answered ok is sent twice.
     */
    @Test
    void aWarningInTheNightSurvivesAKillArrivesAtTheEndOfTheQuietHoursOnceAndAFailingProviderBlocksNothing()
            throws Exception {
        double speed = 900;
        Instant start = java.time.LocalDateTime.parse("2026-11-24T01:00").atZone(ZONE).toInstant();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), false);
             ScriptedReceiver sms = new ScriptedReceiver().otherwise(SMS_OK); ScriptedReceiver wecom = new ScriptedReceiver();
             ScriptedReceiver ding = new ScriptedReceiver();
             AlertSubscriber mqtt = SiteMqtt.console(broker.port())) {
            ding.enqueue(ScriptedReceiver.Answer.json(500, "{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}"),
                    ScriptedReceiver.Answer.json(200, "{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}"));
            ding.otherwise(new ScriptedReceiver.Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}", Duration.ofSeconds(3)));
            int http = Ports.free();
            Path config = PeopleConfigs.write(dir.resolve("site"), new PeopleConfigs.Site("url: " + broker.url(), http,
                    "{ warning: 1h, callBack: 20h, visit: 30h }", "{ enabled: false }", base(wecom), base(ding), base(sms),
                    "1s", 0, "1h", "[property, property-group, community-group, sms, neighbour-watcher]"), USERS);
            PasswordFile.put(dir.resolve("site/users.passwd"), "duty-office", PasswordHash.hash(PASSWORD.toCharArray(), 2_000));
            Instant anchor = Instant.now();
            String[] clock = {"--start", start.toString(), "--anchor", anchor.toString(), "--speed", Double.toString(speed)};
            String warning;
            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "night-1", clock)) {
                await("the gateway is up").atMost(Duration.ofSeconds(60)).until(() -> g.isRunning() || !g.isAlive());
                assertThat(g.isAlive()).as(g.stderr()).isTrue();
                String token = login(http);
                warning = await("the WARNING").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> alertId(http, token, "3-2-501", "WARNING"), Objects::nonNull);
                Instant raisedAt = virtual(Instant.now(), start, anchor, speed);
                assertThat(LocalTime.ofInstant(raisedAt, ZONE)).as("raised in the night").isBetween(LocalTime.of(1, 0),
                        LocalTime.of(6, 0));
                String id = warning;
                // MQTT and the WeCom group at once, while DingTalk answers errors and then times out
                await("MQTT and WeCom while DingTalk fails").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(mqtt.alerts(a -> a.id().equals(id))).isNotEmpty();
                    assertThat(kinds(http, token, id)).contains("attempt wecom delivered");
                    assertThat(ding.requests()).hasSizeGreaterThanOrEqualTo(3);
                });
                assertThat(kinds(http, token, id)).contains("attempt dingtalk retry", "queued sms held")
                        .doesNotContain("attempt dingtalk delivered");
                JsonNode held = notifications(http, token, id).stream().filter(n -> n.path("transport").asText().equals("sms"))
                        .findFirst().orElseThrow();
                assertThat(held.get("at").asText()).startsWith("2026-11-24T07:00:00");
                assertThat(sms.requests()).as("the watcher sleeps").isEmpty();
                g.kill();
                assertNoPersonalData(g);
            }
            assertThat(virtual(Instant.now(), start, anchor, speed)).as("killed before the morning")
                    .isBefore(java.time.LocalDateTime.parse("2026-11-24T06:00").atZone(ZONE).toInstant());
            int wecomBefore = wecom.requests().size();
            ding.otherwise(ScriptedReceiver.Answer.json(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));

            try (GatewayProcess g = GatewayProcess.run(config, dir.resolve("logs"), "night-2", clock)) {
                await("the gateway is up again").atMost(Duration.ofSeconds(60)).until(() -> g.isRunning() || !g.isAlive());
                assertThat(g.isAlive()).as(g.stderr()).isTrue();
                await("the watcher's SMS in the morning").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !sms.requests().isEmpty());
                String token = login(http);
                String id = warning;
                await("every message owed went out").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(kinds(http, token, id)).doesNotContain("queued sms held", "queued wecom held",
                                "queued dingtalk held").contains("attempt dingtalk delivered"));
                assertThat(g.terminate()).as("exit code; stderr: %s", g.stderr()).isZero();
                assertNoPersonalData(g);
            }

            // (3-2-502 and 5-1-302 fell silent too: their messages are there as well; this one is 3-2-501's)
            String shortId = warning.substring(0, 8);
            List<Sms> ours = sms(sms).stream().filter(x -> warning.equals(x.outId())).toList();
            assertThat(ours).as("the same alert id as on MQTT, to the watcher, once").hasSize(1);
            Sms morning = ours.get(0);
            assertThat(morning.phone()).isEqualTo(WANG);
            LocalTime arrived = LocalTime.ofInstant(virtual(morning.received(), start, anchor, speed), ZONE);
            assertThat(arrived).as("at the end of the quiet hours").isBetween(LocalTime.of(7, 0), LocalTime.of(7, 45));
            assertThat(mqtt.alerts(a -> "3-2-501".equals(a.household()))).extracting(Received::id).containsOnly(warning);

            // none twice to a provider that answered ok
            List<Sms> delivered = sms(sms).stream().filter(Sms::ok).toList();
            assertThat(delivered.stream().map(x -> x.outId() + " " + x.phone() + " " + x.round()).distinct().count())
                    .isEqualTo(delivered.size());
            List<Robot> group = robots(wecom);
            List<Robot> before = group.subList(0, wecomBefore).stream().filter(m -> m.text().contains(shortId)).toList();
            List<Robot> after = group.subList(wecomBefore, group.size()).stream().filter(m -> m.text().contains(shortId)).toList();
            assertThat(before).as("the group got it in the night, without waking the watcher").hasSize(1)
                    .allSatisfy(m -> assertThat(m.mentions()).doesNotContain(WANG));
            assertThat(after).as("after the restart: the watcher's @-mention, and not the night's message again").hasSize(1)
                    .allSatisfy(m -> assertThat(m.mentions()).contains(WANG));
            assertThat(virtual(after.get(0).received(), start, anchor, speed))
                    .isAfterOrEqualTo(java.time.LocalDateTime.parse("2026-11-24T07:00").atZone(ZONE).toInstant());
            List<Robot> okDing = robots(ding).stream().filter(m -> m.ok() && m.text().contains(shortId)).toList();
            assertThat(okDing).as("DingTalk, answering again: the night's message and the mention, once each").hasSize(2)
                    .anySatisfy(m -> assertThat(m.mentions()).doesNotContain(WANG))
                    .anySatisfy(m -> assertThat(m.mentions()).contains(WANG));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final List<String> NAMES = List.of("王丽", "赵敏", "刘强", "陈杰", "孙红", "林涛");

    /** The whole log output at the default INFO level: person ids and roles, never a name or a phone. */
    static void assertNoPersonalData(GatewayProcess g) {
        String logs = g.stdout() + g.stderr();
        assertThat(logs).as("the gateway logged").contains("alert ");
        for (String personal : NAMES) {
            assertThat(logs).doesNotContain(personal);
        }
        for (String phone : PeopleConfigs.PHONES.values()) {
            assertThat(logs).doesNotContain(phone);
        }
    }

    /** An SMS as the receiver got it: the alert id, the phone, the template's household, stage and round. */
    record Sms(String outId, String phone, String household, String stage, int round, Instant received, boolean ok) {}

    /** A robot message as the receiver got it. */
    record Robot(String text, List<String> mentions, Map<String, String> query, String rawQuery, Instant received,
                 boolean ok) {}

    private static final Pattern ROUND = Pattern.compile("\\(第(\\d+)次提醒\\)$");

    static List<Sms> sms(ScriptedReceiver r) throws Exception {
        List<Sms> out = new ArrayList<>();
        for (ScriptedReceiver.Exchange x : r.exchanges()) {
            Map<String, String> form = x.request().formBody();
            JsonNode param = JSON.readTree(form.get("TemplateParam"));
            String stage = param.get("stage").asText();
            Matcher m = ROUND.matcher(stage);
            int round = m.find() ? Integer.parseInt(m.group(1)) - 1 : 0;
            out.add(new Sms(form.get("OutId"), form.get("PhoneNumbers"), param.get("household").asText(),
                    stage.replaceAll("\\(.*$", ""), round, x.request().received(),
                    x.answer().delay().isZero() && x.answer().body().contains("\"Code\":\"OK\"")));
        }
        return out;
    }

    /** "phone round" of each SMS for the household's stage (its Chinese label), in arrival order. */
    static List<String> texts(ScriptedReceiver r, String household, String stage) throws Exception {
        return sms(r).stream().filter(s -> s.household().equals(household) && s.stage().equals(stage))
                .map(s -> s.phone() + " " + s.round()).toList();
    }

    static List<Robot> robots(ScriptedReceiver r) throws Exception {
        List<Robot> out = new ArrayList<>();
        for (ScriptedReceiver.Exchange x : r.exchanges()) {
            JsonNode body = JSON.readTree(x.request().body());
            String type = body.get("msgtype").asText();
            JsonNode content = body.get(type);
            String text = content.has("content") ? content.get("content").asText() : content.path("text").asText();
            List<String> mentions = new ArrayList<>();
            JsonNode list = content.has("mentioned_mobile_list") ? content.get("mentioned_mobile_list") : body.at("/at/atMobiles");
            list.forEach(n -> mentions.add(n.asText()));
            out.add(new Robot(text, mentions, x.request().query(), x.request().rawQuery(), x.request().received(),
                    x.answer().delay().isZero() && x.answer().status() == 200 && x.answer().body().contains("\"errcode\":0")));
        }
        return out;
    }

    /** DingTalk's signed mode, computed here from its documentation: URL-encoded Base64 HMAC-SHA256 of "timestamp\nsecret". */
    static String dingSign(String timestamp, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String b64 = Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        return URLEncoder.encode(b64, StandardCharsets.UTF_8);
    }

    static Instant virtual(Instant real, Instant start, Instant anchor, double speed) {
        return start.plusMillis((long) ((real.toEpochMilli() - anchor.toEpochMilli()) * speed));
    }

    static String base(ScriptedReceiver r) {
        String u = r.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    static String login(int http) throws Exception {
        HttpResponse<String> r = await("login").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.send(http, "POST", "/api/login", null,
                        "{\"name\":\"duty-office\",\"password\":\"" + PASSWORD + "\"}"), x -> x.statusCode() == 200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    static String alertId(int http, String token, String household, String stage) throws Exception {
        HttpResponse<String> r = Http.send(http, "GET", "/api/alerts?household=" + household + "&stage=" + stage, token, null);
        JsonNode list = JSON.readTree(r.body()).path("alerts");
        return list.isEmpty() ? null : list.get(0).get("id").asText();
    }

    static List<JsonNode> notifications(int http, String token, String alertId) throws Exception {
        HttpResponse<String> r = Http.send(http, "GET", "/api/alerts/" + alertId, token, null);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).at("/history/notifications").forEach(out::add);
        return out;
    }

    /** "attempt sms delivered", "queued sms held", "renotify" ... of the alert's history. */
    static List<String> kinds(int http, String token, String alertId) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode n : notifications(http, token, alertId)) {
            String kind = n.get("kind").asText();
            out.add(kind.equals("attempt") || kind.equals("queued")
                    ? kind + " " + n.get("transport").asText() + " " + n.get("result").asText() : kind);
        }
        return out;
    }
}

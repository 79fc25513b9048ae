package org.doorwatch.gateway.staff.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.SoftAssertions;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.run.GatewayOptions;
import org.doorwatch.gateway.staff.HttpApi;
import org.doorwatch.gateway.testing.ManualClock;
import org.doorwatch.gateway.testing.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 over plain HTTP, page by page and role by role (what a browser test would take too
 * long to cover): the security headers of every answer, the session cookie's flags (also under
 * HTTPS), CSRF refusals of every write, the API's personal-data rules on every page, the forms
 * without script, the login's answers, and the API addition the pages use
 * ({@code GET /api/households/{id}/activity}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ConsoleHttpIT {

    private static final Pattern PHONE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");
    private static final Pattern HREF = Pattern.compile("href=\"(/(?:alerts|households)/[^\"?#]+)\"");

    private Path dir;
    private ManualClock clock;
    private Gateway g;
    private ConsoleClient admin;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        clock = new ManualClock(ConsoleSite.START);
        g = ConsoleSite.startAndLive(ConsoleSite.write(dir.resolve("site")), clock);
        admin = new ConsoleClient(g.httpPort());
    }

    @AfterAll
    void stop() {
        if (g != null) {
            g.close();
        }
    }

    private ConsoleClient as(String user) {
        ConsoleClient c = new ConsoleClient(g.httpPort());
        c.loginOk(user);
        return c;
    }

    /** Every page a role can reach by following links from its menu, plus every alert and household page. */
    private List<String> pagesOf(ConsoleClient c) {
        Set<String> pages = new LinkedHashSet<>(List.of("/", "/?view=all", "/?view=resolved", "/board", "/households",
                "/police", "/devices"));
        String adminToken = admin.token("admin");
        admin.api("GET", "/api/alerts?limit=1000", adminToken, null).json().get("alerts")
                .forEach(a -> pages.add("/alerts/" + a.get("id").asText()));
        for (String h : List.of("3-1-101", "3-1-102", "3-1-103", "3-1-104", "3-2-201", "3-2-202", "5-1-302", "5-2-101")) {
            pages.add("/households/" + h);
        }
        for (String p : new ArrayList<>(pages)) {
            Matcher m = HREF.matcher(c.get(p).body());
            while (m.find()) {
                pages.add(m.group(1));
            }
        }
        return new ArrayList<>(pages);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        ConsoleClient c = as("admin");
        List<String> urls = new ArrayList<>(pagesOf(c));
        urls.addAll(List.of("/login", "/console/console.css", "/console/js/common.js", "/console/js/queue.js",
                "/console/icon.svg", "/alerts/no-such-alert", "/alerts/x/ack"));
        SoftAssertions soft = new SoftAssertions();
        for (String u : urls) {
            ConsoleClient.Response r = c.get(u);
            soft.assertThat(r.header("Content-Security-Policy")).as(u).isEqualTo(HttpApi.CONTENT_SECURITY_POLICY);
            soft.assertThat(r.header("X-Content-Type-Options")).as(u).isEqualTo("nosniff");
            soft.assertThat(r.header("X-Frame-Options")).as(u).isEqualTo("DENY");
            soft.assertThat(r.header("Referrer-Policy")).as(u).isEqualTo("no-referrer");
            if (r.header("content-type") != null && r.header("content-type").startsWith("text/html")) {
                soft.assertThat(r.body()).as(u + ": no inline script or style")
                        .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" style=", "<style", "onclick=");
                soft.assertThat(r.header("Cache-Control")).as(u).isEqualTo("no-store");
            }
        }
        soft.assertThat(c.get("/console/js/common.js").header("content-type")).startsWith("text/javascript");
        soft.assertThat(c.get("/console/../gateway.yml").status()).isEqualTo(404);
        soft.assertThat(c.get("/console/js/nothing.js").status()).isEqualTo(404);
        soft.assertAll();
        assertThat(urls).hasSizeGreaterThan(25);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrictAndEndsWithLogout() {
        ConsoleClient c = new ConsoleClient(g.httpPort());
        ConsoleClient.Response login = c.loginOk("wang-property");
        String setCookie = login.headers().allValues("set-cookie").stream().filter(s -> s.startsWith("dw_session="))
                .findFirst().orElseThrow();
        // attribute names are case-insensitive (Netty writes HTTPOnly)
        assertThat(setCookie.toLowerCase()).contains("httponly", "samesite=strict", "path=/").doesNotContain("secure");
        String token = c.cookie("dw_session");
        assertThat(c.api("GET", "/api/alerts", token, null).status()).as("the cookie is an API session").isEqualTo(200);
        ConsoleClient.Response page = c.get("/");
        assertThat(page.status()).isEqualTo(200);
        ConsoleClient.Response out = c.postForm("/logout", Map.of("csrf", page.csrf()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("location")).isEqualTo("/login?out=1");
        assertThat(c.api("GET", "/api/alerts", token, null).status()).as("logout ends the API session").isEqualTo(401);
        ConsoleClient.Response after = c.get("/");
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.header("location")).startsWith("/login");
    }

    @Test
    void everyWriteWithoutTheTokenIsRefusedAndChangesNothing() {
        ConsoleClient c = as("wang-property");
        String adminToken = admin.token("admin");
        String alert = alertId(adminToken, "3-1-103", "ALARM");
        String other = as("zhao-grid").get("/").csrf(); // a real token, of another session
        List<String> writes = List.of("/alerts/" + alert + "/ack", "/alerts/" + alert + "/outcome",
                "/households/3-1-103/confirm-well", "/households/3-1-103/away", "/households/3-1-103/away-clear", "/logout");
        for (String w : writes) {
            for (Map<String, String> form : List.of(Map.of("note", "x", "code", "no-answer"),
                    Map.of("csrf", other, "note", "x", "code", "no-answer"), Map.of("csrf", "", "note", "x"))) {
                ConsoleClient.Response r = c.postForm(w, form);
                assertThat(r.status()).as(w + " " + form.keySet()).isEqualTo(403);
                assertThat(r.body()).contains("缺少安全校验");
            }
            // the header form is accepted only with the session's own token too
            assertThat(c.postForm(w, Map.of(), Map.of("X-CSRF-Token", other, "X-Requested-With", "fetch")).status())
                    .isEqualTo(403);
        }
        JsonNode a = admin.api("GET", "/api/alerts/" + alert, adminToken, null).json();
        assertThat(a.get("history").get("acknowledgements")).isEmpty();
        JsonNode h = admin.api("GET", "/api/households/3-1-103", adminToken, null).json();
        assertThat(h.get("away").asBoolean()).isFalse();
        assertThat(c.get("/").status()).as("still logged in: logout was refused too").isEqualTo(200);
        // the login form's own defence: a form without the nonce its page set is refused
        ConsoleClient fresh = new ConsoleClient(g.httpPort());
        ConsoleClient.Response r = fresh.postForm("/login", Map.of("name", "admin", "password", ConsoleSite.PASSWORD));
        assertThat(r.status()).isEqualTo(403);
        assertThat(fresh.cookie("dw_session")).isNull();
    }

    @Test
    void personalDataOnlyWhereTheApiGivesIt() {
        SoftAssertions soft = new SoftAssertions();
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String user : List.of("wang-property", "zhao-grid", "li-police", "installer-1")) {
            ConsoleClient c = as(user);
            String token = c.cookie("dw_session");
            // the phones the API itself gives this caller
            Set<String> phones = new LinkedHashSet<>();
            for (String h : List.of("3-1-101", "3-1-102", "3-1-103", "3-1-104", "3-2-201", "3-2-202", "5-1-302", "5-2-101")) {
                Matcher m = PHONE.matcher(c.api("GET", "/api/households/" + h, token, null).body());
                while (m.find()) {
                    phones.add(m.group());
                }
            }
            allowed.put(user, phones);
            List<String> pages = pagesOf(c);
            for (String p : pages) {
                String body = c.get(p).body();
                Matcher m = PHONE.matcher(body);
                while (m.find()) {
                    soft.assertThat(phones).as("%s saw %s on %s", user, m.group(), p).contains(m.group());
                }
                if (!user.equals("li-police")) {
                    soft.assertThat(body).as("%s on %s: tenant names are for police", user, p).doesNotContain("本区租客", "前租客");
                }
                if (user.endsWith("-property") || user.equals("zhao-grid")) {
                    soft.assertThat(body).as("%s on %s: building 5", user, p)
                            .doesNotContain("5栋1单元302", "5栋2单元101", "data-household-id=\"5-", ConsoleSite.PHONE_5_1_302);
                }
                if (user.equals("installer-1")) {
                    soft.assertThat(body).as("installer on %s", p).doesNotContain("张小明", "刘阿姨", "联系人");
                }
            }
        }
        soft.assertAll();
        // the rules themselves: property sees its building's phones, police none (no VISIT is open), installer none
        assertThat(allowed.get("wang-property")).contains(ConsoleSite.PHONE_3_1_101).doesNotContain(ConsoleSite.PHONE_5_1_302);
        assertThat(allowed.get("li-police")).isEmpty();
        assertThat(allowed.get("installer-1")).isEmpty();
        // and the page does show them to property: the check above is not vacuous
        assertThat(as("wang-property").get("/households/3-1-101").body()).contains(ConsoleSite.PHONE_3_1_101, "张小明");
    }

    @Test
    void theActivityRouteCountsDoorUseByDayAndHourWithinTheApiRules() {
        String property = admin.token("wang-property");
        ConsoleClient.Response r = admin.api("GET", "/api/households/3-1-103/activity", property, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode grid = r.json();
        assertThat(grid.get("days")).hasSize(14);
        assertThat(grid.get("to").asText()).isEqualTo("2026-11-22");
        JsonNode friday = grid.get("days").get(4); // 2026-11-13: a weekday of five outings
        assertThat(friday.get("date").asText()).isEqualTo("2026-11-13");
        int sum = 0;
        for (JsonNode n : friday.get("hours")) {
            sum += n.asInt();
        }
        assertThat(sum).isEqualTo(5);
        assertThat(friday.get("hours").get(0).asInt()).isZero();
        // the silent household's last days are empty
        JsonNode silent = admin.api("GET", "/api/households/3-1-101/activity?days=2", property, null).json();
        assertThat(silent.get("days")).hasSize(2);
        assertThat(silent.get("total").asInt()).isZero();
        assertThat(admin.api("GET", "/api/households/5-1-302/activity", property, null).status()).isEqualTo(404);
        assertThat(admin.api("GET", "/api/households/3-1-101/activity", admin.token("li-police"), null).status()).isEqualTo(403);
        assertThat(admin.api("GET", "/api/households/3-1-101/activity", admin.token("installer-1"), null).status()).isEqualTo(403);
        assertThat(admin.api("GET", "/api/households/3-1-101/activity?days=99", property, null).status()).isEqualTo(400);
        assertThat(admin.api("GET", "/api/households/3-1-101/activity", null, null).status()).isEqualTo(401);
    }

    @Test
    void formsWorkWithoutScriptAndSayInChineseWhatToCorrect() {
        ConsoleClient c = as("zhao-grid");
        String adminToken = admin.token("admin");
        String alert = alertId(adminToken, "3-1-102", "WARNING");
        ConsoleClient.Response step = c.get("/alerts/" + alert + "/outcome?back=/");
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.body()).contains("记录处理结果", "住院", "无人接听", "name=\"csrf\"");
        // until with a code that does not take it: refused by the API, said in Chinese, form shown again
        ConsoleClient.Response bad = c.postForm("/alerts/" + alert + "/outcome",
                Map.of("csrf", step.csrf(), "code", "no-answer", "until", "2026-11-30", "note", "打了三次", "back", "/"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("只有“随家人外出”和“住院”可以填写返回日期", "打了三次", "name=\"code\"");
        ConsoleClient.Response ok = c.postForm("/alerts/" + alert + "/outcome",
                Map.of("csrf", step.csrf(), "code", "no-answer", "note", "打了三次<script>alert(1)</script>", "back", "//evil.example/"));
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("location")).as("never back to another site").isEqualTo("/?done=outcome");
        assertThat(c.get(ok.header("location")).body()).contains("处理结果已记录");
        JsonNode outcomes = admin.api("GET", "/api/alerts/" + alert, adminToken, null).json().get("history").get("outcomes");
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).get("code").asText()).isEqualTo("no-answer");
        assertThat(outcomes.get(0).get("by").asText()).isEqualTo("zhao-grid");
        String page = c.get("/alerts/" + alert).body();
        assertThat(page).contains("记录结果：无人接听/无人应门", "zhao-grid", "打了三次&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
        // a script-sent write gets a short text back, for the live region
        ConsoleClient.Response viaFetch = c.postForm("/alerts/" + alert + "/ack", Map.of("csrf", step.csrf()),
                Map.of("X-Requested-With", "fetch"));
        assertThat(viaFetch.status()).isEqualTo(200);
        assertThat(viaFetch.body()).isEqualTo("已受理。");
        ConsoleClient.Response again = c.postForm("/alerts/" + alert + "/ack", Map.of("csrf", step.csrf()),
                Map.of("X-Requested-With", "fetch"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("您已经受理过这条报警");
    }

    @Test
    void confirmWellAndAwayFromThePagesReachTheEngine() {
        ConsoleClient c = as("wang-property");
        String adminToken = admin.token("admin");
        // 确认平安 on the household whose sensor went quiet: its WARNING is resolved, the stage gone
        ConsoleClient.Response step = c.get("/households/3-1-102/confirm-well?back=/households/3-1-102");
        assertThat(step.body()).contains("确认住户平安", "3栋1单元102").doesNotContain(ConsoleSite.PHONE_3_1_102);
        ConsoleClient.Response done = c.postForm("/households/3-1-102/confirm-well",
                Map.of("csrf", step.csrf(), "note", "电话联系上了", "back", "/households/3-1-102"));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.header("location")).isEqualTo("/households/3-1-102?done=confirm-well");
        JsonNode h = admin.api("GET", "/api/households/3-1-102", adminToken, null).json();
        assertThat(h.get("stage").asText()).isEqualTo("NONE");
        String warning = alertId(adminToken, "3-1-102", "WARNING");
        assertThat(admin.api("GET", "/api/alerts/" + warning, adminToken, null).json().get("state").asText())
                .isEqualTo("resolved");
        // 标记外出 with a return date, then 取消外出
        ConsoleClient.Response away = c.postForm("/households/3-1-103/away",
                Map.of("csrf", step.csrf(), "until", "2026-11-28", "back", "/households"));
        assertThat(away.status()).isEqualTo(303);
        h = admin.api("GET", "/api/households/3-1-103", adminToken, null).json();
        assertThat(h.get("away").asBoolean()).isTrue();
        assertThat(h.get("awayUntil").asText()).isEqualTo("2026-11-28T00:00:00+08:00");
        assertThat(c.get("/households").body()).contains("外出至 2026-11-28");
        assertThat(c.get("/households/3-1-103").body()).contains("data-action=\"away-clear\"");
        ConsoleClient.Response back = c.postForm("/households/3-1-103/away-clear", Map.of("csrf", step.csrf()),
                Map.of("X-Requested-With", "fetch"));
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo("已取消外出，恢复正常看护。");
        assertThat(admin.api("GET", "/api/households/3-1-103", adminToken, null).json().get("away").asBoolean()).isFalse();
        // a bad date is said in Chinese, and the form comes back with it
        ConsoleClient.Response bad = c.postForm("/households/3-1-103/away",
                Map.of("csrf", step.csrf(), "until", "下周一"), Map.of("X-Requested-With", "fetch"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("返回日期的格式不对", "<form", "value=\"下周一\"");
        // out of scope: the same answer as for a household that does not exist, and nothing done
        ConsoleClient.Response outside = c.postForm("/households/5-1-302/confirm-well", Map.of("csrf", step.csrf()));
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body()).contains("找不到").doesNotContain("5栋1单元302");
        assertThat(admin.api("GET", "/api/households/5-1-302", adminToken, null).json().get("stage").asText())
                .isEqualTo("WARNING");
    }

    @Test
    void theLoginSaysWhatTheApiSaysAndLocksAsItLocks() {
        ConsoleClient c = new ConsoleClient(g.httpPort());
        ConsoleClient.Response wrong = c.login("sun-property", "wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("用户名或密码不正确").contains("value=\"sun-property\"").doesNotContain("wrong\"");
        assertThat(c.login("nobody", "wrong").body()).as("unknown names answered alike").contains("用户名或密码不正确");
        assertThat(c.login("", "").body()).contains("请输入用户名");
        for (int i = 0; i < 4; i++) {
            c.login("sun-property", "wrong");
        }
        ConsoleClient.Response locked = c.login("sun-property", ConsoleSite.PASSWORD);
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.body()).contains("已被锁定", "联系系统管理员解锁");
        assertThat(c.cookie("dw_session")).isNull();
        // next is a path of this site only
        ConsoleClient d = new ConsoleClient(g.httpPort());
        ConsoleClient.Response page = d.get("/login?next=//evil.example/x");
        assertThat(page.body()).contains("name=\"next\" value=\"/\"");
        ConsoleClient.Response in = d.postForm("/login", Map.of("csrf", page.csrf(), "next", "https://evil.example/",
                "name", "admin", "password", ConsoleSite.PASSWORD));
        assertThat(in.header("location")).isEqualTo("/");
        // a page asked for before login is where the login goes on to
        ConsoleClient e = new ConsoleClient(g.httpPort());
        assertThat(e.get("/households/3-1-101").header("location")).isEqualTo("/login?next=%2Fhouseholds%2F3-1-101");
    }

    @Test
    void aRefreshedListIsAuditedOncePerSessionAndEveryLookAtAHouseholdEachTime() {
        String adminToken = admin.token("admin");
        String since = java.time.Instant.now().minusSeconds(60).toString(); // the audit runs on real time
        ConsoleClient c = as("wang-property");
        Map<String, Integer> before = auditRows(adminToken, since); // other tests' rows of this minute
        for (int i = 0; i < 3; i++) { // a list left open, the wall screen: refreshed every minute
            assertThat(c.get("/").status()).isEqualTo(200);
            assertThat(c.get("/board").status()).isEqualTo(200);
            assertThat(c.get("/households").status()).isEqualTo(200);
            assertThat(c.get("/households/3-1-101").status()).isEqualTo(200);
        }
        Map<String, Integer> rows = added(before, auditRows(adminToken, since));
        assertThat(rows.get("GET /api/households/:id contacts 3-1-101")).as("a household's data, each look")
                .isEqualTo(3);
        assertThat(rows.get("GET /api/alerts 3-1-101")).as("its alerts, each look").isEqualTo(3);
        assertThat(rows.get("GET /api/alerts null")).as("the open and the acknowledged alerts the queue and the board"
                + " both show, once each for the session").isEqualTo(2);
        assertThat(rows.get("GET /api/households null")).as("the household board, once for the session").isEqualTo(1);

        ConsoleClient other = as("wang-property"); // another browser: its own session, its own rows
        other.get("/households");
        assertThat(added(before, auditRows(adminToken, since)).get("GET /api/households null")).isEqualTo(2);
        other.get("/households");
        c.get("/households");
        c.get("/");
        rows = added(before, auditRows(adminToken, since));
        assertThat(rows.get("GET /api/households null")).isEqualTo(2);
        assertThat(rows.get("GET /api/alerts null")).isEqualTo(2);
    }

    private static Map<String, Integer> added(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> out = new LinkedHashMap<>();
        after.forEach((k, n) -> out.put(k, n - before.getOrDefault(k, 0)));
        return out;
    }

    /** wang-property's audit rows since {@code since}, counted by action and household. */
    private Map<String, Integer> auditRows(String adminToken, String since) {
        Map<String, Integer> out = new LinkedHashMap<>();
        admin.api("GET", "/api/audit?user=wang-property&limit=5000&from=" + since, adminToken, null).json().get("audit")
                .forEach(r -> out.merge(r.get("action").asText() + " " + r.get("household").asText(), 1, Integer::sum));
        return out;
    }

    @Test
    void underHttpsTheCookiesAreSecureWithTheHostPrefix() throws Exception {
        Path site = dir.resolve("tls");
        Path file = ConsoleSite.write(site);
        TestCertificate cert = TestCertificate.make(site);
        cert.serveHttpsIn(file);
        try (Gateway tls = Gateway.start(ConfigLoader.load(file), GatewayOptions.defaults()
                .withClock(new ManualClock(ConsoleSite.END)))) {
            SSLContext ssl = cert.trustingIt();
            ConsoleClient c = new ConsoleClient("https", tls.httpPort(), ssl);
            ConsoleClient.Response page = c.get("/login");
            assertThat(page.headers().allValues("set-cookie")).anySatisfy(s -> assertThat(s.toLowerCase())
                    .startsWith("__host-dw_login=").contains("secure", "httponly", "samesite=strict", "path=/"));
            ConsoleClient.Response in = c.postForm("/login", Map.of("csrf", page.csrf(), "next", "/", "name", "admin",
                    "password", ConsoleSite.PASSWORD));
            assertThat(in.status()).as(in.body()).isEqualTo(303);
            assertThat(in.headers().allValues("set-cookie")).anySatisfy(s -> assertThat(s.toLowerCase())
                    .startsWith("__host-dw_session=").contains("secure", "httponly", "samesite=strict", "path=/"));
            assertThat(c.get("/").status()).isEqualTo(200);
            assertThat(c.get("/").header("Content-Security-Policy")).isEqualTo(HttpApi.CONTENT_SECURITY_POLICY);
        }
    }

    private String alertId(String token, String household, String stage) {
        JsonNode list = admin.api("GET", "/api/alerts?household=" + household + "&stage=" + stage, token, null).json()
                .get("alerts");
        assertThat(list).as(household + " " + stage).isNotEmpty();
        return list.get(0).get("id").asText();
    }
}

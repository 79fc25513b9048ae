package org.doorwatch.gateway.staff.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorwatch.domain.EventType;
import org.doorwatch.gateway.run.Gateway;
import org.doorwatch.gateway.testing.GatewayProcess;
import org.doorwatch.gateway.testing.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15's acceptance in a real browser: Debian's chromium, headless, through Selenium
 * WebDriver, against a gateway that lived 14 days of a small community (ConsoleSite). One browser
 * for the class; the tests run in order because they act on one community (an alert
 * acknowledged in one is acknowledged in the next).
 *
 * <p>Screenshots go to {@code gateway-core/target/screenshots/}, so that a run of the suite leaves
 * the work tree as it was. The ones docs/api.md shows are refreshed by naming their folder, relative to the
 * repository root (or absolute):
 * {@code mvn -B -ntp -pl gateway-core -am verify -Dtest=none -Dit.test=ConsoleBrowserIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddoorwatch.screenshots=docs/screenshots}
 * (or the environment variable {@code DOORWATCH_SCREENSHOTS}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ConsoleBrowserIT {

    private static final Path SHOTS = screenshotFolder(System.getProperty("doorwatch.screenshots",
            System.getenv("DOORWATCH_SCREENSHOTS")));

    /** {@code target/screenshots} of this module unless a folder is named (relative to the repository root). */
    static Path screenshotFolder(String named) {
        return named == null || named.isBlank() ? GatewayProcess.ROOT.resolve("gateway-core/target/screenshots")
                : GatewayProcess.ROOT.resolve(named).normalize();
    }

    private ManualClock clock;
    private Gateway g;
    private Browser browser;
    private ChromeDriver d;
    private ConsoleClient api;
    private String base;

    @BeforeAll
    @Timeout(240)
    void start(@TempDir Path dir) throws Exception {
        assertThat(Browser.installed()).as("chromium and chromium-driver (Debian); scripts/test installs them").isTrue();
        clock = new ManualClock(ConsoleSite.START);
        g = ConsoleSite.startAndLive(ConsoleSite.write(dir.resolve("site")), clock);
        base = "http://127.0.0.1:" + g.httpPort();
        api = new ConsoleClient(g.httpPort());
        browser = Browser.start(dir);
        d = browser.driver;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (g != null) {
            g.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private WebDriverWait waitFor() {
        WebDriverWait w = new WebDriverWait(d, Duration.ofSeconds(15));
        w.ignoring(StaleElementReferenceException.class); // a row is replaced while it is looked at: look again
        return w;
    }

    private void open(String path) {
        d.get(base + path);
    }

    private void login(String user) {
        open("/login");
        d.manage().deleteAllCookies();
        open("/login");
        d.findElement(By.name("name")).sendKeys(user);
        d.findElement(By.name("password")).sendKeys(ConsoleSite.PASSWORD);
        d.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        waitFor().until(x -> !x.getCurrentUrl().contains("/login"));
    }

    /** Marks the page: still there later means the page was never reloaded. */
    private void mark() {
        d.executeScript("window.__sameDocument = 'yes';");
    }

    private boolean sameDocument() {
        return "yes".equals(d.executeScript("return window.__sameDocument || null;"));
    }

    private void waitLive() {
        waitFor().until(x -> "connected".equals(d.executeScript("return document.documentElement.dataset.stream || null;")));
    }

    /** The element, once the page shows it (after a click the next page may still be on its way). */
    private WebElement find(String css) {
        return waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    private WebElement row(String alertId) {
        return d.findElement(By.cssSelector("tr[data-alert-id='" + alertId + "']"));
    }

    private String alertId(String household, String stage) {
        JsonNode list = api.api("GET", "/api/alerts?household=" + household + "&stage=" + stage, api.token("admin"), null)
                .json().get("alerts");
        assertThat(list).as(household + " " + stage).isNotEmpty();
        return list.get(0).get("id").asText();
    }

    private List<String> householdsShown() {
        return d.findElements(By.cssSelector("[data-household-id]")).stream()
                .map(e -> e.getAttribute("data-household-id")).toList();
    }

    private void shot(String name) throws Exception {
        browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void loginWithTheApiAccountsAndItsAnswers() throws Exception {
        browser.viewport(1280, 800);
        open("/");
        assertThat(d.getCurrentUrl()).as("no session: to the login page").contains("/login");
        assertThat(d.getTitle()).contains("登录");
        shot("login");
        d.findElement(By.name("name")).sendKeys("wang-property");
        d.findElement(By.name("password")).sendKeys("not the password");
        d.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        assertThat(find("[role=alert]").getText()).contains("用户名或密码不正确");
        assertThat(d.findElement(By.name("password")).getAttribute("aria-invalid")).isEqualTo("true");
        login("wang-property");
        assertThat(d.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(d.getTitle()).startsWith("报警列表");
        assertThat(d.findElement(By.cssSelector(".user")).getText()).contains("wang-property", "物业");
    }

    @Test
    @Order(2)
    void theQueueShowsStagesSilenceAddressesAndTheOfflineSensorPlainly() throws Exception {
        open("/");
        String callBack = alertId("3-1-101", "CALL_BACK");
        String offlineWarning = alertId("3-1-102", "WARNING");
        assertThat(row(callBack).getText()).contains("电话回访", "3栋1单元101", "没有开门活动", "未受理");
        assertThat(row(callBack).findElement(By.cssSelector(".badge")).getAttribute("class")).contains("st-callback");
        assertThat(row(offlineWarning).getText()).contains("预警", "门磁离线，可能是设备问题");
        assertThat(row(offlineWarning).findElement(By.cssSelector("[data-action=ack]")).isDisplayed()).isTrue();
        assertThat(householdsShown()).isNotEmpty().allMatch(h -> h.startsWith("3-"));
        assertThat(d.getPageSource()).doesNotContain("5栋");
        shot("alerts");
    }

    @Test
    @Order(3)
    void aNewAlertArrivesWithoutAReload() throws Exception {
        open("/");
        waitLive();
        mark();
        clock.advance(Duration.ofMinutes(3));
        ConsoleSite.event(g, clock, "door-5-1-302", EventType.DOOR_FORCED); // building 5: not for this user
        ConsoleSite.event(g, clock, "door-3-1-103", EventType.DOOR_FORCED);
        String id = alertId("3-1-103", "ALARM");
        String outside = alertId("5-1-302", "ALARM");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-alert-id='" + id + "']")));
        assertThat(sameDocument()).as("the row came without a reload").isTrue();
        assertThat(row(id).getText()).contains("报警", "3栋1单元103", "撬门报警");
        assertThat(row(id).getAttribute("class")).contains("is-new");
        assertThat(d.findElements(By.cssSelector("[data-alert-id='" + outside + "']"))).isEmpty();
        assertThat(householdsShown()).allMatch(h -> h.startsWith("3-"));
    }

    @Test
    @Order(4)
    void acknowledgeAndRecordAnOutcomeFromThePage() throws Exception {
        open("/");
        waitLive();
        mark();
        String id = alertId("3-1-101", "CALL_BACK");
        row(id).findElement(By.cssSelector("[data-action=ack]")).click();
        WebElement confirm = waitFor().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#confirm-dialog[open] [data-confirm-submit]")));
        assertThat(d.findElement(By.id("confirm-dialog")).getText()).contains("受理这条报警", "3栋1单元101");
        browser.screenshotViewport(SHOTS.resolve("confirm-ack.png"));
        d.findElement(By.cssSelector("#confirm-dialog textarea[name=note]")).sendKeys("已电话联系家属");
        confirm.click();
        waitFor().until(x -> row(id).getText().contains("已受理"));
        assertThat(sameDocument()).isTrue();
        assertThat(row(id).findElements(By.cssSelector("[data-action=ack]"))).isEmpty();
        String admin = api.token("admin");
        JsonNode acks = api.api("GET", "/api/alerts/" + id, admin, null).json().get("history").get("acknowledgements");
        assertThat(acks).hasSize(1);
        assertThat(acks.get(0).get("by").asText()).isEqualTo("wang-property");
        assertThat(acks.get(0).get("note").asText()).isEqualTo("已电话联系家属");

        row(id).findElement(By.cssSelector("[data-action=outcome]")).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#confirm-dialog[open] [data-confirm-submit]")));
        d.findElement(By.cssSelector("label[for=code-in-hospital]")).click();
        d.executeScript("document.getElementById('until').value = '2026-11-30';");
        d.findElement(By.cssSelector("#confirm-dialog textarea[name=note]")).sendKeys("女儿来电，住院至30日");
        browser.viewport(1280, 1000); // the whole form, down to its buttons (it scrolls in a smaller window)
        browser.screenshotViewport(SHOTS.resolve("confirm-outcome.png"));
        browser.viewport(1280, 800);
        d.findElement(By.cssSelector("#confirm-dialog [data-confirm-submit]")).click();
        // in hospital = away: the episode is resolved, so the row leaves the list of what is to do
        waitFor().until(x -> x.findElements(By.cssSelector("tr[data-alert-id='" + id + "']")).isEmpty());
        assertThat(sameDocument()).isTrue();
        JsonNode outcome = api.api("GET", "/api/alerts/" + id, admin, null).json().get("history").get("outcomes").get(0);
        assertThat(outcome.get("code").asText()).isEqualTo("in-hospital");
        assertThat(outcome.get("by").asText()).isEqualTo("wang-property");
        assertThat(outcome.get("until").asText()).startsWith("2026-11-30T00:00:00+08:00");
        JsonNode household = api.api("GET", "/api/households/3-1-101", admin, null).json();
        assertThat(household.get("away").asBoolean()).isTrue();
        assertThat(api.api("GET", "/api/alerts/" + id, admin, null).json().get("state").asText()).isEqualTo("resolved");
    }

    @Test
    @Order(5)
    void theAlertPageShowsTheWholeHistoryAndTheDoorPicture() throws Exception {
        String id = alertId("3-1-101", "CALL_BACK");
        open("/alerts/" + id);
        String history = d.findElement(By.cssSelector("table.history")).getText();
        assertThat(history).contains("触发电话回访", "发送到物业", "受理", "wang-property", "已电话联系家属",
                "记录结果：住院", "返回日期 2026-11-30", "已解除");
        List<WebElement> days = d.findElements(By.cssSelector("table.heat tbody tr"));
        assertThat(days).hasSize(14);
        assertThat(days.get(0).findElements(By.cssSelector("td"))).hasSize(24);
        assertThat(d.findElements(By.cssSelector("table.heat td.h0")).size()).as("the silent last days").isGreaterThan(24);
        assertThat(d.findElements(By.cssSelector("table.heat td.h1, table.heat td.h2"))).isNotEmpty();
        shot("alert");
        // a security alert shows its evidence
        open("/alerts/" + alertId("3-2-202", "ALARM"));
        assertThat(d.findElement(By.id("evidence")).getText()).contains("证据", "事件时间");
    }

    @Test
    @Order(6)
    void theHouseholdBoardFiltersAndTheHouseholdPageShowsContactsToProperty() throws Exception {
        open("/households");
        assertThat(householdsShown()).containsExactlyInAnyOrder("3-1-101", "3-1-102", "3-1-103", "3-1-104", "3-2-201", "3-2-202");
        WebElement offline = d.findElement(By.cssSelector("tr[data-household-id='3-1-102']"));
        assertThat(offline.getText()).contains("预警", "门磁离线");
        assertThat(d.findElement(By.cssSelector("tr[data-household-id='3-1-104']")).getText()).contains("外出");
        assertThat(d.findElement(By.cssSelector("tr[data-household-id='3-1-103']")).getText()).contains("正常");
        shot("households");
        d.findElement(By.id("q")).sendKeys("2单元");
        waitFor().until(x -> x.findElements(By.cssSelector("tr[data-household-id]")).stream().filter(WebElement::isDisplayed).count() == 2);
        d.findElement(By.cssSelector("tr[data-household-id='3-2-201'] a")).click();
        waitFor().until(x -> x.getTitle().contains("3栋2单元201"));
        open("/households/3-1-102");
        assertThat(d.findElement(By.cssSelector(".contacts")).getText()).contains("刘阿姨", ConsoleSite.PHONE_3_1_102);
        assertThat(d.findElement(By.cssSelector("[data-action=confirm-well]")).isDisplayed()).isTrue();
        shot("household");
    }

    @Test
    @Order(7)
    void scopeHoldsAlsoByUrl() {
        open("/households/5-1-302");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("找不到");
        assertThat(d.getPageSource()).doesNotContain("5栋1单元302", ConsoleSite.PHONE_5_1_302, "赵先生");
        open("/alerts/" + alertId("5-1-302", "WARNING"));
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("找不到");
        assertThat(d.getPageSource()).doesNotContain("5栋1单元302");
        open("/households?building=5");
        assertThat(householdsShown()).isEmpty();
        open("/?view=all");
        assertThat(householdsShown()).isNotEmpty().allMatch(h -> h.startsWith("3-"));
    }

    @Test
    @Order(8)
    void policePagesAreRefusedToProperty() {
        open("/");
        assertThat(d.findElements(By.cssSelector("nav a[href='/police']"))).as("no menu entry").isEmpty();
        open("/police");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("无权查看");
        assertThat(d.findElement(By.cssSelector("[role=alert]")).getText()).contains("不对您的角色开放");
        assertThat(d.getPageSource()).doesNotContain("本区租客", "出租屋访客频次");
    }

    @Test
    @Order(9)
    void aWriteWithoutTheCsrfTokenIsRefused() {
        open("/");
        String id = alertId("3-1-103", "ALARM");
        row(id).findElement(By.cssSelector("[data-action=ack]")).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#confirm-dialog[open] [data-confirm-submit]")));
        d.executeScript("document.querySelector('#confirm-dialog input[name=csrf]').remove();");
        d.findElement(By.cssSelector("#confirm-dialog [data-confirm-submit]")).click();
        waitFor().until(x -> x.findElement(By.id("confirm-dialog")).getText().contains("缺少安全校验"));
        JsonNode acks = api.api("GET", "/api/alerts/" + id, api.token("admin"), null).json().get("history")
                .get("acknowledgements");
        assertThat(acks).as("nothing was recorded").isEmpty();
    }

    @Test
    @Order(10)
    void onAPhoneThePagesFitAndTheButtonsAreBigEnough() throws Exception {
        browser.viewport(360, 740);
        try {
            open("/");
            assertThat((Long) d.executeScript("return document.documentElement.scrollWidth;"))
                    .as("sideways scrolling: %s", browser.overflowing()).isLessThanOrEqualTo(360L);
            WebElement ack = d.findElement(By.cssSelector("[data-action=ack]"));
            assertThat(ack.getSize().getHeight()).isGreaterThanOrEqualTo(40);
            assertThat(ack.getSize().getWidth()).isGreaterThan(250); // full width in a card
            assertThat(d.findElement(By.cssSelector("table.queue thead")).getSize().getHeight()).isLessThanOrEqualTo(1);
            browser.screenshotViewport(SHOTS.resolve("phone-alerts.png"));
            open("/alerts/" + alertId("3-1-102", "WARNING"));
            assertThat((Long) d.executeScript("return document.documentElement.scrollWidth;"))
                    .as("sideways scrolling: %s", browser.overflowing()).isLessThanOrEqualTo(360L);
            browser.screenshotViewport(SHOTS.resolve("phone-alert.png"));
            open("/households");
            assertThat((Long) d.executeScript("return document.documentElement.scrollWidth;"))
                    .as("sideways scrolling: %s", browser.overflowing()).isLessThanOrEqualTo(360L);
        } finally {
            browser.viewport(1280, 800);
        }
    }

    @Test
    @Order(11)
    void theWallScreenShowsWhatIsOpenInLargeType() throws Exception {
        browser.viewport(1920, 1080);
        try {
            open("/board");
            waitLive();
            List<WebElement> tiles = d.findElements(By.cssSelector(".tile[data-alert-id]"));
            assertThat(tiles).isNotEmpty();
            assertThat(tiles.get(0).getText()).contains("报警");
            assertThat(d.findElement(By.cssSelector(".tile-where")).getCssValue("font-size")).isEqualTo("40px");
            shot("board");
        } finally {
            browser.viewport(1280, 800);
        }
    }

    @Test
    @Order(12)
    void policeSeeRentalsAndEvidenceAndNoPhones() throws Exception {
        login("li-police");
        assertThat(d.getPageSource()).as("the alert list of police").doesNotContain("1380000", "1390000");
        open("/police");
        List<WebElement> rentals = d.findElements(By.cssSelector("table.rentals tbody tr[data-household-id]"));
        assertThat(rentals.get(0).getAttribute("data-household-id")).isEqualTo("3-2-201");
        assertThat(rentals.get(0).getText()).contains("本区租客", "前租客", "已到期", "访客频繁提示");
        assertThat(d.findElement(By.id("expired")).getText()).contains("3栋2单元201");
        assertThat(d.findElement(By.id("night")).getText()).contains("3栋2单元202");
        assertThat(d.findElement(By.id("alarms")).getText()).contains("3栋2单元202", "5栋2单元101", "3栋1单元103");
        assertThat(d.getPageSource()).doesNotContain("1380000", "1390000");
        shot("police");
        rentals.get(0).findElement(By.cssSelector("a[href*='#evidence']")).click();
        assertThat(find("#evidence table.events").findElement(By.xpath("./ancestor::section")).getText()).contains("计入的访客记录", "访客呼叫");
        open("/households/3-2-201");
        assertThat(d.getPageSource()).as("no VISIT open: no contacts for police").doesNotContain(ConsoleSite.LANDLORD_PHONE, "房东陈");
        assertThat(d.findElements(By.cssSelector("[data-action]"))).as("police do not act").isEmpty();
    }

    @Test
    @Order(13)
    void installersSeeEveryDeviceAndNoResidents() throws Exception {
        login("installer-1");
        assertThat(d.getCurrentUrl()).isEqualTo(base + "/devices");
        List<WebElement> rows = d.findElements(By.cssSelector("table.devices tbody tr[data-device-id]"));
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0).getAttribute("data-device-id")).isEqualTo("door-3-1-102");
        assertThat(rows.get(0).getText()).contains("离线");
        assertThat(d.getPageSource()).doesNotContain("1380000", "1390000", "张小明", "刘阿姨");
        shot("devices");
    }

    @Test
    @Order(14)
    void logoutEndsTheSession() {
        login("wang-property");
        Cookie session = d.manage().getCookieNamed("dw_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        d.findElement(By.cssSelector("form[action='/logout'] button")).click();
        waitFor().until(x -> x.getCurrentUrl().contains("/login"));
        assertThat(find("[role=status]").getText()).contains("您已退出登录");
        open("/");
        assertThat(d.getCurrentUrl()).contains("/login");
        assertThat(api.api("GET", "/api/alerts", session.getValue(), null).status()).isEqualTo(401);
    }
}

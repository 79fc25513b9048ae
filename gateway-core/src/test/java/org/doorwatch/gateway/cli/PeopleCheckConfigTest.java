package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config with people: counted not shown, warnings for households without a 三员 role, --route lists who is reached. */
class PeopleCheckConfigTest {

    static final String CONFIG = """
            site: { id: shengli-road, timezone: Asia/Shanghai }
            policies:
              elderly: { inactivity: { warning: 24h, callBack: 48h, visit: 72h } }
            households:
              - { id: "3-2-501", address: "3栋2单元501", policy: elderly }
              - { id: "3-2-502", address: "3栋2单元502", policy: elderly }
              - { id: "5-1-302", address: "5栋1单元302", policy: elderly }
            people:
              - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001" }
              - { id: zhao-min, name: 赵敏, roles: [neighbour-watcher], households: ["5-*"], phone: "13800000002" }
              - { id: liu-qiang, name: 刘强, roles: [corridor-liaison], households: ["3-*"], phone: "13800000003" }
              - { id: zhang-wei, name: 张伟, roles: [property], households: ["*"], phone: "13900000005" }
            rosters: { property: ["Mon-Fri 08:00-18:00"] }
            channels:
              property-group: { wecom: { keyFile: wecom.key } }
              sms: { sms: { provider: aliyun, accessKeyIdFile: ak.id, accessKeySecretFile: ak.secret, signName: 胜利路社区, templateCode: SMS_123456789 } }
            routes:
              elderly-inactivity:
                WARNING: [property, property-group, neighbour-watcher]
            """;

    @TempDir
    Path dir;
    Path config;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("wecom.key"), "wecom-KEY-marker\n");
        Files.writeString(dir.resolve("ak.id"), "LTAI-ID-marker\n");
        Files.writeString(dir.resolve("ak.secret"), "AK-SECRET-marker\n");
        config = dir.resolve("gateway.yml");
        Files.writeString(config, CONFIG);
    }

    int run(String... argv) {
        return Cli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void peopleAreCountedAndHouseholdsWithoutARoleAreWarnedAbout() {
        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(stdout()).contains(
                "people: 4 (neighbour-watcher 2, corridor-liaison 1, property 1)",
                "renotify: every 15m, 3 times, then passed on: corridor-liaison -> safety-guardian, "
                        + "neighbour-watcher -> corridor-liaison, safety-guardian -> property",
                "quiet hours: 22:00-07:00 for neighbour-watcher, corridor-liaison, safety-guardian",
                "rosters: property Mon,Tue,Wed,Thu,Fri 08:00-18:00",
                "warning: 1 of 3 households have no corridor-liaison (楼道联络员): 5-1-302",
                "warning: 3 of 3 households have no safety-guardian (安全守护员): 3-2-501, 3-2-502, 5-1-302",
                "  elderly-inactivity   WARNING    -> property, property-group + people: neighbour-watcher",
                "  elderly-inactivity   CALL_BACK  -> property, community + people: corridor-liaison",
                "  property-group wecom robot https://qyapi.weixin.qq.com/cgi-bin/webhook/send (key from file wecom.key, text, 20 a minute, then digests)");
        assertThat(stdout()).doesNotContain("neighbour-watcher (邻里互望员):"); // every household has one
        assertThat(stdout() + err).doesNotContain("王丽").doesNotContain("赵敏").doesNotContain("刘强").doesNotContain("张伟")
                .doesNotContain("1380000").doesNotContain("1390000").doesNotContain("marker");
    }

    @Test
    void routeListsThePeopleAnAlertWouldReachMaskedUnlessAsked() {
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/WARNING",
                "household=3-2-501", "at=2026-11-23T02:00")).isZero();
        String s = stdout();
        assertThat(s).contains("  roles: property (物业), neighbour-watcher (邻里互望员)",
                "people reached for an alert raised 2026-11-23 02:00 (names and phones masked; --personal shows them):");
        assertThat(s).containsPattern("wang-li +王\\* +138\\*\\*\\*\\*0001 +as neighbour-watcher +on property-group \\(group\\) +at 2026-11-23 07:00");
        assertThat(s).containsPattern("zhang-wei +张\\* +139\\*\\*\\*\\*0005 +as property +on property-group \\(group\\) +at 2026-11-23 08:00");
        assertThat(s).doesNotContain("zhao-min").doesNotContain("王丽").doesNotContain("13800000001");

        out.reset();
        assertThat(run("check-config", "--config", config.toString(), "--route", "elderly-inactivity/CALL_BACK",
                "household=3-2-501", "at=2026-11-23T02:00", "--personal")).isZero();
        assertThat(stdout()).containsPattern("liu-qiang +刘强 +13800000003 +as corridor-liaison +on sms \\(sms\\) +at once");
    }
}

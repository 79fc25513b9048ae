package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.notify.ChannelKind;
import org.doorwatch.notify.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code people:}, the people channels, roles in routes, renotify, quiet hours and rosters (SPEC section 8). */
class PeopleConfigTest {

    static final String SITE = """
            site: { id: test-site }
            households:
              - { id: "3-2-501" }
              - { id: "3-2-502" }
              - { id: "5-1-302" }
            """;

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(dir);
        fx.write("secrets/wecom.key", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa\n");
        fx.write("secrets/ding.token", "0123456789abcdef\n");
        fx.write("secrets/ding.secret", "SEC0123456789\n");
        fx.write("secrets/ak.id", "LTAI5tExample\n");
        fx.write("secrets/ak.secret", "exampleSecret\n");
    }

    @Test
    void aValidPeopleConfigWithEveryChannel() throws Exception {
        fx.write("people.csv", """
                id,name,roles,households,phone,duty
                liu-qiang,刘强,corridor-liaison,3-*,138 0000 0003,
                zhang-wei,张伟,property;community,*,+86 139-0000-0005,Mon-Fri 08:00-18:00;Sat 09:00-12:00
                """);
        GatewayConfig c = fx.load(SITE + """
                people:
                  - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001" }
                  - { file: people.csv }
                channels:
                  property-group: { wecom: { keyFile: secrets/wecom.key } }
                  community-group: { dingtalk: { tokenFile: secrets/ding.token, secretFile: secrets/ding.secret, msgtype: markdown } }
                  sms: { sms: { provider: aliyun, accessKeyIdFile: secrets/ak.id, accessKeySecretFile: secrets/ak.secret, signName: 胜利路社区, templateCode: SMS_123456789 } }
                routes:
                  elderly-inactivity:
                    WARNING: [property, property-group, neighbour-watcher]
                renotify: { after: 10m, times: 2, then: { neighbour-watcher: corridor-liaison } }
                quietHours: { from: "21:30", to: "07:30" }
                rosters: { property: ["Mon-Fri 08:00-18:00"] }
                """);
        var people = c.people().people();
        assertThat(people.all()).extracting(p -> p.id()).containsExactly("wang-li", "liu-qiang", "zhang-wei");
        assertThat(people.get("liu-qiang").phone()).isEqualTo("13800000003");
        assertThat(people.get("zhang-wei").phone()).isEqualTo("13900000005");
        assertThat(people.get("zhang-wei").roles()).containsExactly(Role.PROPERTY, Role.COMMUNITY);
        assertThat(people.get("zhang-wei").duty().shifts()).hasSize(2);

        assertThat(c.channel("property-group").kind()).isEqualTo(ChannelKind.GROUP);
        assertThat(c.channel("property-group").mqtt()).isFalse();
        // the whole address pasted into the key file: the key is taken out of it
        assertThat(new String(c.channel("property-group").wecom().key().value())).isEqualTo("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa");
        assertThat(c.channel("property-group").wecom().url()).hasToString("https://qyapi.weixin.qq.com/cgi-bin/webhook/send");
        assertThat(c.channel("community-group").dingtalk().url()).hasToString("https://oapi.dingtalk.com/robot/send");
        assertThat(c.channel("community-group").dingtalk().format()).isEqualTo(GatewayConfig.MessageFormat.MARKDOWN);
        assertThat(c.channel("sms").sms().url()).hasToString("https://dysmsapi.aliyuncs.com/");
        assertThat(c.channel("sms").sms().regionId()).isEqualTo("cn-hangzhou");
        assertThat(c.channel("sms").kind()).isEqualTo(ChannelKind.SMS);

        // the route names a role: the engine's channels stay channels, the role goes beside them
        assertThat(c.engine().routes().channels(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING)).containsExactly("property", "property-group");
        assertThat(c.people().roles().roles(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING))
                .containsExactly(Role.PROPERTY, Role.NEIGHBOUR_WATCHER);
        // the default additions of SPEC 8 for the stages not routed
        assertThat(c.people().roles().roles(RuleNames.ELDERLY_INACTIVITY, Stage.CALL_BACK)).containsExactly(Role.CORRIDOR_LIAISON);
        assertThat(c.people().roles().roles(RuleNames.ELDERLY_INACTIVITY, Stage.VISIT)).containsExactly(Role.SAFETY_GUARDIAN);

        var policy = c.people().policy();
        assertThat(policy.renotify().after()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.renotify().times()).isEqualTo(2);
        assertThat(policy.renotify().then()).containsOnlyKeys(Role.NEIGHBOUR_WATCHER);
        assertThat(policy.quiet().from()).hasToString("21:30");
        assertThat(policy.rosters()).containsOnlyKeys(Role.PROPERTY);
        assertThat(c.sources()).contains(dir.resolve("people.csv"), dir.resolve("secrets/wecom.key"));
    }

    @Test
    void withoutPeopleTheRoutesAreAsBefore() throws Exception {
        GatewayConfig c = fx.load(SITE);
        assertThat(c.people().people().isEmpty()).isTrue();
        assertThat(c.people().roles().roles(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING)).isEmpty();
        assertThat(c.engine().routes().channels(RuleNames.ELDERLY_INACTIVITY, Stage.WARNING)).containsExactly("property");
    }

    @Test
    void mistakesInPeopleAreLocatedAndNeverQuoteANameOrPhone() throws Exception {
        List<String> problems = fx.problems(SITE + """
                people:
                  - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001" }
                  - { id: wang-li, name: 王丽丽, roles: [neighbor-watcher], households: ["4-*"], phone: "0571-88881234" }
                  - { id: "x y", name: 赵敏, roles: [], households: ["3-2-50"], phone: "12345" }
                  - { id: chen, name: 陈杰, roles: [safety-guardian], households: ["5-1-302"], phone: "+1 2025550123", duty: ["Mon-Frj 08:00-18:00"] }
                  - { id: li, roles: [police] }
                """);
        assertThat(problems).containsExactly(
                "gateway.yml:8:11: people[1].id: duplicate person id 'wang-li' (first at gateway.yml:7)",
                "gateway.yml:8:39: people[1].roles: unknown role 'neighbor-watcher' (did you mean 'neighbour-watcher'?); known: "
                        + "neighbour-watcher, corridor-liaison, safety-guardian, property, community, police",
                "gateway.yml:8:71: people[1].households: '4-*' matches no household; a person looking after nobody would never be reached",
                "gateway.yml:8:86: people[1].phone: a landline cannot receive an SMS or be @-mentioned in a group; "
                        + "expected a mainland mobile number of 11 digits starting 13-19, e.g. 13800000001",
                "gateway.yml:9:11: people[2].id: 'x y' is not a valid person id; expected letters, digits and ._- (at most 64), such as wang-li",
                "gateway.yml:9:35: people[2].roles: no roles; expected at least one of neighbour-watcher, corridor-liaison, safety-guardian, property, community, police",
                "gateway.yml:9:52: people[2].households: '3-2-50' matches no household (did you mean '3-2-501'?); "
                        + "a person looking after nobody would never be reached",
                "gateway.yml:9:70: people[2].phone: not a mobile number; expected a mainland mobile number of 11 digits starting 13-19, e.g. 13800000001",
                "gateway.yml:10:85: people[3].phone: only mainland China numbers can be reached (the SMS account and the robots are mainland services); "
                        + "expected a mainland mobile number of 11 digits starting 13-19, e.g. 13800000001",
                "gateway.yml:10:109: people[3].duty: unknown day 'frj'; expected Mon, Tue, Wed, Thu, Fri, Sat, Sun or daily",
                "gateway.yml:11:5: people[4]: missing key 'households'; expected household ids or globs such as [\"3-2-*\"] (\"*\" for every household)",
                "gateway.yml:11:5: people[4]: missing key 'phone'; expected a mainland mobile number such as \"13800000001\" (in quotes)");
        assertThat(String.join("\n", problems)).doesNotContain("王丽").doesNotContain("赵敏").doesNotContain("0571")
                .doesNotContain("88881234").doesNotContain("2025550123").doesNotContain("12345");
    }

    @Test
    void mistakesInThePeopleCsvPointIntoTheCsv() throws Exception {
        fx.write("people.csv", """
                id,name,roles,households,phone
                wang-li,王丽,neighbour-watcher,3-2-*,13800000001
                wang-li,王丽,neighbour-watcher,3-2-*,13800000001
                zhao,赵敏,guardian;police,9-*,110
                """);
        List<String> problems = fx.problems(SITE + "people:\n  - { file: people.csv }\n");
        assertThat(problems).containsExactly(
                "people.csv:3:1: id: duplicate person id 'wang-li' (first at people.csv:2)",
                "people.csv:4:9: roles: unknown role 'guardian'; known: neighbour-watcher, corridor-liaison, safety-guardian, property, community, police",
                "people.csv:4:25: households: '9-*' matches no household; a person looking after nobody would never be reached",
                "people.csv:4:29: phone: not a mobile number; expected a mainland mobile number of 11 digits starting 13-19, e.g. 13800000001");
        assertThat(String.join("\n", problems)).doesNotContain("赵敏").doesNotContain("王丽");
    }

    @Test
    void mistakesInPeopleChannelsAndRoutes() throws Exception {
        fx.write("empty.key", "\n");
        List<String> problems = fx.problems(SITE + """
                channels:
                  group: { wecom: { keyFile: empty.key, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", msgtype: card } }
                  ding: { dingtalk: { tokenEnv: DING_TOKEN } }
                  text: { sms: { provider: tencent, accessKeyIdFile: secrets/ak.id, accessKeySecretEnv: AK, signName: 社区, templateCode: "SMS 1" } }
                  both: { wecom: { keyFile: secrets/wecom.key }, webhook: { url: "https://e.org/h", secretEnv: X } }
                  property: { sms: { provider: aliyun, accessKeyIdFile: secrets/ak.id, accessKeySecretFile: secrets/ak.secret, signName: a, templateCode: b } }
                routes:
                  elderly-inactivity:
                    WARNING: [property, neighbour-watcher, neighbour-watchr]
                """);
        assertThat(problems).containsExactly(
                "gateway.yml:7:30: channels.group.wecom.keyFile: 'empty.key' is empty; expected the robot's key (the key= of its webhook address)",
                "gateway.yml:7:46: channels.group.wecom.url: the address holds the key, which would be printed and logged; put it in a file and name it with keyFile",
                "gateway.yml:7:115: channels.group.wecom.msgtype: unknown message type 'card'; expected text or markdown",
                "gateway.yml:8:21: channels.ding.dingtalk: missing key 'secretFile'; expected the file holding the robot's signing secret (加签, starts with SEC) (or secretEnv: a variable holding it)",
                "gateway.yml:8:33: channels.ding.dingtalk.tokenEnv: environment variable DING_TOKEN is not set",
                "gateway.yml:9:28: channels.text.sms.provider: unknown provider 'tencent'; known: aliyun",
                "gateway.yml:9:89: channels.text.sms.accessKeySecretEnv: environment variable AK is not set",
                "gateway.yml:9:121: channels.text.sms.templateCode: 'SMS 1' is not a template code; expected letters, digits and _ such as SMS_123456789",
                "gateway.yml:10:11: channels.both.wecom: a channel has one way out, and this one already has webhook; define a second channel and name both in the route",
                "gateway.yml:10:96: channels.both.webhook.secretEnv: environment variable X is not set",
                "gateway.yml:11:3: channels.property: the built-in channel property publishes over MQTT; give the robot or SMS account a channel of its own, e.g. property-group",
                "gateway.yml:14:25: routes.elderly-inactivity.WARNING: role 'neighbour-watcher' stands for people, and the config has no people:; add them or remove the role",
                "gateway.yml:14:44: routes.elderly-inactivity.WARNING: unknown channel or role 'neighbour-watchr' (did you mean 'neighbour-watcher'?); "
                        + "channels: property, community, police, group, ding, text, both; roles: neighbour-watcher, corridor-liaison, "
                        + "safety-guardian, property, community, police");
    }

    @Test
    void mistakesInRenotifyQuietHoursAndRosters() throws Exception {
        List<String> problems = fx.problems(SITE + """
                renotify: { after: 10s, times: 50, then: { neighbour-watcher: neighbour-watcher, corridor-liason: property } }
                quietHours: { from: "10pm", roles: [volunteer] }
                rosters: { property: [], polise: ["daily 00:00-00:00"] }
                """);
        assertThat(problems).containsExactly(
                "gateway.yml:6:20: renotify.after: 10s would ring people's phones every few seconds; expected at least 1m",
                "gateway.yml:6:32: renotify.times: 50 is out of range; expected a whole number from 0 to 20",
                "gateway.yml:6:63: renotify.then.neighbour-watcher: a role cannot pass an alert on to itself",
                "gateway.yml:6:82: renotify.then.corridor-liason: unknown role 'corridor-liason' (did you mean 'corridor-liaison'?); "
                        + "known: neighbour-watcher, corridor-liaison, safety-guardian, property, community, police",
                "gateway.yml:7:21: quietHours.from: '10pm' is not a time of day; expected HH:MM such as \"22:00\" (in quotes)",
                "gateway.yml:7:37: quietHours.roles: unknown role 'volunteer'; known: neighbour-watcher, corridor-liaison, safety-guardian, "
                        + "property, community, police",
                "gateway.yml:8:22: rosters.property: no shifts: a roster without shifts would never be on duty; leave the key out for always, "
                        + "or expected " + org.doorwatch.notify.Shift.EXPECTED,
                "gateway.yml:8:26: rosters: unknown role 'polise' (did you mean 'police'?); known: neighbour-watcher, corridor-liaison, "
                        + "safety-guardian, property, community, police");
    }
}

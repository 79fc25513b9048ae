package org.doorwatch.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A site with people (SPEC section 8) as a YAML file the real loader reads: buildings 3 and 5,
 * each with its 三员, a WeCom group robot for property, a DingTalk robot for community workers,
 * and an Aliyun SMS account, every provider's address pointed where the test says (a scripted
 * local receiver). Optionally a block of {@code burst} households ({@code 9-1-1 ...}) that fall
 * silent together to fill the WeCom robot.
 *
 * <pre>
 *   3-2-501, 3-2-502   watcher wang-li (3-2-*), liaison liu-qiang (3-*), guardian chen-jie (3-2-*)
 *   5-1-302            watcher zhao-min (5-*),  liaison lin-tao (5-*),   guardian sun-hong (5-*)
 *   WARNING   -> property, property-group (WeCom), sms, neighbour-watcher
 *   CALL_BACK -> property, community, community-group (DingTalk), sms, corridor-liaison
 *   VISIT     -> property, community, police, community-group, sms, safety-guardian
 * </pre>
 */
public final class PeopleConfigs {

    public static final String WECOM_KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
    public static final String DING_TOKEN = "0123456789abcdef0123";
    public static final String DING_SECRET = "SECb3f1c0e4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";
    public static final String AK_ID = "LTAI5tExampleId";
    public static final String AK_SECRET = "exampleSecret/+=";

    /** Phones by person id, as the config has them. */
    public static final Map<String, String> PHONES = Map.of(
            "wang-li", "13800000001", "zhao-min", "13800000002", "liu-qiang", "13800000003",
            "chen-jie", "13800000004", "sun-hong", "13800000005", "lin-tao", "13800000006");

    /**
     * @param mqtt       e.g. {@code "embedded: { port: 0 }"} or {@code "url: tcp://127.0.0.1:1883"}
     * @param inactivity the elderly policy, e.g. {@code "{ warning: 1h, callBack: 4h, visit: 5h }"}
     * @param renotify   e.g. {@code "{ after: 60m, times: 2 }"}
     * @param base       where WeCom ({@code /cgi-bin/webhook/send}), DingTalk ({@code /robot/send})
     *                   and SMS ({@code /}) are, e.g. three receivers' {@code http://127.0.0.1:port}
     * @param dingTimeout one DingTalk attempt's timeout, e.g. {@code 1s}
     * @param burst      households 9-1-1 .. 9-1-burst whose WARNING falls due after {@code burstWarning}
     * @param warningRoute the elderly WARNING route, e.g. {@link #WARNING_ROUTE}
     */
    public record Site(String mqtt, int httpPort, String inactivity, String renotify, String wecomBase, String dingBase,
                       String smsBase, String dingTimeout, int burst, String burstWarning, String warningRoute) {
        public Site(String mqtt, int httpPort, String inactivity, String renotify, String wecomBase, String dingBase,
                    String smsBase, String dingTimeout, int burst, String burstWarning) {
            this(mqtt, httpPort, inactivity, renotify, wecomBase, dingBase, smsBase, dingTimeout, burst, burstWarning,
                    WARNING_ROUTE);
        }
    }

    public static final String WARNING_ROUTE = "[property, property-group, sms, neighbour-watcher]";

    private PeopleConfigs() {}

    public static Path write(Path dir, Site s) throws IOException {
        return write(dir, s, "");
    }

    /** @param extra more top-level YAML ({@code users:} ...), or "" */
    public static Path write(Path dir, Site s, String extra) throws IOException {
        write(dir, "secrets/wecom.key", WECOM_KEY + "\n");
        write(dir, "secrets/ding.token", DING_TOKEN + "\n");
        write(dir, "secrets/ding.secret", DING_SECRET + "\n");
        write(dir, "secrets/ak.id", AK_ID + "\n");
        write(dir, "secrets/ak.secret", AK_SECRET + "\n");
        StringBuilder y = new StringBuilder();
        y.append("site: { id: ").append(TestConfigs.SITE).append(", timezone: Asia/Shanghai }\n");
        y.append("mqtt:\n  ").append(s.mqtt()).append('\n');
        y.append("storage: { path: data/gateway.db }\n");
        y.append("http: { port: ").append(s.httpPort()).append(" }\n");
        y.append("policies:\n  elderly: { inactivity: ").append(s.inactivity()).append(" }\n");
        if (s.burst() > 0) {
            y.append("  burst: { inactivity: { warning: ").append(s.burstWarning()).append(", callBack: 100d, visit: 200d } }\n");
        }
        y.append("""
                households:
                  - { id: "3-2-501", address: "3栋2单元501", policy: elderly, tags: [elderly] }
                  - { id: "3-2-502", address: "3栋2单元502", policy: elderly, tags: [elderly] }
                  - { id: "5-1-302", address: "5栋1单元302", policy: elderly, tags: [elderly] }
                """);
        for (int i = 1; i <= s.burst(); i++) {
            y.append("  - { id: \"9-1-").append(i).append("\", address: \"9栋1单元").append(i).append("号\", policy: burst }\n");
        }
        y.append("""
                devices:
                  - { id: door-3-2-501, kind: door-contact, household: "3-2-501", source: mqtt }
                  - { id: door-3-2-502, kind: door-contact, household: "3-2-502", source: mqtt }
                  - { id: door-5-1-302, kind: door-contact, household: "5-1-302", source: mqtt }
                rules:
                  door-held-open: { enabled: false }
                  device-offline: { enabled: false }
                people:
                  - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001" }
                  - { id: zhao-min, name: 赵敏, roles: [neighbour-watcher], households: ["5-*"], phone: "13800000002" }
                  - { id: liu-qiang, name: 刘强, roles: [corridor-liaison], households: ["3-*"], phone: "13800000003" }
                  - { id: chen-jie, name: 陈杰, roles: [safety-guardian], households: ["3-2-*"], phone: "13800000004" }
                  - { id: sun-hong, name: 孙红, roles: [safety-guardian], households: ["5-*"], phone: "13800000005" }
                  - { id: lin-tao, name: 林涛, roles: [corridor-liaison], households: ["5-*"], phone: "13800000006" }
                channels:
                  property-group: { wecom: { keyFile: secrets/wecom.key, url: "WECOM/cgi-bin/webhook/send", timeout: 2s } }
                  community-group: { dingtalk: { tokenFile: secrets/ding.token, secretFile: secrets/ding.secret, url: "DING/robot/send", timeout: DINGTIMEOUT } }
                  sms: { sms: { provider: aliyun, accessKeyIdFile: secrets/ak.id, accessKeySecretFile: secrets/ak.secret, signName: 胜利路社区, templateCode: SMS_123456789, url: "SMS/", timeout: 2s } }
                routes:
                  elderly-inactivity:
                    WARNING: WARNINGROUTE
                    CALL_BACK: [property, community, community-group, sms, corridor-liaison]
                    VISIT: [property, community, police, community-group, sms, safety-guardian]
                """.replace("WECOM", s.wecomBase()).replace("DINGTIMEOUT", s.dingTimeout()).replace("DING", s.dingBase())
                .replace("SMS/", s.smsBase() + "/").replace("WARNINGROUTE", s.warningRoute()));
        y.append("renotify: ").append(s.renotify()).append('\n');
        y.append(extra);
        return write(dir, "gateway.yml", y.toString());
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}

package org.doorwatch.gateway.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.doorwatch.gateway.config.ConfigLoader;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.OutboxRow;

/** A config with people and the three people channels pointed at a local receiver. */
final class PeopleSite {

    static final String WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    static final String DING_TOKEN = "0123456789abcdef0123";
    static final String DING_SECRET = "SECb3f1c0e4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";
    static final String AK_ID = "LTAI5tExampleId";
    static final String AK_SECRET = "exampleSecret/+=";

    static GatewayConfig load(Path dir, String base, String wecomOptions, String dingOptions) throws Exception {
        write(dir, "secrets/wecom.key", WECOM_KEY + "\n");
        write(dir, "secrets/ding.token", DING_TOKEN + "\n");
        write(dir, "secrets/ding.secret", DING_SECRET + "\n");
        write(dir, "secrets/ak.id", AK_ID + "\n");
        write(dir, "secrets/ak.secret", AK_SECRET + "\n");
        Path yml = write(dir, "gateway.yml", """
                site: { id: test-site, timezone: Asia/Shanghai }
                households:
                  - { id: "3-2-501", address: "3栋2单元501", policy: elderly }
                  - { id: "5-1-302", address: "5栋1单元302", policy: elderly }
                policies:
                  elderly: { inactivity: { warning: 24h, callBack: 48h, visit: 72h } }
                people:
                  - { id: wang-li, name: 王丽, roles: [neighbour-watcher], households: ["3-2-*"], phone: "13800000001" }
                  - { id: zhao-min, name: 赵敏, roles: [neighbour-watcher], households: ["5-*"], phone: "13800000002" }
                  - { id: liu-qiang, name: 刘强, roles: [corridor-liaison], households: ["3-*"], phone: "13800000003" }
                channels:
                  property-group: { wecom: { keyFile: secrets/wecom.key, url: "BASE/cgi-bin/webhook/send"WECOM } }
                  community-group: { dingtalk: { tokenFile: secrets/ding.token, secretFile: secrets/ding.secret, url: "BASE/robot/send"DING } }
                  sms: { sms: { provider: aliyun, accessKeyIdFile: secrets/ak.id, accessKeySecretFile: secrets/ak.secret, signName: 胜利路社区, templateCode: SMS_123456789, url: "BASE/", timeout: 2s } }
                """.replace("BASE", base).replace("WECOM", wecomOptions).replace("DING", dingOptions));
        return ConfigLoader.load(yml, n -> null);
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static String alert(String id, String stage, String message) {
        return "{\"id\":\"" + id + "\",\"ts\":\"2026-11-23T08:15:00+08:00\",\"rule\":\"elderly-inactivity\",\"stage\":\"" + stage
                + "\",\"household\":\"3-2-501\",\"channels\":[\"property\"],\"message\":\"" + message + "\"}";
    }

    static OutboxRow row(long seq, String alertId, String channel, String transport, String payload, List<String> to, int round) {
        return new OutboxRow(seq, alertId, channel, transport, "3-2-501", payload, Instant.parse("2026-11-23T00:15:00Z"),
                Instant.parse("2026-11-23T00:15:00Z"), 0, null, 0, to, round);
    }

    private PeopleSite() {}
}

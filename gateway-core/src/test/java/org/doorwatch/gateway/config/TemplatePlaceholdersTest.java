package org.doorwatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.rules.WatchEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator accepts exactly the placeholders the elderly rule fills: a text using every
 * accepted placeholder renders through the real engine with none left as written. If the rule
 * stops filling one, this fails before an installer's text shows a raw "{name}" to staff.
 */
class TemplatePlaceholdersTest {

    @TempDir
    Path dir;

    @Test
    void everyAcceptedPlaceholderIsFilledByTheEngine() throws Exception {
        String stageText = all(TemplateSection.ELDERLY_PLACEHOLDERS);
        String resolvedText = all(TemplateSection.ELDERLY_RESOLVED_PLACEHOLDERS);
        GatewayConfig config = new ConfigFixture(dir).load("""
                site: { id: test-site }
                policies:
                  p: { inactivity: { warning: 24h, callBack: 48h, visit: 72h } }
                households:
                  - { id: "3-2-501", address: "3栋2单元501", policy: p }
                devices:
                  - { id: door-1, household: "3-2-501" }
                templates:
                  elderly-inactivity.WARNING: "%1$s"
                  elderly-inactivity.CALL_BACK: "%1$s"
                  elderly-inactivity.VISIT: "%1$s"
                  elderly-inactivity.RESOLVED: "%2$s"
                """.formatted(stageText, resolvedText));

        Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
        WatchEngine engine = new WatchEngine(config.engine());
        engine.start(t0);
        List<Alert> alerts = new ArrayList<>(engine.advance(t0.plus(Duration.ofDays(3))));
        alerts.addAll(engine.apply(DoorEvent.device(t0.plus(Duration.ofDays(3)).plusSeconds(60), "door-1", EventType.DOOR_OPENED),
                t0.plus(Duration.ofDays(3)).plusSeconds(60)));
        // door-1 sends no heartbeats: device-offline alarms and resolves too; this test is about the elderly texts
        alerts.removeIf(a -> !a.rule().equals("elderly-inactivity"));

        assertThat(alerts).extracting(a -> a.stage().name()).containsExactly("WARNING", "CALL_BACK", "VISIT", "RESOLVED");
        assertThat(alerts).allSatisfy(a -> assertThat(a.message()).doesNotContain("{").doesNotContain("}"));
        assertThat(alerts.get(0).message()).startsWith("address=3栋2单元501;").contains("household=3-2-501;");
        assertThat(alerts.get(3).message()).contains("reason=门已打开;");
    }

    @Test
    void securityRuleKeysAreAcceptedWithTheirOwnPlaceholders() throws Exception {
        GatewayConfig config = new ConfigFixture(dir).load("""
                site: { id: test-site }
                templates:
                  device-offline.ALARM: "{device} 离线"
                  device-offline.RESOLVED: "{device} 恢复"
                  visitor-frequency.NOTICE: "{address} {count}次访客"
                """);
        assertThat(config.engine().templates().template("device-offline.RESOLVED")).isEqualTo("{device} 恢复");
    }

    /** "name={name};" for each placeholder. */
    private static String all(java.util.Set<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : new TreeSet<>(names)) {
            if (n.equals("address")) {
                b.insert(0, "address={address};");
            } else {
                b.append(n).append("={").append(n).append("};");
            }
        }
        return b.toString();
    }
}

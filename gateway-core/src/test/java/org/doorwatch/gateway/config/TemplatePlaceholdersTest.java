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

    /**
     * routine-deviation's texts likewise: a household out at 08:00 and back at 18:00 for a few
     * days (a 4-day window, NOTICE from day 2), then silent overnight (the "today" text) and,
     * after the door opens at 10:00, silent again until the evening (the "since" text).
     */
    @Test
    void everyAcceptedRoutinePlaceholderIsFilledByTheEngine() throws Exception {
        GatewayConfig config = new ConfigFixture(dir).load("""
                site: { id: test-site, timezone: Asia/Shanghai }
                policies:
                  p: { inactivity: { warning: 24h }, routine: { learnDays: 4, minDays: 2 } }
                households:
                  - { id: "3-2-501", address: "3栋2单元501", policy: p }
                devices:
                  - { id: door-1, household: "3-2-501" }
                rules:
                  device-offline: { enabled: false }
                templates:
                  routine-deviation.NOTICE: "%1$s"
                  routine-deviation.RESOLVED: "%2$s"
                  routine-deviation.silence.today: "TODAY"
                  routine-deviation.silence.since: "since={since}"
                """.formatted(all(TemplateSection.ROUTINE_NOTICE_PLACEHOLDERS), all(TemplateSection.ROUTINE_RESOLVED_PLACEHOLDERS)));

        Instant day0 = Instant.parse("2026-11-21T16:00:00Z"); // 00:00 in Shanghai
        WatchEngine engine = new WatchEngine(config.engine());
        engine.start(day0);
        List<Alert> alerts = new ArrayList<>();
        List<Instant> doors = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            doors.add(day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(8)));
            doors.add(day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(18)));
        }
        doors.add(day0.plus(Duration.ofDays(4)).plus(Duration.ofHours(10)));
        for (Instant t : doors) {
            alerts.addAll(engine.apply(DoorEvent.device(t, "door-1", EventType.DOOR_OPENED), t));
        }
        alerts.addAll(engine.advance(day0.plus(Duration.ofDays(4)).plus(Duration.ofHours(22))));
        alerts.removeIf(a -> !a.rule().equals("routine-deviation"));

        assertThat(alerts).extracting(a -> a.stage().name()).containsExactly("NOTICE", "RESOLVED", "NOTICE");
        assertThat(alerts).allSatisfy(a -> assertThat(a.message()).doesNotContain("{").doesNotContain("}"));
        assertThat(alerts.get(0).message()).startsWith("address=3栋2单元501;").contains("silence=TODAY;", "usualBy=8 点;",
                "daysLearned=3;", "household=3-2-501;"); // days 1 to 3: the window of one-day buckets ends on day 4, not yet learned
        assertThat(alerts.get(1).message()).contains("reason=门已打开;");
        assertThat(alerts.get(2).message()).contains("silence=since=10:00;");
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

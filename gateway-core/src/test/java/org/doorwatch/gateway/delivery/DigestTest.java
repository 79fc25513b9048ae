package org.doorwatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The digest builder and the robot's rate window on virtual time: folds, never drops, never exceeds. */
class DigestTest {

    static Digest.Entry entry(int i, String phone) {
        String id = String.format("%08d", i);
        return new Digest.Entry("【预警】3栋2单元" + i + " 已24小时未开门 " + id, "【预警】3栋2单元" + i + " 已24小时未开门（" + id + "）",
                phone == null ? List.of() : List.of(phone));
    }

    @Test
    void oneEntryGoesAloneSeveralAsOneDigest() {
        Digest.Message one = Digest.fold(List.of(entry(1, "13800000001")), 2048, false);
        assertThat(one.text()).isEqualTo("【预警】3栋2单元1 已24小时未开门 00000001");
        assertThat(one.entries()).isEqualTo(1);
        Digest.Message three = Digest.fold(List.of(entry(1, "13800000001"), entry(2, null), entry(3, "13800000001")), 2048, true);
        assertThat(three.entries()).isEqualTo(3);
        assertThat(three.text()).isEqualTo("""
                【告警汇总】3 条，机器人每分钟限发消息，已合并发送：
                1. 【预警】3栋2单元1 已24小时未开门（00000001）
                2. 【预警】3栋2单元2 已24小时未开门（00000002）
                3. 【预警】3栋2单元3 已24小时未开门（00000003）
                @13800000001""");
        assertThat(three.mentions()).containsExactly("13800000001");
    }

    @Test
    void anEntryTooLongAloneIsShortenedNotDropped() {
        Digest.Entry huge = new Digest.Entry("长".repeat(1000), "长".repeat(1000), List.of("13800000001"));
        Digest.Message m = Digest.fold(List.of(huge, entry(2, null)), 2048, true);
        assertThat(m.entries()).isEqualTo(1);
        assertThat(m.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(m.text()).endsWith("…\n@13800000001");
    }

    /**
     * A robot fed {@code n} alerts at random instants, as the transport feeds it (one message at a
     * time, each taking {@code latency}): every alert is in exactly one message, no message is over
     * the byte limit, and no 60 s window holds more than 20 messages.
     */
    @Property(tries = 200)
    void burstsFoldWithinTheLimitAndNothingIsDropped(@ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll @IntRange(min = 0, max = 5000) int spreadMillis, @ForAll @IntRange(min = 1, max = 900) int latencyMillis) {
        Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
        java.util.Random random = new java.util.Random(n * 31L + spreadMillis);
        List<Instant> arrivals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arrivals.add(t0.plusMillis(spreadMillis == 0 ? 0 : random.nextInt(spreadMillis)));
        }
        arrivals.sort(null);
        RateWindow window = new RateWindow(20, Duration.ofMinutes(1));
        List<Digest.Entry> waiting = new ArrayList<>();
        List<Instant> sends = new ArrayList<>();
        Set<String> delivered = new HashSet<>();
        int next = 0;
        Instant now = t0;
        Instant busyUntil = t0;
        while (delivered.size() < n) {
            while (next < n && !arrivals.get(next).isAfter(now)) {
                waiting.add(entry(next, next % 3 == 0 ? "1380000000" + (next % 10) : null));
                next++;
            }
            if (!waiting.isEmpty() && !now.isBefore(busyUntil) && window.mayPass(now)) {
                Digest.Message m = Digest.fold(waiting, 2048, true);
                assertThat(m.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
                for (int k = 0; k < m.entries(); k++) {
                    Digest.Entry e = waiting.remove(0);
                    String id = e.line().substring(e.line().lastIndexOf('（') + 1, e.line().length() - 1);
                    assertThat(m.text()).contains(id);
                    assertThat(delivered.add(id)).isTrue();
                }
                window.record(now);
                sends.add(now);
                busyUntil = now.plusMillis(latencyMillis);
            }
            // next instant anything can change: an arrival, the answer, a slot freeing
            Instant step = busyUntil.isAfter(now) ? busyUntil : window.nextSlot(now);
            if (!step.isAfter(now)) {
                step = next < n ? arrivals.get(next) : now.plusMillis(1);
            }
            if (next < n && arrivals.get(next).isBefore(step)) {
                step = arrivals.get(next);
            }
            now = step.isAfter(now) ? step : now.plusMillis(1);
        }
        for (int i = 0; i < sends.size(); i++) {
            int inWindow = 0;
            for (Instant s : sends) {
                if (!s.isBefore(sends.get(i)) && s.isBefore(sends.get(i).plus(Duration.ofMinutes(1)))) inWindow++;
            }
            assertThat(inWindow).isLessThanOrEqualTo(20);
        }
        if (spreadMillis == 0 && n >= 60) {
            assertThat(sends.size()).isLessThan(n / 10); // a burst is a handful of digests, not n messages
        }
    }
}

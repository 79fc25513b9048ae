package org.doorwatch.gateway.staff.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.doorwatch.domain.Stage;
import org.junit.jupiter.api.Test;

/**
 * 处理过程 in time order, and a kind of entry the page has no words for yet (the per-person
 * notification attempts of the people/notification work) shown all the same.
 */
class AlertHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Request request() {
        return new Request("/alerts/a1", "/alerts/a1", Map.of(), Map.of(), Map.of(), Map.of(), null, false, null,
                null, null, new Times(ZoneId.of("Asia/Shanghai"), Instant.parse("2026-11-22T02:00:00Z")), null, null);
    }

    @Test
    void entriesOfEveryKindInTimeOrder() throws Exception {
        JsonNode alert = JSON.readTree("""
                {"id":"a1","ts":"2026-11-22T08:00:00+08:00","stage":"WARNING","message":"3栋1单元101 已24小时未开门",
                 "history":{"raised":"2026-11-22T08:00:00+08:00",
                   "deliveries":[{"channel":"property","transport":"mqtt","attempts":1,"deliveredAt":"2026-11-22T08:00:01+08:00"},
                                 {"channel":"community","transport":"webhook","attempts":3,"deliveredAt":null,"failedAt":null}],
                   "acknowledgements":[{"by":"wang","at":"2026-11-22T08:20:00+08:00","note":"<b>看到了</b>"}],
                   "outcomes":[{"by":"wang","at":"2026-11-22T08:10:00+08:00","code":"no-answer","note":null,"until":null}],
                   "notifications":[{"person":"王丽","channel":"sms","attempt":2,"sentAt":"2026-11-22T08:15:00+08:00","status":"delivered"}],
                   "resolvedBy":null}}""");
        String html = AlertHistory.render(request(), alert, null).toString();
        assertThat(html).containsSubsequence("触发预警", "发送到物业（MQTT）", "记录结果：无人接听", "王丽", "wang",
                "发送到社区（Webhook）");
        assertThat(html).contains("正在发送，已尝试 3 次", "通知", "channel：sms", "status：delivered", "attempt：2")
                .contains("&lt;b&gt;看到了&lt;/b&gt;").doesNotContain("<b>看到了");
        assertThat(html).doesNotContain("已解除");
    }

    @Test
    void theResolutionClosesTheHistory() throws Exception {
        JsonNode alert = JSON.readTree("""
                {"id":"a1","ts":"2026-11-22T08:00:00+08:00","stage":"WARNING","message":"m",
                 "history":{"raised":"2026-11-22T08:00:00+08:00","deliveries":[],"acknowledgements":[],"outcomes":[],
                   "resolvedBy":"r1"}}""");
        JsonNode resolved = JSON.readTree("""
                {"id":"r1","ts":"2026-11-22T09:30:00+08:00","stage":"RESOLVED","message":"3栋1单元101 警报解除：门已打开"}""");
        String html = AlertHistory.render(request(), alert, resolved).toString();
        assertThat(html).containsSubsequence("触发预警", "11-22 09:30", "已解除", "门已打开", "/alerts/r1");
    }

    @Test
    void aNoticeIsATipAndNotAMessageSent() throws Exception {
        JsonNode alert = JSON.readTree("""
                {"id":"n1","ts":"2026-11-22T07:15:00+08:00","stage":"NOTICE","rule":"visitor-frequency","message":"m",
                 "history":{"raised":"2026-11-22T07:15:00+08:00","deliveries":[],"acknowledgements":[],"outcomes":[],
                   "notifications":[{"person":"民警李","channel":"police","sentAt":"2026-11-22T07:15:02+08:00"}],
                   "resolvedBy":null}}""");
        String html = AlertHistory.render(request(), alert, null).toString();
        assertThat(html).containsSubsequence("触发提示", "民警李", "通知");
        assertThat(Labels.stage("NOTICE")).isEqualTo("提示");
        // a stage's word (the alert texts' and the console's) never reads as an entry of the history
        assertThat(Arrays.stream(Stage.values()).map(Stage::label).toList()).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(AlertHistory.KINDS.values());
    }
}

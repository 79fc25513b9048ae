package org.doorwatch.gateway.staff.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.Stage;

/**
 * The Chinese words of the console for the API's codes: stages, rules, states, event types,
 * outcome codes, tags, evidence fields. An unknown code is shown as it is, never hidden: a rule
 * added later still shows up, in English, until it gets its word here.
 */
final class Labels {

    private Labels() {}

    /** The domain's stage names ({@link Stage#label()}: 预警、电话回访、上门询问、已解除、报警、提示), the same words as alert texts. */
    static String stage(String stage) {
        for (Stage s : Stage.values()) {
            if (s.name().equals(stage)) {
                return s.label();
            }
        }
        return stage;
    }

    /** CSS class of a stage's colour. */
    static String stageClass(String stage) {
        return switch (stage == null ? "" : stage) {
            case "WARNING" -> "st-warning";
            case "CALL_BACK" -> "st-callback";
            case "VISIT" -> "st-visit";
            case "ALARM" -> "st-alarm";
            case "NOTICE" -> "st-notice";
            case "RESOLVED" -> "st-resolved";
            default -> "st-none";
        };
    }

    /** How urgent, for ordering: higher first. */
    static int severity(String stage) {
        return switch (stage == null ? "" : stage) {
            case "ALARM" -> 5;
            case "VISIT" -> 4;
            case "CALL_BACK" -> 3;
            case "WARNING" -> 2;
            case "NOTICE" -> 1;
            default -> 0;
        };
    }

    static String rule(String rule) {
        return switch (rule == null ? "" : rule) {
            case "elderly-inactivity" -> "独居老人长时间无活动";
            case "door-forced" -> "撬门报警";
            case "door-held-open" -> "门长时间未关";
            case "tamper" -> "防拆/设备故障";
            case "access-denied-burst" -> "连续刷卡失败";
            case "device-offline" -> "设备离线";
            case "visitor-frequency" -> "出租屋访客频繁";
            case "tenant-expired" -> "租约到期后仍刷卡";
            case "watch-window" -> "重点关注时段活动";
            case "routine-deviation" -> "作息异常";
            default -> rule;
        };
    }

    static String state(String state) {
        return switch (state == null ? "" : state) {
            case "open" -> "未受理";
            case "acknowledged" -> "已受理";
            case "resolved" -> "已解除";
            default -> state;
        };
    }

    static String event(String type) {
        return switch (type == null ? "" : type) {
            case "DOOR_OPENED" -> "开门";
            case "DOOR_CLOSED" -> "关门";
            case "ACCESS_GRANTED" -> "刷卡/开锁成功";
            case "ACCESS_DENIED" -> "刷卡被拒";
            case "VISITOR_CALL" -> "访客呼叫";
            case "VISITOR_ADMITTED" -> "访客放行";
            case "DOOR_FORCED" -> "门被撬开";
            case "DOOR_HELD_OPEN" -> "门未关好";
            case "TAMPER" -> "设备被拆动";
            case "HEARTBEAT" -> "设备心跳";
            case "DEVICE_FAULT" -> "设备故障";
            case "CONFIRMED_WELL" -> "工作人员确认平安";
            case "AWAY" -> "标记外出";
            case "AWAY_CLEARED" -> "取消外出";
            default -> type;
        };
    }

    /** The API's outcome codes (docs/api.md), in the order staff meet them. */
    static final Map<String, String> OUTCOMES = outcomes();

    private static Map<String, String> outcomes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reached-ok", "电话联系上，平安");
        m.put("visited-ok", "上门看过，平安");
        m.put("away-with-family", "随家人外出");
        m.put("in-hospital", "住院");
        m.put("reached-needs-help", "联系上，需要帮助");
        m.put("visited-emergency", "上门发现紧急情况");
        m.put("no-answer", "无人接听/无人应门");
        return m;
    }

    /** What recording an outcome does, said next to it so nobody is surprised. */
    static String outcomeEffect(String code) {
        return switch (code) {
            case "reached-ok", "visited-ok" -> "视为确认平安，重新开始计时";
            case "away-with-family", "in-hospital" -> "标记为外出，期间不再升级；可填写返回日期";
            default -> "只作记录，升级照常进行";
        };
    }

    static String outcome(String code) {
        return OUTCOMES.getOrDefault(code, code);
    }

    static String tag(String tag) {
        return switch (tag == null ? "" : tag) {
            case "elderly" -> "独居老人";
            case "rental" -> "出租屋";
            case "watch" -> "重点关注";
            default -> tag;
        };
    }

    static String role(String role) {
        return switch (role == null ? "" : role) {
            case "property" -> "物业";
            case "community" -> "社区";
            case "police" -> "民警";
            case "installer" -> "安装人员";
            case "admin" -> "管理员";
            default -> role;
        };
    }

    /** Channels are the API's role words too: property, community, police. */
    static String channel(String channel) {
        return role(channel);
    }

    static String deviceKind(String kind) {
        return switch (kind == null ? "" : kind) {
            case "door-contact" -> "门磁";
            case "intercom" -> "可视对讲";
            case "card-reader" -> "门禁读卡器";
            case "gate" -> "单元门禁";
            case "lock" -> "智能门锁";
            default -> kind;
        };
    }

    /** Evidence fields of security alerts (SPEC section 7). */
    static String evidence(String key) {
        return switch (key) {
            case "eventTime" -> "事件时间";
            case "trigger" -> "触发事件";
            case "credential" -> "卡号（已脱敏）";
            case "tenancyEnded" -> "租约到期";
            case "windowFrom" -> "关注时段开始";
            case "windowTo" -> "关注时段结束";
            case "count" -> "次数阈值";
            case "window" -> "统计时长";
            case "firstVisit" -> "第一次访客";
            case "lastVisit" -> "最后一次访客";
            case "firstDenial" -> "第一次被拒";
            case "lastDenial" -> "最后一次被拒";
            case "openSince" -> "开门时间";
            case "closedAt" -> "关门时间";
            case "heldOpenAfter" -> "允许开门时长";
            case "reportedAt" -> "设备上报时间";
            case "lastHeard" -> "最后收到信号";
            case "heardAt" -> "恢复时间";
            case "heardBy" -> "恢复时收到";
            case "offlineAfter" -> "离线判定时长";
            default -> key;
        };
    }
}

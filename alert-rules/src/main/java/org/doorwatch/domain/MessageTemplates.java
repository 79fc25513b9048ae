package org.doorwatch.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * Staff-facing alert texts, keyed {@code <rule>.<STAGE>}, with {@code {name}} placeholders.
 * Chinese by default; the config may replace any of them.
 *
 * <p>Placeholders the elderly rule fills: {@code address}, {@code household}, {@code elapsed}
 * (the silence, e.g. {@code 24小时}), {@code stage} (e.g. {@code 预警}), {@code lastActivity}
 * (local time), {@code reason} (RESOLVED only). A placeholder with no value stays as written,
 * so a typo shows in the text instead of vanishing.
 *
 * <p>The security and police rules (SPEC section 7) fill {@code address} (the household's
 * address, or {@code 公共区域} for a shared device), {@code household}, {@code device}, and every
 * field of the alert's evidence under its own name, formatted for staff: instants as local
 * time ({@code 11月22日 23:15} or {@code 11月22日 23:15:02}), durations as {@code 10分钟} /
 * {@code 24小时}, counts as digits. Per key:
 * <ul>
 *   <li>{@code door-forced.ALARM}: {@code eventTime}</li>
 *   <li>{@code door-held-open.ALARM}: {@code trigger}, {@code openSince}, then
 *       {@code heldOpenAfter} (timer) or {@code reportedAt} (device report); {@code reason} is
 *       {@code door-held-open.reason.<trigger>} rendered with the same values</li>
 *   <li>{@code door-held-open.RESOLVED}: {@code openSince}, {@code closedAt}</li>
 *   <li>{@code tamper.ALARM}: {@code trigger}, {@code eventTime}; {@code reason} from
 *       {@code tamper.reason.TAMPER} or {@code tamper.reason.DEVICE_FAULT}</li>
 *   <li>{@code access-denied-burst.ALARM}: {@code count}, {@code window}, {@code firstDenial},
 *       {@code lastDenial}</li>
 *   <li>{@code device-offline.ALARM}: {@code lastHeard}, {@code offlineAfter}</li>
 *   <li>{@code device-offline.RESOLVED}: {@code lastHeard}, {@code heardAt}, {@code heardBy}</li>
 *   <li>{@code visitor-frequency.NOTICE}: {@code count}, {@code window}, {@code firstVisit},
 *       {@code lastVisit}</li>
 *   <li>{@code tenant-expired.NOTICE}: {@code credential} (masked, e.g. {@code card:••3C91}),
 *       {@code tenancyEnded}, {@code eventTime}</li>
 *   <li>{@code watch-window.NOTICE}: {@code trigger}, {@code windowFrom}, {@code windowTo},
 *       {@code eventTime}; {@code reason} from {@code watch-window.reason.<trigger>}</li>
 * </ul>
 */
public final class MessageTemplates {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("elderly-inactivity.WARNING", "{address} 已{elapsed}未开门"),
            Map.entry("elderly-inactivity.CALL_BACK", "{address} 已{elapsed}未开门，请电话回访"),
            Map.entry("elderly-inactivity.VISIT", "{address} 已{elapsed}未开门，请上门询问"),
            Map.entry("elderly-inactivity.RESOLVED", "{address} 警报解除：{reason}"),
            Map.entry("elderly-inactivity.reason.DOOR_OPENED", "门已打开"),
            Map.entry("elderly-inactivity.reason.ACCESS_GRANTED", "已刷卡进出"),
            Map.entry("elderly-inactivity.reason.CONFIRMED_WELL", "工作人员确认平安"),
            Map.entry("elderly-inactivity.reason.AWAY", "已登记外出"),
            Map.entry("door-forced.ALARM", "{address} 门被强行打开（设备 {device}，{eventTime}）"),
            Map.entry("door-held-open.ALARM", "{address} 门开启未关（设备 {device}，{openSince}起）：{reason}"),
            Map.entry("door-held-open.reason.DOOR_OPENED", "超过{heldOpenAfter}未关闭"),
            Map.entry("door-held-open.reason.DOOR_HELD_OPEN", "设备报告门长时间未关"),
            Map.entry("door-held-open.RESOLVED", "{address} 门已关闭，未关门报警解除（设备 {device}，{closedAt}关闭）"),
            Map.entry("tamper.ALARM", "{address} 设备 {device} {reason}（{eventTime}）"),
            Map.entry("tamper.reason.TAMPER", "被拆或被破坏"),
            Map.entry("tamper.reason.DEVICE_FAULT", "报告故障"),
            Map.entry("access-denied-burst.ALARM",
                    "{address} 设备 {device} {window}内拒绝开门{count}次（{firstDenial}至{lastDenial}）"),
            Map.entry("device-offline.ALARM", "{address} 设备 {device} 离线：自{lastHeard}起{offlineAfter}无任何消息"),
            Map.entry("device-offline.RESOLVED", "{address} 设备 {device} 恢复在线（{heardAt}收到消息），离线报警解除"),
            Map.entry("visitor-frequency.NOTICE", "{address}（出租房屋）{window}内访客{count}次（{firstVisit}至{lastVisit}）"),
            Map.entry("tenant-expired.NOTICE",
                    "{address} 租约已于{tenancyEnded}到期，凭证 {credential} 仍在刷卡进出（设备 {device}，{eventTime}）"),
            Map.entry("watch-window.NOTICE", "{address}（重点关注）在{windowFrom}至{windowTo}时段{reason}（设备 {device}，{eventTime}）"),
            Map.entry("watch-window.reason.DOOR_OPENED", "开门"),
            Map.entry("watch-window.reason.ACCESS_GRANTED", "刷卡进出"));

    private final Map<String, String> templates;

    private MessageTemplates(Map<String, String> templates) {
        this.templates = templates;
    }

    public static MessageTemplates defaults() {
        return new MessageTemplates(DEFAULTS);
    }

    /** The defaults with {@code overrides} replacing the keys they name. */
    public static MessageTemplates withOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        merged.putAll(overrides);
        return new MessageTemplates(Map.copyOf(merged));
    }

    /** Adds defaults for keys not yet known (other rules register theirs this way). */
    public MessageTemplates withDefaults(Map<String, String> moreDefaults) {
        Map<String, String> merged = new HashMap<>(moreDefaults);
        merged.putAll(templates);
        return new MessageTemplates(Map.copyOf(merged));
    }

    /** Every known key; the config validator uses it to flag unknown template keys. */
    public java.util.Set<String> keys() {
        return templates.keySet();
    }

    /** The raw template for a key, or null when there is none. */
    public String template(String key) {
        return templates.get(key);
    }

    /** Renders {@code key} with {@code values}; a key with no template renders as the key. */
    public String render(String key, Map<String, String> values) {
        String template = templates.get(key);
        if (template == null) {
            return key;
        }
        return fill(template, values);
    }

    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i + 1) : -1;
            if (close > i) {
                String value = values.get(template.substring(i + 1, close));
                if (value != null) {
                    out.append(value);
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}

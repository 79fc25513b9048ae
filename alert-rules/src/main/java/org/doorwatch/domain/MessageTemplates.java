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
            Map.entry("elderly-inactivity.reason.AWAY", "已登记外出"));

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

package org.doorwatch.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * Staff-facing alert texts, keyed {@code <rule>.<STAGE>} (and {@code <rule>.reason.<...>} for
 * the texts of a {@code {reason}}), with {@code {name}} placeholders. Chinese by default; the
 * config may replace any of them. Each rule's default texts, and the placeholders they may use,
 * are in its definition ({@link ElderlyInactivityDefinition}, {@link DoorForcedDefinition}, ...).
 *
 * <p>A placeholder with no value stays as written, so a typo shows in the text instead of
 * vanishing. The security and police rules (SPEC section 7) fill {@code address} (the
 * household's address, or {@code 公共区域} for a shared device), {@code household},
 * {@code device}, and every field of the alert's evidence under its own name, formatted for
 * staff: instants as local time ({@code 11月22日 23:15} or {@code 11月22日 23:15:02}), durations
 * as {@code 10分钟} / {@code 24小时}, counts as digits.
 */
public final class MessageTemplates {

    private static final Map<String, String> DEFAULTS = defaultTexts();

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

    /** Every rule's default texts, from its definition. */
    private static Map<String, String> defaultTexts() {
        Map<String, String> texts = new HashMap<>();
        for (RuleDefinition rule : RuleDefinition.all()) {
            texts.putAll(rule.defaultTexts());
        }
        return Map.copyOf(texts);
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

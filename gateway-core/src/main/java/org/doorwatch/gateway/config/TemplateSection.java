package org.doorwatch.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;

/**
 * {@code templates:} staff-facing alert texts, keyed {@code <rule>.<STAGE>} (plus
 * {@code elderly-inactivity.reason.<EVENT_TYPE>}, {@code routine-deviation.reason.<EVENT_TYPE>}
 * and {@code routine-deviation.silence.today|since}), with {@code {name}} placeholders.
 *
 * <p>Known keys: the defaults of {@link MessageTemplates}, and {@code <rule>.ALARM},
 * {@code .NOTICE} and {@code .RESOLVED} of every security rule. Placeholders are checked where
 * it is known which ones the rule fills: the elderly escalation's and routine deviation's texts (see
 * {@code ElderlyInactivityRule.textVars}; {@code TemplateSectionTest} renders every allowed
 * placeholder through the engine to keep this list honest) and the reason texts, which get
 * none. The security rules' placeholders are theirs to define, so their texts are not checked.
 */
final class TemplateSection {

    static final Set<String> ELDERLY_PLACEHOLDERS = Set.of("address", "household", "elapsed", "stage", "lastActivity");
    static final Set<String> ELDERLY_RESOLVED_PLACEHOLDERS = Set.of("address", "household", "elapsed", "lastActivity", "reason");
    /** routine-deviation's texts: see {@code RoutineDeviationDefinition} (RoutineTemplatesTest renders each through the engine). */
    static final Set<String> ROUTINE_NOTICE_PLACEHOLDERS = Set.of("address", "household", "lastActivity", "elapsed",
            "usualBy", "daysLearned", "silence");
    static final Set<String> ROUTINE_RESOLVED_PLACEHOLDERS = Set.of("address", "household", "lastActivity", "elapsed", "reason");
    private static final String ELDERLY = RuleNames.ELDERLY_INACTIVITY;
    private static final String ROUTINE = RuleNames.ROUTINE_DEVIATION;
    private static final List<Stage> SECURITY_STAGES = List.of(Stage.ALARM, Stage.NOTICE, Stage.RESOLVED);

    private TemplateSection() {}

    static MessageTemplates read(ConfigContext ctx, YamlMap templates) {
        Set<String> known = knownKeys();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : templates.keys()) {
            if (!known.contains(key)) {
                ctx.at(templates.keyNode(key), "templates: unknown key '" + key + "'" + DidYouMean.hint(key, known)
                        + "; expected <rule>.<STAGE> such as elderly-inactivity.WARNING or door-forced.ALARM, or elderly-inactivity.reason.<EVENT>");
                continue;
            }
            String text = templates.string(key);
            if (text == null || text.isBlank()) {
                if (templates.value(key) != null) {
                    ctx.at(templates.value(key), templates.child(key) + ": empty text; expected the message staff see, e.g. \""
                            + MessageTemplates.defaults().template(ELDERLY + ".WARNING") + "\"");
                }
                continue;
            }
            Set<String> allowed = placeholders(key);
            if (allowed != null) {
                for (String name : unknownPlaceholders(text, allowed)) {
                    ctx.at(templates.value(key), templates.child(key) + ": unknown placeholder {" + name + "}"
                            + DidYouMean.hint(name, allowed)
                            + (allowed.isEmpty() ? "; this text takes no placeholders"
                            : "; expected " + String.join(", ", new TreeSet<>(allowed).stream().map(p -> "{" + p + "}").toList())));
                }
            }
            overrides.put(key, text);
        }
        return MessageTemplates.withOverrides(overrides);
    }

    /** Every key a config may set. */
    static Set<String> knownKeys() {
        Set<String> known = new TreeSet<>(MessageTemplates.defaults().keys());
        for (String rule : RuleNames.ALL) {
            if (!rule.equals(ELDERLY) && !rule.equals(ROUTINE)) {
                SECURITY_STAGES.forEach(s -> known.add(rule + "." + s.name()));
            }
        }
        return known;
    }

    /** The placeholders {@code key}'s text may use, or null when that is not known here. */
    static Set<String> placeholders(String key) {
        if (key.startsWith(ELDERLY + ".reason.") || key.startsWith(ROUTINE + ".reason.")
                || key.equals(ROUTINE + ".silence.today")) {
            return Set.of();
        }
        if (key.equals(ROUTINE + ".silence.since")) {
            return Set.of("since");
        }
        if (key.equals(ROUTINE + "." + Stage.NOTICE.name())) {
            return ROUTINE_NOTICE_PLACEHOLDERS;
        }
        if (key.equals(ROUTINE + "." + Stage.RESOLVED.name())) {
            return ROUTINE_RESOLVED_PLACEHOLDERS;
        }
        if (key.equals(ELDERLY + "." + Stage.RESOLVED.name())) {
            return ELDERLY_RESOLVED_PLACEHOLDERS;
        }
        if (key.startsWith(ELDERLY + ".")) {
            return ELDERLY_PLACEHOLDERS;
        }
        return null;
    }

    /**
     * The {@code {name}}s in {@code text} that are not in {@code allowed}, scanning as
     * {@link MessageTemplates} renders: such a name would stay in the text as written.
     */
    static List<String> unknownPlaceholders(String text, Set<String> allowed) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open + 1);
            if (close < 0) {
                break;
            }
            String name = text.substring(open + 1, close);
            if (allowed.contains(name)) {
                i = close + 1;
            } else {
                if (name.indexOf('{') < 0) {
                    out.add(name); // a '{' inside is a stray brace before a placeholder, not a name
                }
                i = open + 1;
            }
        }
        return out;
    }
}

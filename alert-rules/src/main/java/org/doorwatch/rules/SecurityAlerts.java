package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Stage;

/**
 * Words and emits the alerts of the security and police rules (SPEC section 7) the same way:
 * the evidence that fired the rule goes into {@link Alert#evidence()} and, under the same
 * names, into the template's placeholders, so that the Chinese message says why without the
 * reader opening another system (issue 6).
 */
final class SecurityAlerts {

    /** What texts call the place of a shared device that belongs to no household. */
    static final String SHARED_PLACE = "公共区域";

    private final RuleContext context;

    SecurityAlerts(RuleContext context) {
        this.context = context;
    }

    /** The channels the config routes an ALARM or NOTICE of {@code rule} to. */
    List<String> route(String rule, Stage stage) {
        return context.route(rule, stage);
    }

    /**
     * Emits one alert.
     *
     * @param household     the household concerned, or null
     * @param device        the device concerned, or null
     * @param channels      where it goes
     * @param subject       the id's subject (a device or household id)
     * @param episode       the instant that identifies the condition (never the raise time)
     * @param discriminator extra id key part, or null
     * @param evidence      why it fired; also the template's placeholders
     * @param reason        a {@code <rule>.reason.<reason>} template to fill {@code {reason}}, or null
     */
    void emit(String rule, Stage stage, long now, String household, String device, List<String> channels,
              String subject, long episode, String discriminator, Map<String, Object> evidence, String reason) {
        Map<String, String> vars = new HashMap<>();
        vars.put("address", place(household));
        vars.put("household", household == null ? "" : household);
        vars.put("device", device == null ? "" : device);
        evidence.forEach((k, v) -> vars.put(k, text(v)));
        if (reason != null) {
            vars.put("reason", context.render(rule + ".reason." + reason, vars));
        }
        String message = context.render(rule + "." + stage.name(), vars);
        String id = discriminator == null
                ? AlertIds.of(context.siteId(), rule, subject, stage.name(), episode)
                : AlertIds.of(context.siteId(), rule, subject, stage.name(), episode, discriminator);
        context.emit(new Alert(id, Millis.toInstant(now), rule, stage, household, device, channels,
                null, message, false, evidence));
    }

    private String place(String household) {
        if (household == null) {
            return SHARED_PLACE;
        }
        Household h = context.household(household);
        return h == null ? household : h.displayName();
    }

    private String text(Object v) {
        if (v instanceof Instant t) {
            return ChineseText.localTimeExact(t, context.zone());
        }
        if (v instanceof Duration d) {
            return ChineseText.duration(Millis.of(d));
        }
        return String.valueOf(v);
    }
}

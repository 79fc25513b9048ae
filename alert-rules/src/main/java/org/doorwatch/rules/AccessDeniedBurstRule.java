package org.doorwatch.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.AccessDeniedBurstDefinition;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;

/**
 * {@code access-denied-burst} (SPEC section 7): at least {@code count} ACCESS_DENIED on one
 * device within {@code window}, once per window; the counting and "once per window" are
 * {@link WindowCounter}'s (half-open window, consumed denials, quiet until first + window).
 *
 * <p>Denials are counted at their own ts (in order), so a controller that flushes a stored
 * hour of denials after an outage shows their true spacing rather than a false burst. Only
 * configured devices are counted: a device id the config does not know gets no state, or
 * garbage ids could grow memory without bound. The alert goes to the device's household, if
 * it has one; the evidence is the threshold count, the window and the first and last denial.
 */
final class AccessDeniedBurstRule {

    static final String RULE = AccessDeniedBurstDefinition.NAME;

    private final RuleContext context;
    private final SecurityAlerts alerts;

    AccessDeniedBurstRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    void on(DeviceWatch d, DoorEvent e, long now) {
        RuleSettings settings = context.settings();
        context.touch(d);
        if (d.denials == null) {
            d.denials = new WindowCounter(settings.deniedBurstCount());
        }
        context.touch(d.denials);
        if (!d.denials.count(Millis.of(e.ts()), Millis.of(settings.deniedBurstWindow()))) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", settings.deniedBurstCount());
        evidence.put("window", settings.deniedBurstWindow());
        evidence.put("firstDenial", Millis.toInstant(d.denials.hitFirst));
        evidence.put("lastDenial", Millis.toInstant(d.denials.hitLast));
        alerts.emit(RULE, Stage.ALARM, now, d.device.household(), d.id, alerts.route(RULE, Stage.ALARM),
                d.id, d.denials.hitFirst, null, evidence, null);
    }
}

package org.doorwatch.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.VisitorFrequencyDefinition;

/**
 * {@code visitor-frequency} (SPEC section 7): a household tagged {@code rental} has at least
 * {@code count} VISITOR_CALL/VISITOR_ADMITTED attributed to it (the event's household, else
 * its device's) within {@code window}, once per window. Same counting as access-denied-burst
 * ({@link WindowCounter}): each visit counts once, a NOTICE consumes the visits it counted and
 * the household stays quiet until first visit + window. The NOTICE goes to police by default;
 * its evidence is the threshold count, the window and the first and last counted visit.
 */
final class VisitorFrequencyRule {

    static final String RULE = VisitorFrequencyDefinition.NAME;
    static final String TAG = VisitorFrequencyDefinition.TAG;

    private final RuleContext context;
    private final SecurityAlerts alerts;

    VisitorFrequencyRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    void on(HouseholdWatch h, DoorEvent e, long now) {
        if (!h.household.hasTag(TAG)) {
            return;
        }
        RuleSettings settings = context.settings();
        context.touch(h);
        if (h.visits == null) {
            h.visits = new WindowCounter(settings.visitorCount());
        }
        context.touch(h.visits);
        if (!h.visits.count(Millis.of(e.ts()), Millis.of(settings.visitorWindow()))) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", settings.visitorCount());
        evidence.put("window", settings.visitorWindow());
        evidence.put("firstVisit", Millis.toInstant(h.visits.hitFirst));
        evidence.put("lastVisit", Millis.toInstant(h.visits.hitLast));
        alerts.emit(RULE, Stage.NOTICE, now, h.id, null, alerts.route(RULE, Stage.NOTICE),
                h.id, h.visits.hitFirst, null, evidence, null);
    }
}

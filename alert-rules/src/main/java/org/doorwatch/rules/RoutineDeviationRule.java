package org.doorwatch.rules;

import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RoutineDeviationDefinition;
import org.doorwatch.domain.Stage;

/**
 * {@code routine-deviation} (SPEC section 11): a NOTICE as soon as a household's present silence
 * is longer than it ever had at that time of day, hours before the escalation's WARNING.
 *
 * <p>It follows the escalation's L (SPEC 6.1) and never moves it: it runs before
 * {@link ElderlyInactivityRule} on the same activity, while L is still the silence's start.
 *
 * <ul>
 *   <li><b>Learning.</b> An activity later than L ends a silence (L, activity); the household's
 *       {@link RoutineProfile} learns it, unless the silence is not the resident's own rhythm:
 *       one that began while away or at an away period's end (the resident was not at home),
 *       or one long enough to have raised an escalation stage (SPEC 6 found it abnormal; were it
 *       learned, the profile would call the next fall usual for weeks). A silence that raised a
 *       NOTICE and then ended well is learned: the rhythm was wider than the profile knew.</li>
 *   <li><b>The deadline.</b> The first instant the present silence passes the profile's alert
 *       line, looking no further than the first escalation stage ({@link StagePlan#routineHorizon});
 *       none before the window has observed {@code minDays} days. It depends only on L and the
 *       profile, which changes only at the next activity, so it is computed from L whenever the
 *       household is re-queued; the household's one slot holds the earlier of it and the next
 *       stage ({@link EventRouter#reschedule}). Nothing is pending once a NOTICE is out, once
 *       a stage is raised, while away, or in the silence that follows an away period (until the
 *       next activity: the resident's rhythm says nothing about the hours she spent coming
 *       home; the escalation still watches it).</li>
 *   <li><b>NOTICE</b> once per silence, to the rule's route; RESOLVED on the activity that ends
 *       the silence, or on AWAY, to the channels the NOTICE went to. Ids hang on
 *       (household, stage, L) plus the escalation's repeat number, like the escalation's, so a
 *       restart or a replay repeats them. Both carry {@code sensorOffline} while a device of the
 *       household is down: the silence may be the sensor's.</li>
 * </ul>
 * Cost: per activity of a household with a routine, one {@link RoutineProfile#learn} (a walk
 * over at most 48 bins) and one {@link RoutineProfile#firstUnusual} (at most one day of bins);
 * nothing for other households. Figures: BENCHMARKS.md.
 */
final class RoutineDeviationRule {

    static final String RULE = RoutineDeviationDefinition.NAME;
    /** A margin of nothing: where the silence first passes the longest learned one (the text's "usual by"). */
    private static final RoutineProfile.Margin NO_MARGIN = new RoutineProfile.Margin(0, 0);
    private static final long HALF_HOUR = 30 * 60_000L;

    private final RuleContext context;

    RoutineDeviationRule(RuleContext context) {
        this.context = context;
    }

    /**
     * An activity at {@code at}, applied at {@code now}: called before the escalation moves L.
     * Ignores what the escalation ignores (not watched, not later than L).
     */
    void onActivity(HouseholdWatch h, long at, long now, EventType type, String by) {
        long activity = Math.min(at, now);
        if (h.routine == null || !h.watched || activity <= h.last) {
            return;
        }
        context.touch(h);
        if (h.routineNoticed) {
            resolve(h, now, activity, type, ElderlyInactivityRule.resolvedBy(type, by));
        }
        if (h.routineOwn && !h.away && h.raised == 0) {
            context.touch(h.routine);
            h.routine.learn(h.last, activity, zone());
        }
        // The next silence is the resident's own unless it begins while away.
        h.routineOwn = !h.away;
    }

    /** AWAY at {@code now}: called before the escalation marks the household away. */
    void onAway(HouseholdWatch h, long now, long until) {
        if (h.routine == null || !h.watched) {
            return;
        }
        context.touch(h);
        if (h.routineNoticed) {
            resolve(h, now, h.last, EventType.AWAY, ElderlyInactivityRule.resolvedByAway(until));
        }
        h.routineOwn = false;
    }

    /** When the NOTICE of the present silence falls due, or {@link HouseholdWatch#NO_CHECK}. */
    long due(HouseholdWatch h) {
        if (h.routine == null || !h.watched || h.away || !h.routineOwn || h.routineNoticed || h.raised > 0) {
            return HouseholdWatch.NO_CHECK;
        }
        StagePlan plan = h.plan;
        long due = h.routine.firstUnusual(h.last, h.last, plan.routineHorizon, plan.routine.minDays(), plan.margin, zone());
        return due == Long.MAX_VALUE ? HouseholdWatch.NO_CHECK : due;
    }

    /** The NOTICE is due at {@code now}. */
    void fire(HouseholdWatch h, long now) {
        context.touch(h);
        List<String> channels = context.route(RULE, Stage.NOTICE);
        ZoneRules zone = zone();
        StagePlan plan = h.plan;
        // The line with margins is never passed before the line without: this is at or before now.
        long passed = Math.min(now, h.routine.firstUnusual(h.last, h.last, plan.routineHorizon, plan.routine.minDays(),
                NO_MARGIN, zone));
        long local = RoutineProfile.local(passed, zone);
        long usual = Millis.plus(passed, Math.floorDiv(local + HALF_HOUR - 1, HALF_HOUR) * HALF_HOUR - local);
        Map<String, String> vars = textVars(h, now);
        vars.put("usualBy", ChineseText.clockHalfHour(Millis.toInstant(usual), context.zone()));
        int days = h.routine.daysObserved(now, zone);
        vars.put("daysLearned", Integer.toString(days));
        Map<String, String> silenceVars = Map.of("since", ChineseText.clockTime(Millis.toInstant(h.last), context.zone()));
        vars.put("silence", context.render(RULE + ".silence." + (sameLocalDay(h.last, now) ? "since" : "today"), silenceVars));
        String message = context.render(RULE + "." + Stage.NOTICE.name(), vars);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("usualBy", Millis.toInstant(usual));
        evidence.put("daysLearned", days);
        context.emit(new Alert(id(h, Stage.NOTICE), Millis.toInstant(now), RULE, Stage.NOTICE, h.id, null, channels,
                Millis.toInstant(h.last), message, h.offlineDevices > 0, evidence));
        h.routineNoticed = true;
        h.routineNotified = channels;
    }

    /**
     * Brings the household in line with its plan after a reload: a policy that gained a routine
     * starts learning, one that lost it forgets (without a RESOLVED, like a rule switched off),
     * and a changed learning window that no longer fits the profile's buckets starts afresh.
     * With the rule switched off, an open NOTICE is forgotten likewise.
     */
    void settle(HouseholdWatch h) {
        if (h.plan.routine == null) {
            if (h.routine != null || h.routineNoticed) {
                context.touch(h);
                h.routine = null;
                forgetNotice(h);
            }
            return;
        }
        if (h.routine == null || h.routine.spanDays() != RoutineProfile.spanDays(h.plan.routine.learnDays())) {
            context.touch(h);
            h.routine = h.plan.newProfile();
        }
        if (h.routineNoticed && !context.enabled(RULE)) {
            context.touch(h);
            forgetNotice(h);
        }
    }

    private static void forgetNotice(HouseholdWatch h) {
        h.routineNoticed = false;
        h.routineNotified = List.of();
    }

    private void resolve(HouseholdWatch h, long now, long lastActivity, EventType reason, Map<String, Object> evidence) {
        Map<String, String> vars = textVars(h, now);
        vars.put("reason", context.render(RULE + ".reason." + reason.name(), Map.of()));
        String message = context.render(RULE + "." + Stage.RESOLVED.name(), vars);
        context.emit(new Alert(id(h, Stage.RESOLVED), Millis.toInstant(now), RULE, Stage.RESOLVED, h.id, null,
                new ArrayList<>(h.routineNotified), Millis.toInstant(lastActivity), message, h.offlineDevices > 0, evidence));
        forgetNotice(h);
    }

    /** (household, stage, L), plus the escalation's repeat when an away period restarted the silence at the same L. */
    private String id(HouseholdWatch h, Stage stage) {
        return AlertIds.ofSilence(context.siteId(), RULE, h.id, stage.name(), h.last, h.repeat);
    }

    private Map<String, String> textVars(HouseholdWatch h, long now) {
        Map<String, String> vars = new HashMap<>();
        vars.put("address", h.household.displayName());
        vars.put("household", h.id);
        vars.put("elapsed", ChineseText.duration(now - h.last));
        vars.put("lastActivity", ChineseText.localTime(Millis.toInstant(h.last), context.zone()));
        return vars;
    }

    private boolean sameLocalDay(long a, long b) {
        ZonedDateTime x = Millis.toInstant(a).atZone(context.zone());
        ZonedDateTime y = Millis.toInstant(b).atZone(context.zone());
        return x.toLocalDate().equals(y.toLocalDate());
    }

    private ZoneRules zone() {
        return context.zone().getRules();
    }
}

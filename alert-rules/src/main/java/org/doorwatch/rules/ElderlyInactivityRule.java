package org.doorwatch.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.ElderlyInactivityDefinition;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Stage;

/**
 * The elderly inactivity escalation, SPEC section 6.
 *
 * <p>Per household: L is the last activity (DOOR_OPENED or ACCESS_GRANTED attributed to it,
 * or CONFIRMED_WELL), or the instant it came under watch. An <em>episode</em> runs from L; its
 * stages fall due at L + warning, L + callBack, L + visit and each is raised once. Its
 * {@link #due} is the next unraised stage (or the away end); the household's one queue slot
 * holds the earlier of that and the routine NOTICE ({@link EventRouter#reschedule}), so the
 * engine wakes only for what is due. The rule changes state; the router re-queues after it.
 *
 * <ul>
 *   <li>Activity later than L ends the episode: if it raised anything, RESOLVED goes to every
 *       channel that got a stage; the new episode starts at the activity's own timestamp.
 *       Activity not later than L (stale, repeated) is ignored.</li>
 *   <li>AWAY resolves a raised episode, then holds the stages; the slot holds the away end.
 *       A new AWAY replaces the end. When away ends (its {@code until}, or AWAY_CLEARED) the
 *       new episode starts at max(L, end).</li>
 *   <li>Alert ids hang on (household, stage, L): L strictly increases between episodes that
 *       raised a stage, so ids are unique, and replay and restart reproduce them.</li>
 * </ul>
 */
final class ElderlyInactivityRule {

    private static final String RULE = ElderlyInactivityDefinition.NAME;

    private final RuleContext context;

    ElderlyInactivityRule(RuleContext context) {
        this.context = context;
    }

    /** An activity of the household with timestamp {@code at}, applied at {@code now}. */
    void onActivity(HouseholdWatch h, long at, long now, EventType type, String by) {
        // A device clock ahead of ours must not push L into the future and silence the watch.
        long activity = Math.min(at, now);
        if (!h.watched || activity <= h.last) {
            return;
        }
        context.touch(h);
        if (h.raised > 0) {
            resolve(h, now, activity, type, resolvedBy(type, by));
        }
        h.last = activity;
        h.repeat = 0;
    }

    /** AWAY at {@code now} until {@code until} (epoch millis, or NO_END). */
    void onAway(HouseholdWatch h, long now, long until) {
        if (!h.watched) {
            return;
        }
        context.touch(h);
        if (h.raised > 0) {
            resolve(h, now, h.last, EventType.AWAY, resolvedByAway(until));
        }
        h.away = true;
        h.awayUntil = until;
    }

    /** The evidence of a RESOLVED by an activity (and the staff member, for CONFIRMED_WELL). */
    static Map<String, Object> resolvedBy(EventType type, String by) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("resolvedBy", type.name());
        if (by != null) {
            evidence.put("by", by);
        }
        return evidence;
    }

    /** The evidence of a RESOLVED by AWAY, with its end when it has one. */
    static Map<String, Object> resolvedByAway(long until) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("resolvedBy", EventType.AWAY.name());
        if (until != HouseholdWatch.NO_END) {
            evidence.put("awayUntil", Millis.toInstant(until));
        }
        return evidence;
    }

    void onAwayCleared(HouseholdWatch h, long now) {
        if (!h.watched || !h.away) {
            return;
        }
        context.touch(h);
        endAway(h, now);
    }

    /** The rule's deadline is due: the away period ends, or the next stage is raised. */
    void fire(HouseholdWatch h, long now) {
        context.touch(h);
        if (h.away) {
            endAway(h, h.awayUntil);
            return;
        }
        if (h.raised >= h.plan.size()) {
            return; // defensive: a stale slot after a reconfigure; nothing is owed
        }
        Stage stage = h.plan.stages[h.raised];
        List<String> channels = context.route(RULE, stage);
        Map<String, String> vars = textVars(h, now);
        String message = context.render(RULE + "." + stage.name(), vars);
        context.emit(new Alert(
                id(h, stage),
                Millis.toInstant(now), RULE, stage, h.id, null, channels,
                Millis.toInstant(h.last), message, h.offlineDevices > 0, Map.of()));
        h.raised++;
        h.notified = context.union(h.notified, channels);
    }

    /** The id of this episode's {@code stage}: (household, stage, L), plus the repeat when there is one. */
    private String id(HouseholdWatch h, Stage stage) {
        return AlertIds.ofSilence(context.siteId(), RULE, h.id, stage.name(), h.last, h.repeat);
    }

    /**
     * When this rule next needs the household: the end of its away period while away, else its
     * next unraised stage; {@link HouseholdWatch#NO_CHECK} when nothing is pending.
     */
    long due(HouseholdWatch h) {
        if (!h.watched) {
            return HouseholdWatch.NO_CHECK;
        }
        if (h.away) {
            return h.awayUntil == HouseholdWatch.NO_END ? HouseholdWatch.NO_CHECK : h.awayUntil;
        }
        return h.raised < h.plan.size() ? Millis.plus(h.last, h.plan.after[h.raised]) : HouseholdWatch.NO_CHECK;
    }

    private void endAway(HouseholdWatch h, long end) {
        h.away = false;
        h.awayUntil = HouseholdWatch.NO_END;
        long next = Math.max(h.last, end);
        // An away that ended at or before L starts an episode at the same L; count it so that
        // its alerts do not repeat the previous episode's ids (receivers would drop them).
        h.repeat = next == h.last ? h.repeat + 1 : 0;
        h.last = next;
        h.raised = 0;
        h.notified = List.of();
    }

    private void resolve(HouseholdWatch h, long now, long lastActivity, EventType reason, Map<String, Object> evidence) {
        Map<String, String> vars = textVars(h, now);
        vars.put("reason", context.render(RULE + ".reason." + reason.name(), Map.of()));
        String message = context.render(RULE + "." + Stage.RESOLVED.name(), vars);
        context.emit(new Alert(
                id(h, Stage.RESOLVED),
                Millis.toInstant(now), RULE, Stage.RESOLVED, h.id, null, new ArrayList<>(h.notified),
                Millis.toInstant(lastActivity), message, h.offlineDevices > 0, evidence));
        h.raised = 0;
        h.notified = List.of();
    }

    private Map<String, String> textVars(HouseholdWatch h, long now) {
        Map<String, String> vars = new HashMap<>();
        vars.put("address", h.household.displayName());
        vars.put("household", h.id);
        vars.put("elapsed", ChineseText.duration(now - h.last));
        vars.put("lastActivity", ChineseText.localTime(Millis.toInstant(h.last), context.zone()));
        if (h.raised < h.plan.size()) {
            vars.put("stage", h.plan.stages[h.raised].label());
        }
        return vars;
    }
}

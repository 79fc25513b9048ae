package org.doorwatch.rules;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.WatchWindowDefinition;

/**
 * {@code watch-window} (SPEC section 7): activity (DOOR_OPENED or ACCESS_GRANTED attributed to
 * it) of a household tagged {@code watch} inside the site-local window {@code from}–{@code to}.
 *
 * <ul>
 *   <li>The window is [from, to) in the site's zone, read at min(event ts, now). With
 *       {@code to <= from} it crosses midnight: 23:00–05:00 holds 23:00 and 04:59:59 but not
 *       05:00; {@code from == to} is the whole day.</li>
 *   <li>An <em>occurrence</em> of the window (a night) is named by its local start: the
 *       activity at 02:00 on the 23rd belongs to the occurrence that began at 23:00 on the
 *       22nd. At most one NOTICE per household per occurrence: the first activity in it. The
 *       id's episode is the occurrence start, so even a restart that forgot the NOTICE repeats
 *       its id.</li>
 *   <li>Nights are noticed in order: a late report about a night earlier than the last one
 *       noticed raises nothing (remembering every night noticed would grow without bound, and
 *       a report a day late is not what the window is for).</li>
 * </ul>
 * Cost: one zone conversion per activity of a watched household.
 */
final class WatchWindowRule {

    static final String RULE = WatchWindowDefinition.NAME;
    static final String TAG = WatchWindowDefinition.TAG;
    /** {@link HouseholdWatch#watchNoticed} before any NOTICE. */
    static final long NEVER = Long.MIN_VALUE;

    private final RuleContext context;
    private final SecurityAlerts alerts;

    WatchWindowRule(RuleContext context, SecurityAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    void on(HouseholdWatch h, DoorEvent e, long now) {
        if (!h.household.hasTag(TAG)) {
            return;
        }
        RuleSettings settings = context.settings();
        long at = Math.min(Millis.of(e.ts()), now);
        long occurrence = occurrenceStart(at, settings.watchFrom(), settings.watchTo());
        if (occurrence == NEVER || occurrence <= h.watchNoticed) {
            return;
        }
        context.touch(h);
        h.watchNoticed = occurrence;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("trigger", e.type().name());
        evidence.put("windowFrom", settings.watchFrom().toString());
        evidence.put("windowTo", settings.watchTo().toString());
        evidence.put("eventTime", e.ts());
        alerts.emit(RULE, Stage.NOTICE, now, h.id, e.device(), alerts.route(RULE, Stage.NOTICE),
                h.id, occurrence, null, evidence, e.type().name());
    }

    /** Epoch millis of the local start of the window occurrence holding {@code at}, or {@link #NEVER}. */
    long occurrenceStart(long at, LocalTime from, LocalTime to) {
        LocalDateTime local = LocalDateTime.ofInstant(Millis.toInstant(at), context.zone());
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        LocalDate startDay;
        if (from.isBefore(to)) {
            if (time.isBefore(from) || !time.isBefore(to)) {
                return NEVER;
            }
            startDay = day;
        } else if (!time.isBefore(from)) {
            startDay = day;
        } else if (time.isBefore(to)) {
            startDay = day.minusDays(1);
        } else {
            return NEVER;
        }
        return Millis.of(ZonedDateTime.of(startDay.atTime(from), context.zone()).toInstant());
    }
}

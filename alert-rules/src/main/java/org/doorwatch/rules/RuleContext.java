package org.doorwatch.rules;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;

/**
 * What a rule may use of the engine, and nothing more: the settings, routes and texts of the
 * config in force, its queue slots, the transaction it works in and the alerts it raises. Rules
 * get one of these instead of the engine, so that what they can reach is this list.
 *
 * <p>The contract of every mutation: {@code touch} the state object first (once per batch is
 * enough; more is free), so that a rollback can put it back and the gateway persists it.
 */
interface RuleContext {

    /** The site id; part of every alert id. */
    String siteId();

    /** The site's time zone, for local-time rules and texts. */
    ZoneId zone();

    /** The parameters of the security and police rules. */
    RuleSettings settings();

    /** False for a rule listed in {@link RuleSettings#disabled()}. */
    boolean enabled(String rule);

    /** The channels the config routes an alert of {@code rule} at {@code stage} to. */
    List<String> route(String rule, Stage stage);

    /** The text of template {@code key} filled with {@code values}. */
    String render(String key, Map<String, String> values);

    /** The configured household {@code id}, or null. */
    Household household(String id);

    /** The union of two channel lists in the config's canonical channel order. */
    List<String> union(List<String> a, List<String> b);

    /** Records {@code h}'s state for rollback and lists it among the changed households. */
    void touch(HouseholdWatch h);

    /** Records {@code d}'s state for rollback and lists it among the changed devices. */
    void touch(DeviceWatch d);

    /** Records a window counter's state for rollback (its owner is touched separately). */
    void touch(WindowCounter c);

    /** Records an offline group's alarm state for rollback (its devices are touched separately). */
    void touch(OfflineGroup g);

    /** Records a routine profile's content for rollback, before it learns (its owner is touched separately). */
    void touch(RoutineProfile p);

    /** Puts {@code d}'s queue slot at {@code due} (epoch millis). */
    void schedule(Deadline d, long due);

    /** Takes {@code d} out of the queue, if it is in. */
    void cancel(Deadline d);

    /** Raises {@code alert}: it is returned from the engine call in progress. */
    void emit(Alert alert);
}

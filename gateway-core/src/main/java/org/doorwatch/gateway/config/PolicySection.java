package org.doorwatch.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routine;

/**
 * {@code policies:} named watch policies. A policy holds the elderly escalation's thresholds,
 * {@code inactivity: { warning, callBack, visit }} (each given one longer than the one before),
 * and routine deviation, {@code routine: { learnDays, minDays, margin: { min, fraction, later } }}
 * (SPEC 11; every key optional, {@code routine: {}} takes the defaults of
 * {@link Routine#defaults()}).
 */
final class PolicySection {

    private static final List<String> STAGES = List.of("warning", "callBack", "visit");
    private static final List<String> ROUTINE_KEYS = List.of("learnDays", "minDays", "margin");
    private static final List<String> MARGIN_KEYS = List.of("min", "fraction", "later");
    private static final Duration MAX_LATER = Duration.ofHours(12);

    private PolicySection() {}

    static Map<String, Policy> read(ConfigContext ctx, YamlMap policies) {
        Map<String, Policy> out = new LinkedHashMap<>();
        for (String name : policies.keys()) {
            if (!ConfigLoader.NAME.matcher(name).matches()) {
                ctx.at(policies.keyNode(name), "policies: '" + name + "' is not a valid policy name; expected letters, digits, '-', '_' or '.'");
                continue;
            }
            YamlMap p = policies.map(name);
            p.rejectUnknown(Set.of("inactivity", "routine"));
            Inactivity inactivity = null;
            if (p.has("inactivity")) {
                YamlMap in = p.map("inactivity");
                in.rejectUnknown(STAGES);
                inactivity = inactivity(ctx, in, in.duration("warning", null), in.duration("callBack", null), in.duration("visit", null));
            }
            // `routine:` with nothing after it means the defaults, like `routine: {}`
            Routine routine = p.value("routine") == null ? null : routine(ctx, p.map("routine"));
            out.put(name, new Policy(name, inactivity, routine));
        }
        return out;
    }

    private static Routine routine(ConfigContext ctx, YamlMap r) {
        r.rejectUnknown(ROUTINE_KEYS);
        Routine d = Routine.defaults();
        int learnDays = r.integer("learnDays", d.learnDays(), Routine.MIN_LEARN_DAYS, Routine.MAX_LEARN_DAYS);
        int most = Routine.maxMinDays(learnDays);
        int minDays = r.integer("minDays", Math.min(d.minDays(), most), 1, Routine.MAX_LEARN_DAYS);
        if (minDays > most) {
            ctx.at(r.value("minDays"), r.child("minDays") + ": " + minDays + " is more than the learning window always holds; expected at most "
                    + most + " for learnDays " + learnDays + " (the window keeps 4 buckets of " + (learnDays + 3) / 4
                    + " days and always has 3 of them)");
            minDays = most;
        }
        YamlMap m = r.map("margin");
        m.rejectUnknown(MARGIN_KEYS);
        Duration min = marginDuration(ctx, m, "min", d.marginMin(), null);
        Duration later = marginDuration(ctx, m, "later", d.later(), MAX_LATER);
        double fraction = d.marginFraction();
        String f = m.string("fraction");
        if (f != null) {
            try {
                fraction = Double.parseDouble(f.trim());
                if (!(fraction >= 0 && fraction <= 10)) {
                    ctx.at(m.value("fraction"), m.child("fraction") + ": " + f.trim() + " is out of range; expected a number from 0 to 10 (0.5: half the longest silence learned)");
                    fraction = d.marginFraction();
                }
            } catch (NumberFormatException e) {
                ctx.at(m.value("fraction"), m.child("fraction") + ": expected a number from 0 to 10 such as 0.5, found '" + f + "'");
            }
        }
        return new Routine(learnDays, minDays, min, fraction, later);
    }

    /** A margin's duration: zero is allowed (no margin), a negative one or one over {@code max} is not. */
    private static Duration marginDuration(ConfigContext ctx, YamlMap m, String key, Duration def, Duration max) {
        String s = m.string(key);
        if (s == null) {
            return def;
        }
        Duration d = Durations.parse(s);
        if (d == null || d.isNegative()) {
            ctx.at(m.value(key), m.child(key) + ": bad duration '" + s + "'; expected " + Durations.EXPECTED + ", or 0s for none");
            return def;
        }
        if (max != null && d.compareTo(max) > 0) {
            ctx.at(m.value(key), m.child(key) + ": " + Durations.format(d) + " is too long; expected at most " + Durations.format(max));
            return def;
        }
        return d;
    }

    private static Inactivity inactivity(ConfigContext ctx, YamlMap in, Duration warning, Duration callBack, Duration visit) {
        if (warning == null && callBack == null && visit == null) {
            if (in.keys().isEmpty()) {
                ctx.at(in.node(), in.path() + ": expected at least one of warning, callBack, visit");
            }
            return null;
        }
        Duration previous = null;
        String previousKey = null;
        Duration[] given = {warning, callBack, visit};
        for (int i = 0; i < STAGES.size(); i++) {
            Duration d = given[i];
            if (d == null) {
                continue;
            }
            String key = STAGES.get(i);
            if (previous != null && d.compareTo(previous) <= 0) {
                ctx.at(in.value(key), in.child(key) + ": " + Durations.format(d) + " must be longer than "
                        + previousKey + " (" + Durations.format(previous) + "); stages escalate in order");
                return null;
            }
            previous = d;
            previousKey = key;
        }
        return new Inactivity(warning, callBack, visit);
    }
}

package org.doorwatch.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Tenancy;

/**
 * The site of the SPEC section 7 tests: one household of each kind, their door contacts and
 * the shared devices of building 3, all rules on with their defaults unless a test says
 * otherwise. Day 0 00:00 local is {@link Scenario#DAY0} (2026-11-22, Asia/Shanghai).
 */
final class SecuritySite {

    static final String ELDERLY = "3-2-501";
    static final String RENTAL = "3-2-601";
    static final String WATCHED = "6-1-101";
    static final String PLAIN = "1-1-101";

    /** Tenancy of card:5A3C91 ended at day 0 00:00 local (its last day was the day before). */
    static final String EXPIRED_CARD = "card:5A3C91";
    /** A card whose tenancy ended, then was renewed: it is valid. */
    static final String RENEWED_CARD = "card:77AB12";
    /** A card whose only tenancy starts on day 10. */
    static final String FUTURE_CARD = "card:99FF00";

    static List<Household> households() {
        return List.of(
                new Household(ELDERLY, "3栋2单元501", Scenario.ELDERLY.name(), List.of("elderly")),
                new Household(RENTAL, "3栋2单元601", null, List.of("rental")),
                new Household(WATCHED, "6栋1单元101", null, List.of("watch")),
                new Household(PLAIN, "1栋1单元101", null, List.of()));
    }

    static List<Device> devices() {
        return List.of(
                new Device("door-3-2-501", "door-contact", ELDERLY),
                new Device("door-3-2-601", "door-contact", RENTAL),
                new Device("door-6-1-101", "door-contact", WATCHED),
                new Device("gate-3", "gate", null),
                new Device("reader-3", "card-reader", null),
                new Device("intercom-3", "intercom", null));
    }

    static List<Tenancy> tenancies() {
        return List.of(
                new Tenancy(EXPIRED_CARD, RENTAL, Scenario.at(-200, 0, 0), Scenario.at(0, 0, 0)),
                new Tenancy(RENEWED_CARD, RENTAL, Scenario.at(-200, 0, 0), Scenario.at(0, 0, 0)),
                new Tenancy(RENEWED_CARD, RENTAL, Scenario.at(0, 0, 0), null),
                new Tenancy(FUTURE_CARD, RENTAL, Scenario.at(10, 0, 0), Scenario.at(100, 0, 0)));
    }

    static EngineConfig config() {
        return config(Settings.defaults());
    }

    static EngineConfig config(Settings rules) {
        return EngineConfig.of("test-site", Scenario.ZONE, List.of(Scenario.ELDERLY), households(), devices())
                .withTenancies(tenancies())
                .withRules(rules.build());
    }

    static Scenario start(Instant at) {
        return new Scenario(config(), at);
    }

    static Scenario start(Settings rules, Instant at) {
        return new Scenario(config(rules), at);
    }

    /** Day {@code d} at local {@code hh:mm:ss}. */
    static Instant at(int day, int hour, int minute, int second) {
        return Scenario.at(day, hour, minute).plusSeconds(second);
    }

    static DoorEvent event(Instant ts, String device, EventType type) {
        return DoorEvent.device(ts, device, type);
    }

    static DoorEvent event(Instant ts, String device, EventType type, String household) {
        return DoorEvent.device(ts, device, type).withHousehold(household);
    }

    static DoorEvent card(Instant ts, String device, String credential) {
        return DoorEvent.device(ts, device, EventType.ACCESS_GRANTED).withCredential(credential);
    }

    /** The alerts of one rule, in the order raised. */
    static List<Alert> of(Scenario s, String rule) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : s.alerts) {
            if (a.rule().equals(rule)) {
                out.add(a);
            }
        }
        return out;
    }

    /** "rule STAGE @dD HH:mm:ss subject channels" lines of one rule, for readable asserts. */
    static List<String> lines(Scenario s, String rule) {
        List<String> out = new ArrayList<>();
        for (Alert a : of(s, rule)) {
            String subject = a.device() != null ? a.device() : a.household();
            out.add(a.stage() + " @" + Scenario.local(a.ts()) + String.format(":%02d", a.ts().getEpochSecond() % 60)
                    + " " + subject + " " + a.channels());
        }
        return out;
    }

    /** RuleSettings with withers, for tests. */
    record Settings(Set<String> disabled, Duration heldOpenAfter, int deniedCount, Duration deniedWindow,
                    Duration offlineAfter, int visitorCount, Duration visitorWindow, LocalTime from, LocalTime to) {

        static Settings defaults() {
            RuleSettings d = RuleSettings.defaults();
            return new Settings(Set.of(), d.heldOpenAfter(), d.deniedBurstCount(), d.deniedBurstWindow(),
                    d.offlineAfter(), d.visitorCount(), d.visitorWindow(), d.watchFrom(), d.watchTo());
        }

        Settings disable(String... rules) {
            Set<String> off = new HashSet<>(disabled);
            off.addAll(List.of(rules));
            return new Settings(off, heldOpenAfter, deniedCount, deniedWindow, offlineAfter, visitorCount, visitorWindow, from, to);
        }

        Settings heldOpenAfter(Duration d) {
            return new Settings(disabled, d, deniedCount, deniedWindow, offlineAfter, visitorCount, visitorWindow, from, to);
        }

        Settings denied(int count, Duration window) {
            return new Settings(disabled, heldOpenAfter, count, window, offlineAfter, visitorCount, visitorWindow, from, to);
        }

        Settings offlineAfter(Duration d) {
            return new Settings(disabled, heldOpenAfter, deniedCount, deniedWindow, d, visitorCount, visitorWindow, from, to);
        }

        Settings visitors(int count, Duration window) {
            return new Settings(disabled, heldOpenAfter, deniedCount, deniedWindow, offlineAfter, count, window, from, to);
        }

        Settings window(LocalTime f, LocalTime t) {
            return new Settings(disabled, heldOpenAfter, deniedCount, deniedWindow, offlineAfter, visitorCount, visitorWindow, f, t);
        }

        RuleSettings build() {
            return new RuleSettings(disabled, heldOpenAfter, deniedCount, deniedWindow, offlineAfter,
                    visitorCount, visitorWindow, from, to);
        }
    }
}

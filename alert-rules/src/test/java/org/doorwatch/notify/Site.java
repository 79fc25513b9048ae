package org.doorwatch.notify;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.HouseholdGlob;

/** A small seed community for the notification tests: one building's 三员, a watcher of another, property staff. */
final class Site {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String FLAT = "3-2-501";

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    static Person person(String id, String name, Role role, String phone, DutyRoster duty, String... globs) {
        return new Person(id, name, EnumSet.of(role), Arrays.stream(globs).map(HouseholdGlob::new).toList(), phone, duty);
    }

    static DutyRoster roster(String... shifts) {
        return new DutyRoster(Arrays.stream(shifts).map(s -> Shift.parse(s).shift()).toList());
    }

    static final Person WANG = person("wang-li", "王丽", Role.NEIGHBOUR_WATCHER, "13800000001", null, "3-2-*");
    static final Person ZHAO = person("zhao-min", "赵敏", Role.NEIGHBOUR_WATCHER, "13800000002", null, "5-*");
    static final Person LIU = person("liu-qiang", "刘强", Role.CORRIDOR_LIAISON, "13800000003", null, "3-*");
    static final Person CHEN = person("chen-jie", "陈杰", Role.SAFETY_GUARDIAN, "13800000004", null, "3-2-*");
    static final Person ZHANG = person("zhang-wei", "张伟", Role.PROPERTY, "13900000005", roster("Mon-Fri 08:00-18:00"), "*");
    static final Person LI = person("li-na", "李娜", Role.PROPERTY, "13900000006", roster("Sat,Sun 08:00-18:00"), "*");

    static final People PEOPLE = new People(List.of(WANG, ZHAO, LIU, CHEN, ZHANG, LI));

    static Map<String, ChannelKind> kinds() {
        Map<String, ChannelKind> k = new LinkedHashMap<>();
        k.put("property", ChannelKind.PLAIN);
        k.put("community", ChannelKind.PLAIN);
        k.put("police", ChannelKind.PLAIN);
        k.put("property-group", ChannelKind.GROUP);
        k.put("sms", ChannelKind.SMS);
        return k;
    }

    static Recipients recipients(Renotify renotify) {
        return new Recipients(PEOPLE, new NotifyPolicy(ZONE, QuietHours.DEFAULT, Map.of(), renotify), kinds());
    }

    private Site() {}
}

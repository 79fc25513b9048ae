package org.doorwatch.notify;

import java.util.Arrays;
import java.util.List;

/**
 * What a person does for the community (SPEC section 8). The first three are the seed
 * community's 三员联动: per building, a 邻里互望员 who knocks on the door, a 楼道联络员 who
 * phones, a 安全守护员 who goes in; they are volunteers, whom quiet hours protect by default.
 * The last three share their names with the built-in alert channels.
 */
public enum Role {
    NEIGHBOUR_WATCHER("neighbour-watcher", "邻里互望员", true),
    CORRIDOR_LIAISON("corridor-liaison", "楼道联络员", true),
    SAFETY_GUARDIAN("safety-guardian", "安全守护员", true),
    PROPERTY("property", "物业", false),
    COMMUNITY("community", "社区工作者", false),
    POLICE("police", "社区民警", false);

    /** Every role id, in declaration order, for messages. */
    public static final List<String> IDS = Arrays.stream(values()).map(Role::id).toList();

    private final String id;
    private final String label;
    private final boolean volunteer;

    Role(String id, String label, boolean volunteer) {
        this.id = id;
        this.label = label;
        this.volunteer = volunteer;
    }

    /** The config name, e.g. {@code neighbour-watcher}. */
    public String id() {
        return id;
    }

    /** The Chinese name staff and volunteers use. */
    public String label() {
        return label;
    }

    /** One of the three 三员: a resident volunteer rather than staff on a duty roster. */
    public boolean volunteer() {
        return volunteer;
    }

    /** The role named {@code id}, or null. */
    public static Role of(String id) {
        for (Role r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}

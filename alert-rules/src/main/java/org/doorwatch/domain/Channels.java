package org.doorwatch.domain;

import java.util.List;

/** The three built-in alert channels (SPEC section 5); config may add webhook channels. */
public final class Channels {
    public static final String PROPERTY = "property";
    public static final String COMMUNITY = "community";
    public static final String POLICE = "police";

    /** Built-ins in their canonical order, which is also the order channels are listed in. */
    public static final List<String> BUILT_IN = List.of(PROPERTY, COMMUNITY, POLICE);

    private Channels() {}
}

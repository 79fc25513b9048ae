package org.doorwatch.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message owed: to {@code channel}, addressing {@code people} (the @-mentions of a group
 * message, the one recipient of an SMS, nobody on a plain channel), not before {@code at}.
 *
 * @param round 0 for the alert's first sending, n for its n-th re-send; a pass-on counts on
 */
public record Notice(String channel, ChannelKind kind, List<Reach> people, Instant at, int round) {

    public Notice {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        people = List.copyOf(people);
    }

    /** A person reached, and the role they are reached as. */
    public record Reach(Person person, Role role) {
        public Reach {
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(role, "role");
        }
    }

    /** The ids of the people addressed, in order. */
    public List<String> personIds() {
        return people.stream().map(r -> r.person().id()).toList();
    }
}

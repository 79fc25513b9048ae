package org.doorwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A scripted incident laid over the community's routine (see {@link IncidentParser} for the
 * text form).
 */
public sealed interface Incident {

    /** The moments a watcher of the simulation should be told about, in plain words. */
    List<Milestone> milestones();

    /** A moment of an incident: when, and what happens then. */
    record Milestone(Instant at, String text) {}

    /**
     * The household stops opening its door (and using its cards) from {@code from}; if
     * {@code until} is given, it opens its door at {@code until} and follows its routine again.
     */
    record Silent(String household, Instant from, Instant until) implements Incident {
        @Override
        public List<Milestone> milestones() {
            Milestone begins = new Milestone(from, household + " stops opening its door");
            return until == null ? List.of(begins)
                    : List.of(begins, new Milestone(until, household + " opens its door again"));
        }
    }

    /** The device sends nothing at all (not even heartbeats) for {@code duration} from {@code at}. */
    record Offline(String device, Instant at, Duration duration) implements Incident {
        @Override
        public List<Milestone> milestones() {
            return List.of(new Milestone(at, device + " goes silent (no events, no heartbeats) for " + duration.toString().substring(2).toLowerCase()),
                    new Milestone(at.plus(duration), device + " is heard again"));
        }
    }

    /** The household receives {@code count} visitors on the day starting at {@code dayStart}. */
    record Visitors(String household, Instant dayStart, int count) implements Incident {
        @Override
        public List<Milestone> milestones() {
            return List.of(new Milestone(dayStart, household + " receives " + count + " visitors today"));
        }
    }

    /** The device reports a forced door at {@code at}. */
    record Forced(String device, Instant at) implements Incident {
        @Override
        public List<Milestone> milestones() {
            return List.of(new Milestone(at, device + " is forced open"));
        }
    }

    /** The door is opened at {@code at} and not closed for {@code duration}. */
    record HeldOpen(String device, Instant at, Duration duration) implements Incident {
        @Override
        public List<Milestone> milestones() {
            return List.of(new Milestone(at, device + " is opened and left open for " + duration.toString().substring(2).toLowerCase()));
        }
    }
}

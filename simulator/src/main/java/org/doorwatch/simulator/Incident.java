package org.doorwatch.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A scripted incident laid over the community's routine (see {@link IncidentParser} for the
 * text form).
 */
public sealed interface Incident {

    /** The household stops opening its door (and using its cards) from {@code from}, until {@code until} if given. */
    record Silent(String household, Instant from, Instant until) implements Incident {}

    /** The device sends nothing at all (not even heartbeats) for {@code duration} from {@code at}. */
    record Offline(String device, Instant at, Duration duration) implements Incident {}

    /** The household receives {@code count} visitors on the day starting at {@code dayStart}. */
    record Visitors(String household, Instant dayStart, int count) implements Incident {}

    /** The device reports a forced door at {@code at}. */
    record Forced(String device, Instant at) implements Incident {}

    /** The door is opened at {@code at} and not closed for {@code duration}. */
    record HeldOpen(String device, Instant at, Duration duration) implements Incident {}
}

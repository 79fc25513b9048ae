package org.doorwatch.gateway.run;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.doorwatch.gateway.clock.AcceleratedClock;
import org.doorwatch.gateway.delivery.Backoff;
import org.doorwatch.gateway.intake.TopicRoutes;

/**
 * How to run a gateway beyond what the config file says: mostly for tests and the simulator.
 *
 * @param clock          the clock the engine, the journal and the alerts run on; an
 *                       {@link AcceleratedClock} for the simulator, the system clock in the field
 * @param wallClock      real time: log rate limits and webhook timestamps
 * @param version        reported in the status message and webhook user agent
 * @param webhookBackoff back-off between webhook attempts
 * @param stopBound      how long a stop waits for the journal flush and for deliveries in flight
 * @param writerQueue    commands the writer may have queued before sources must wait
 * @param profiles       builds the parsers of vendor payload profiles (see {@link TopicRoutes})
 * @param portBackoff    reconnect delays of serial lines and device servers ({@code ports:})
 * @param stuckAfter     a writer, delivery or ingest thread that has not moved for this long is
 *                       stuck: /health says down and the process ends (issue 19)
 * @param failpoint      a fault to inject, for the tests that show what a dead or stuck writer does:
 *                       {@code writer-dies-on:<EVENT_TYPE>} or {@code writer-hangs-on:<EVENT_TYPE>};
 *                       null in the field. {@link #defaults()} reads it from the system property
 *                       {@code doorwatch.failpoint}
 */
public record GatewayOptions(
        Clock clock,
        Clock wallClock,
        String version,
        Backoff webhookBackoff,
        Duration stopBound,
        int writerQueue,
        TopicRoutes.ProfileParsers profiles,
        org.doorwatch.drivers.Backoff portBackoff,
        Duration stuckAfter,
        String failpoint) {

    /** A minute: ten times the longest a healthy writer tick takes on a loaded box (a commit retry waits 10 s). */
    public static final Duration STUCK_AFTER = Duration.ofSeconds(60);

    public GatewayOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(webhookBackoff, "webhookBackoff");
        Objects.requireNonNull(stopBound, "stopBound");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(portBackoff, "portBackoff");
        Objects.requireNonNull(stuckAfter, "stuckAfter");
    }

    /** Real time, 1 s doubling to 15 min between webhook attempts, 10 s to stop, ports reconnect 1 s doubling to 30 s. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(Clock.systemUTC(), Clock.systemUTC(), version(GatewayOptions.class),
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(15)), Duration.ofSeconds(10), 10_000,
                TopicRoutes.vendorProfiles(), org.doorwatch.drivers.Backoff.DEFAULT, STUCK_AFTER,
                System.getProperty("doorwatch.failpoint"));
    }

    public GatewayOptions withClock(Clock clock) {
        return new GatewayOptions(clock, wallClock, version, webhookBackoff, stopBound, writerQueue, profiles, portBackoff, stuckAfter, failpoint);
    }

    public GatewayOptions withWebhookBackoff(Backoff backoff) {
        return new GatewayOptions(clock, wallClock, version, backoff, stopBound, writerQueue, profiles, portBackoff, stuckAfter, failpoint);
    }

    public GatewayOptions withProfiles(TopicRoutes.ProfileParsers profiles) {
        return new GatewayOptions(clock, wallClock, version, webhookBackoff, stopBound, writerQueue, profiles, portBackoff, stuckAfter, failpoint);
    }

    public GatewayOptions withPortBackoff(org.doorwatch.drivers.Backoff backoff) {
        return new GatewayOptions(clock, wallClock, version, webhookBackoff, stopBound, writerQueue, profiles, backoff,
                stuckAfter, failpoint);
    }

    public GatewayOptions withStuckAfter(Duration d) {
        return new GatewayOptions(clock, wallClock, version, webhookBackoff, stopBound, writerQueue, profiles, portBackoff, d,
                failpoint);
    }

    public GatewayOptions withFailpoint(String f) {
        return new GatewayOptions(clock, wallClock, version, webhookBackoff, stopBound, writerQueue, profiles, portBackoff,
                stuckAfter, f);
    }

    /** The jar's Implementation-Version, or {@code dev} when run from classes. */
    static String version(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

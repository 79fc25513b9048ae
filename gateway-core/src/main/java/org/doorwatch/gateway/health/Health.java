package org.doorwatch.gateway.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /health} reports: the broker, the database and every event source, each up
 * or down with a reason. Components report their own state when it changes; the HTTP handler
 * only reads this registry, so a health probe never waits on I/O.
 *
 * <p>A serial line or TCP device server (issue 5) is "another source": its driver calls
 * {@link #source(String, boolean, String)}, which has the shape of the drivers'
 * {@code SourceStatusListener.onStatus}.
 */
public final class Health {

    /** The component that says whether the gateway's MQTT connections are up. */
    public static final String BROKER = "broker";
    /** The writer, delivery and ingest threads (issue 19's watchdog). */
    public static final String THREADS = "threads";
    /** The SQLite store. */
    public static final String DATABASE = "database";

    /** One component's state. {@code reason} says why it is down, or what it is when up. */
    public record Check(boolean up, String reason, Instant since) {}

    private final Clock clock;
    private final Map<String, Check> components = new ConcurrentHashMap<>();
    private final Map<String, Check> sources = new ConcurrentHashMap<>();

    public Health(Clock clock) {
        this.clock = clock;
    }

    public void component(String name, boolean up, String reason) {
        update(components, name, up, reason);
    }

    /** A source of door events ({@code mqtt}, {@code serial:bus-1}, {@code tcp:gw-7} ...). */
    public void source(String name, boolean up, String reason) {
        update(sources, name, up, reason);
    }

    /** Forgets a source that no longer exists (after a reconfigure). */
    public void removeSource(String name) {
        sources.remove(name);
    }

    public Map<String, Check> components() {
        return sorted(components);
    }

    public Map<String, Check> sources() {
        return sorted(sources);
    }

    /**
     * The top-level status of {@code /health}: {@code down} when the broker connection or the
     * database is down (alerts can be neither stored nor sent), {@code degraded} when they are up
     * but some event source is down (a serial line, a device server, MQTT ingest: the doors
     * behind it are not heard), else {@code up}. Only {@code up} answers 200.
     */
    public String status() {
        boolean core = components.containsKey(BROKER) && components.containsKey(DATABASE)
                && components.values().stream().allMatch(Check::up);
        if (!core) {
            return "down";
        }
        return sources.values().stream().allMatch(Check::up) ? "up" : "degraded";
    }

    /** True when the broker, the database and every source are up. */
    public boolean allUp() {
        return components.containsKey(BROKER) && components.containsKey(DATABASE)
                && components.values().stream().allMatch(Check::up)
                && sources.values().stream().allMatch(Check::up);
    }

    private void update(Map<String, Check> map, String name, boolean up, String reason) {
        Objects.requireNonNull(name, "name");
        map.compute(name, (k, old) -> old != null && old.up() == up && Objects.equals(old.reason(), reason)
                ? old : new Check(up, reason, old != null && old.up() == up ? old.since() : clock.instant()));
    }

    private static Map<String, Check> sorted(Map<String, Check> map) {
        Map<String, Check> out = new LinkedHashMap<>();
        map.keySet().stream().sorted().forEach(k -> out.put(k, map.get(k)));
        return out;
    }
}

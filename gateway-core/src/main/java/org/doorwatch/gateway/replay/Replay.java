package org.doorwatch.gateway.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.json.EventJson;
import org.doorwatch.drivers.json.ParsedEvent;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.alert.AlertOrder;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.rules.Rejection;
import org.doorwatch.rules.WatchEngine;

/**
 * A deterministic run on virtual time (SPEC section 2): events in as JSON Lines, every alert
 * out as JSON Lines, nothing else on the output.
 *
 * <p>The virtual clock starts at the first valid event's {@code ts} (every household comes
 * under watch then) and only moves forward: each event is applied at max(clock, ts), after the
 * deadlines before it. At the end the clock runs to {@code --until}, or, without it, until no
 * deadline is pending (every escalation has run its course). Alerts are streamed, buffered
 * only while they share a {@code ts}, so that ties print in SPEC order.
 *
 * <p>A line that is not a valid event is reported on the error stream with its line number
 * and skipped; it never stops the run.
 */
public final class Replay {

    private final GatewayConfig config;
    private final Instant until;
    private final WatchEngine engine;
    private final List<Alert> sameInstant = new ArrayList<>();
    private Writer out;
    private long alertsWritten;

    /** @param until stop the clock here, or null to run until nothing is pending */
    public Replay(GatewayConfig config, Instant until) {
        this.config = config;
        this.until = until;
        this.engine = new WatchEngine(config.engine());
    }

    /** What a run did, for the closing line on the error stream. */
    public record Summary(long lines, long events, long badLines, long afterUntil, long alerts, Instant from, Instant to) {}

    public Summary run(BufferedReader events, String eventsName, Writer out, PrintStream err) throws IOException {
        this.out = out;
        long lineNo = 0;
        long applied = 0;
        long bad = 0;
        long skipped = 0;
        Instant first = null;
        String line;
        while ((line = events.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            ParsedEvent parsed = EventJson.parse(line, config.zone(), null, null);
            if (!parsed.isOk()) {
                bad++;
                err.println(eventsName + ":" + lineNo + ": " + parsed.message() + "; line skipped");
                continue;
            }
            DoorEvent e = parsed.event();
            Rejection rejection = engine.check(e);
            if (rejection != null) {
                bad++;
                err.println(eventsName + ":" + lineNo + ": " + rejection.message() + "; line skipped");
                continue;
            }
            if (until != null && e.ts().isAfter(until)) {
                skipped++;
                continue;
            }
            if (!engine.isStarted()) {
                first = e.ts();
                engine.start(first);
            }
            emit(engine.apply(e, e.ts()));
            engine.commit();
            applied++;
        }
        if (!engine.isStarted() && until != null) {
            first = until;
            engine.start(until);
        }
        if (engine.isStarted()) {
            emit(until != null ? engine.advance(until) : engine.drain());
            engine.commit();
        }
        flush();
        out.flush();
        return new Summary(lineNo, applied, bad, skipped, alertsWritten, first, engine.isStarted() ? engine.clock() : null);
    }

    private void emit(List<Alert> alerts) throws IOException {
        for (Alert a : alerts) {
            if (!sameInstant.isEmpty() && !sameInstant.get(0).ts().equals(a.ts())) {
                flush();
            }
            sameInstant.add(a);
        }
    }

    private void flush() throws IOException {
        sameInstant.sort(AlertOrder.REPLAY);
        for (Alert a : sameInstant) {
            out.write(AlertJson.toJson(a, config.zone()));
            out.write('\n');
            alertsWritten++;
        }
        sameInstant.clear();
    }
}

package org.doorwatch.simulator;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.DoorEvent;

/**
 * Plays a timeline in (accelerated) real time: each event leaves through its device's output
 * when the simulated clock reaches its time, and a progress line tells how far it got.
 */
final class Simulator {


    private final Map<String, Output> byDevice;
    private final List<ModbusOutput> modbus = new ArrayList<>();
    private final List<UhppoteOutput> controllers = new ArrayList<>();
    private final SimClock clock;
    private final Clock real;
    private final PrintStream progress;
    private final Duration progressEvery;
    private final AlertWatcher alerts;
    private final PrintStream story;
    private final SimTime time;
    private final java.util.ArrayDeque<Incident.Milestone> milestones;
    private final Map<String, Long> sent = new LinkedHashMap<>();
    private long skipped;
    /** How far behind its real due time the latest send was, at worst since the last progress line. */
    private Duration lateMax = Duration.ZERO;
    private long unrouted;
    private Instant simNow;
    private volatile boolean stopped;

    /**
     * @param story      where the incidents' milestones are told as simulated time reaches them
     *                   (the same stream as the alerts, so that cause and effect read in order),
     *                   or null
     */
    Simulator(Map<String, Output> byDevice, SimClock clock, Clock real, ZoneId zone, PrintStream progress,
              Duration progressEvery, AlertWatcher alerts, List<Incident> incidents, PrintStream story) {
        this.byDevice = byDevice;
        this.clock = clock;
        this.real = real;
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.alerts = alerts;
        this.story = story;
        this.time = new SimTime(clock.start(), zone);
        this.milestones = new java.util.ArrayDeque<>(incidents.stream().flatMap(i -> i.milestones().stream())
                .sorted(java.util.Comparator.comparing(Incident.Milestone::at)).toList());
        byDevice.values().stream().distinct().forEach(o -> {
            sent.putIfAbsent(o.transport(), 0L);
            if (o instanceof ModbusOutput m) {
                modbus.add(m);
            } else if (o instanceof UhppoteOutput u) {
                controllers.add(u);
            }
        });
        simNow = clock.start();
    }

    /**
     * Plays {@code timeline} until it ends or {@link #stop()}, then lets simulated time run on to
     * {@code end} (if given), so that the alerts the last events cause are seen; returns events
     * sent per transport.
     */
    Map<String, Long> run(Timeline timeline, Instant end) throws Exception {
        Instant nextProgress = real.instant().plus(progressEvery);
        while (!stopped && timeline.hasNext()) {
            DoorEvent e = timeline.next();
            Instant due = clock.realAt(e.ts());
            nextProgress = waitFor(due, nextProgress, timeline);
            Duration late = Duration.between(due, real.instant());
            if (late.compareTo(lateMax) > 0) {
                lateMax = late;
            }
            simNow = max(simNow, e.ts());
            tell(simNow);
            Output out = e.device() == null ? null : byDevice.get(e.device());
            if (out == null) {
                unrouted++;
            } else if (out.send(e)) {
                sent.merge(out.transport(), 1L, Long::sum);
            } else {
                skipped++;
            }
        }
        if (end != null) {
            waitFor(clock.realAt(end), nextProgress, timeline);
        }
        printProgress();
        return sent;
    }

    /** Paces to the real instant {@code due}, telling milestones and printing progress meanwhile. */
    private Instant waitFor(Instant due, Instant nextProgress, Timeline timeline) throws InterruptedException {
        while (!stopped) {
            Instant now = real.instant();
            simNow = max(simNow, clock.simAt(now));
            tell(simNow);
            updateOutages(timeline, simNow);
            if (!now.isBefore(nextProgress)) {
                printProgress();
                nextProgress = now.plus(progressEvery);
            }
            if (!now.isBefore(due)) {
                break;
            }
            long waitMs = Math.min(Duration.between(now, due).toMillis(), Duration.between(now, nextProgress).toMillis());
            TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(waitMs, 250))); // pacing to the simulated clock
        }
        return nextProgress;
    }

    /** Tells the milestones simulated time has reached. */
    private void tell(Instant upTo) {
        while (!milestones.isEmpty() && !milestones.peek().at().isAfter(upTo)) {
            Incident.Milestone m = milestones.poll();
            if (story != null) {
                story.printf("%s  INCIDENT %s%n", time.format(m.at()), m.text());
            }
        }
    }

    void stop() {
        stopped = true;
    }

    private void updateOutages(Timeline timeline, Instant at) {
        for (ModbusOutput m : modbus) {
            m.updateOutages(device -> timeline.deviceDown(device, at));
        }
        for (UhppoteOutput u : controllers) {
            u.updateOutages(device -> timeline.deviceDown(device, at));
        }
    }

    void printProgress() {
        // the same "2026-11-23 04:00 day1" as alert and incident lines: calendar days of the site
        StringBuilder sb = new StringBuilder("sim ").append(time.format(simNow)).append(" | sent");
        sent.forEach((t, n) -> sb.append(' ').append(t).append(' ').append(n));
        if (lateMax.toMillis() >= 100) {
            // the simulator could not keep up with --speed: events left late by up to this much
            sb.append(" | behind by up to ").append(lateMax.toMillis()).append(" ms");
        }
        lateMax = Duration.ZERO;
        if (skipped > 0) {
            sb.append(" | not carried by the protocol ").append(skipped);
        }
        if (unrouted > 0) {
            sb.append(" | no output ").append(unrouted);
        }
        if (alerts != null) {
            sb.append(" | alerts ").append(alerts.total());
            String summary = alerts.summary();
            if (!summary.isEmpty()) {
                sb.append(" (").append(summary).append(')');
            }
        }
        progress.println(sb);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

package org.doorwatch.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.DoorEvent;

/**
 * The rule engine: door events and staff actions in, alerts out, on a clock it is given.
 *
 * <p>The engine never reads a clock. Its clock moves only forward, to the instant of each call
 * and of each deadline it fires, so the same calls give the same alerts every time; tests run
 * days of virtual time in milliseconds. It is not thread-safe: one writer owns it.
 *
 * <p>Ordering, SPEC 6.4: {@link #apply} first fires every deadline strictly before the event's
 * instant, then applies the event; deadlines at exactly that instant fire afterwards
 * ({@link #advance}, or the next call). So an event and a deadline at the same instant: the
 * event first.
 *
 * <p>Transactions: every change since the last {@link #commit()} can be undone with
 * {@link #rollback()}, which puts the touched state back and re-queues its deadlines. The
 * gateway commits the engine only after SQLite committed the batch's alerts and state.
 *
 * <p>Rules: the elderly escalation (SPEC section 6), the security and police rules (SPEC section
 * 7) and routine deviation (SPEC section 11), all fed by the same {@link #apply}: an event is
 * attributed to its own household, else its device's; device rules run on configured devices.
 * Which events the engine can use, and whose they are, is the config's {@link Admission}; which
 * rule gets what is {@link EventRouter}'s; a rule sees the engine only through its
 * {@link RuleContext} ({@link EngineState}). Timed rules (elderly stages, routine NOTICEs and away
 * ends, device offline and held-open checks) share the one {@link DeadlineQueue}: a household
 * and a device each own one slot. A reload is {@link Reconfiguration}'s. This class is the
 * facade over them: lifecycle, clock, transactions and queries.
 *
 * <p>Lifecycle: construct, {@link #restore} persisted household and device states,
 * {@link #start} once, then {@code apply}/{@code advance} in any mix with non-decreasing
 * instants.
 */
public final class WatchEngine {

    private final EngineState state;
    private final EventRouter rules;
    private final Reconfiguration reconfiguration;

    private long clock = Long.MIN_VALUE;
    private boolean started;
    /** Restored devices covered by a group's alarm, put back in their groups at {@link #start}. */
    private final List<DeviceState> restoredGroups = new ArrayList<>();

    public WatchEngine(EngineConfig config) {
        state = new EngineState();
        rules = new EventRouter(state);
        reconfiguration = new Reconfiguration(state, rules);
        reconfiguration.install(config);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Puts back a household's persisted state; call before {@link #start}. A state for a
     * household no longer in the config is ignored.
     */
    public void restore(HouseholdState saved) {
        if (started) {
            throw new IllegalStateException("restore after start");
        }
        HouseholdWatch h = state.householdWatch(saved.household());
        if (h == null) {
            return;
        }
        h.last = Millis.of(saved.lastActivity());
        h.repeat = saved.episodeRepeat();
        h.watched = true;
        h.raised = Math.min(saved.stagesRaised(), h.plan.size());
        h.notified = saved.notifiedChannels();
        h.away = saved.away();
        h.awayUntil = saved.away() && saved.awayUntil() != null
                ? Millis.of(saved.awayUntil()) : HouseholdWatch.NO_END;
        h.visits = saved.visits().isEmpty() && saved.visitsQuietUntil() == null ? null
                : WindowCounter.of(state.settings().visitorCount(), millis(saved.visits()),
                        saved.visitsQuietUntil() == null ? WindowCounter.NOT_QUIET : Millis.of(saved.visitsQuietUntil()));
        h.watchNoticed = saved.watchNoticed() == null ? WatchWindowRule.NEVER : Millis.of(saved.watchNoticed());
        HouseholdState.Routine routine = saved.routine();
        if (h.routine != null && routine != null) {
            // A profile of another shape (learnDays changed since) is not misread: learning starts afresh.
            RoutineProfile profile = RoutineProfile.fromBytes(routine.profile(), h.plan.routine.learnDays());
            if (profile != null) {
                h.routine = profile;
            }
            h.routineNoticed = routine.noticed();
            h.routineNotified = routine.notifiedChannels();
            h.routineOwn = routine.ownSilence();
        }
    }

    /**
     * Puts back a device's persisted state (its last-heard time, open alarms, denial window);
     * call before {@link #start}. A state for a device no longer in the config is ignored.
     */
    public void restore(DeviceState saved) {
        if (started) {
            throw new IllegalStateException("restore after start");
        }
        DeviceWatch d = state.deviceWatch(saved.device());
        if (d == null) {
            return;
        }
        d.lastHeard = Millis.of(saved.lastHeard());
        d.watched = true;
        d.offline = saved.offline();
        d.offlineAlarmed = saved.offline() && saved.offlineAlarmed();
        d.offlineNotified = saved.offlineChannels();
        d.backAt = saved.backAt() == null ? DeviceWatch.NEVER : Millis.of(saved.backAt());
        d.flaps = saved.flapSince() == null ? 0 : saved.flaps();
        d.flapSince = saved.flapSince() == null ? DeviceWatch.NEVER : Millis.of(saved.flapSince());
        d.group = null;
        if (saved.offline() && saved.group() != null && saved.groupSince() != null) {
            restoredGroups.add(saved);
        }
        d.faulty = saved.faulty();
        d.openedAt = saved.openedAt() == null ? DeviceWatch.NEVER : Millis.of(saved.openedAt());
        d.open = saved.open() && d.openedAt != DeviceWatch.NEVER;
        d.heldOpenAlarmed = d.open && saved.heldOpenAlarmed();
        d.heldOpenNotified = saved.heldOpenChannels();
        d.denials = saved.denials().isEmpty() && saved.denialsQuietUntil() == null ? null
                : WindowCounter.of(d.rules.deniedBurstCount(), millis(saved.denials()),
                        saved.denialsQuietUntil() == null ? WindowCounter.NOT_QUIET : Millis.of(saved.denialsQuietUntil()));
    }

    /**
     * Starts the clock at {@code at}. Every household without a restored state comes under
     * watch now (L = {@code at}), and so does every device (last heard = {@code at});
     * deadlines that passed while the gateway was down are due at once and fire on the first
     * {@link #advance}, each once (SPEC 6.7).
     */
    public void start(Instant at) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        clock = Millis.of(at);
        for (HouseholdWatch h : state.households()) {
            if (!h.watched) {
                state.touch(h);
                h.watched = true;
                h.last = clock;
            }
            rules.settle(h);
            rules.reschedule(h);
        }
        for (DeviceWatch d : state.devices()) {
            if (!d.watched) {
                state.touch(d);
                d.watched = true;
                d.lastHeard = clock;
            }
            rules.settle(d);
        }
        rules.regroup(state.devices());
        for (DeviceState saved : restoredGroups) {
            DeviceWatch d = state.deviceWatch(saved.device());
            if (d != null && d.offline) {
                rules.restoreGroup(d, saved.group(), Millis.of(saved.groupSince()), saved.groupChannels());
            }
        }
        restoredGroups.clear();
        rules.regroup(state.devices());
        rules.recountDownDevices(state.households(), state.devices());
        for (DeviceWatch d : state.devices()) {
            rules.reschedule(d);
        }
    }

    public boolean isStarted() {
        return started;
    }

    // ---------------------------------------------------------------- events and time

    /**
     * Why the engine cannot use {@code e}, or null when it can ({@link Admission#check}). The
     * gateway counts these as bad input; {@link #apply} ignores such events.
     */
    public Rejection check(DoorEvent e) {
        return state.admission().check(e);
    }

    /**
     * Applies {@code e} at {@code at} (clamped to the engine clock, which only moves forward):
     * fires deadlines strictly before that instant, then the event. Returns the alerts raised,
     * in the order they were raised. An event {@link #check} refuses changes nothing but the
     * clock.
     */
    public List<Alert> apply(DoorEvent e, Instant at) {
        requireStarted();
        long now = Math.max(clock, Millis.of(at));
        fireDue(now, false, Integer.MAX_VALUE);
        clock = now;
        long admitted = state.admission().admit(e);
        if (admitted >= 0) {
            route(e, admitted, now);
        }
        return state.takeOutput();
    }

    /**
     * {@link #check} and {@link #apply} in one decision: an event the engine can use is
     * applied at {@code at}; one it cannot changes nothing (no deadline fires, the clock stays)
     * and comes back with its rejection. For callers that report refusals, like the gateway's
     * writer.
     */
    public Outcome offer(DoorEvent e, Instant at) {
        requireStarted();
        long admitted = state.admission().admit(e);
        if (admitted < 0) {
            return new Outcome(List.of(), Admission.rejection(admitted, e));
        }
        long now = Math.max(clock, Millis.of(at));
        fireDue(now, false, Integer.MAX_VALUE);
        clock = now;
        route(e, admitted, now);
        return new Outcome(state.takeOutput(), null);
    }

    /** What {@link #offer} made of an event: the alerts it raised, or why it was refused (then no alerts). */
    public record Outcome(List<Alert> alerts, Rejection rejection) {}

    /**
     * Moves the clock to {@code t} without firing anything: what fell due before {@code t} stays
     * due and fires on the next {@link #advance}, at {@code t}. The gateway's start-up hold applies
     * the events queued while it was down at their own time, then raises what is still overdue at
     * start-up (SPEC 6.7), as a start without a hold would have.
     */
    public void skipTo(Instant t) {
        requireStarted();
        clock = Math.max(clock, Millis.of(t));
    }

    /** Fires every deadline due at or before {@code now}, then sets the clock to it. */
    public List<Alert> advance(Instant now) {
        return advance(now, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #advance(Instant)} but fires at most {@code maxFires} deadlines, so that one
     * tick's work is bounded; {@link #nextDeadline()} then still answers a past instant and
     * the caller ticks again.
     */
    public List<Alert> advance(Instant now, int maxFires) {
        requireStarted();
        long t = Math.max(clock, Millis.of(now));
        fireDue(t, true, maxFires);
        if (state.queue.nextDue() > t) {
            clock = t;
        }
        return state.takeOutput();
    }

    /** Fires every pending deadline in order, each at its own instant. The end of a replay. */
    public List<Alert> drain() {
        requireStarted();
        fireDue(Long.MAX_VALUE, true, Integer.MAX_VALUE);
        return state.takeOutput();
    }

    /** When the engine next needs to be woken, or empty when nothing is pending. */
    public Optional<Instant> nextDeadline() {
        DeadlineQueue queue = state.queue;
        return queue.isEmpty() ? Optional.empty() : Optional.of(Millis.toInstant(queue.nextDue()));
    }

    /** The engine clock: the latest instant it has been moved to. */
    public Instant clock() {
        return Millis.toInstant(clock);
    }

    // ---------------------------------------------------------------- transactions

    /** The state of every household changed since the last commit or rollback. */
    public List<HouseholdState> changes() {
        List<HouseholdWatch> changed = state.changedHouseholds();
        List<HouseholdState> states = new ArrayList<>(changed.size());
        for (HouseholdWatch h : changed) {
            if (h.watched) {
                states.add(stateOf(h));
            }
        }
        return states;
    }

    /** The state of every device changed since the last commit or rollback, to persist beside {@link #changes()}. */
    public List<DeviceState> deviceChanges() {
        List<DeviceWatch> changed = state.changedDevices();
        List<DeviceState> states = new ArrayList<>(changed.size());
        for (DeviceWatch d : changed) {
            if (d.watched) {
                states.add(stateOf(d));
            }
        }
        return states;
    }

    /** Accepts every change since the last commit; they can no longer be rolled back. */
    public void commit() {
        state.commit();
    }

    /** Undoes every change since the last commit and re-queues the touched deadlines. */
    public void rollback() {
        state.undo();
        for (HouseholdWatch h : state.changedHouseholds()) {
            rules.reschedule(h);
        }
        for (DeviceWatch d : state.changedDevices()) {
            rules.reschedule(d);
        }
        state.clearChanged();
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Applies a new configuration at {@code at}, keeping every remaining household's L, raised
     * stages and away state: changed thresholds re-queue its next stage from the same L, so no
     * stage is raised twice. Added households come under watch at {@code at}; removed ones are
     * dropped. Devices likewise: a kept device keeps its last-heard time, open alarms and
     * denials (the window of a changed count keeps its newest); an added one counts as heard at
     * {@code at}. A rule switched off forgets its open state without a RESOLVED. A reconfigure
     * cannot be rolled back; the households and devices it changed are in {@link #changes()}
     * and {@link #deviceChanges()} for the caller to persist. Deadlines due strictly before
     * {@code at} fire first, under the old config; their alerts are returned.
     */
    public List<Alert> reconfigure(EngineConfig next, Instant at) {
        requireStarted();
        long now = Math.max(clock, Millis.of(at));
        fireDue(now, false, Integer.MAX_VALUE);
        reconfiguration.apply(next, now);
        clock = now;
        return state.takeOutput();
    }

    public EngineConfig config() {
        return state.config();
    }

    // ---------------------------------------------------------------- queries

    /** The household's current state, or null for an unknown household. */
    public HouseholdState state(String household) {
        HouseholdWatch h = state.householdWatch(household);
        return h == null || !h.watched ? null : stateOf(h);
    }

    /** The instant of the household's next deadline (stage or away end), or null. */
    public Instant nextDeadline(String household) {
        HouseholdWatch h = state.householdWatch(household);
        return h == null || !h.isQueued() ? null : Millis.toInstant(h.due);
    }

    public int householdCount() {
        return state.householdCount();
    }

    public int pendingDeadlines() {
        return state.queue.size();
    }

    /** The device's current state, or null for a device not in the config. */
    public DeviceState deviceState(String device) {
        DeviceWatch d = state.deviceWatch(device);
        return d == null || !d.watched ? null : stateOf(d);
    }

    /** The instant of the device's next deadline (offline or held-open check), or null. */
    public Instant nextDeviceDeadline(String device) {
        DeviceWatch d = state.deviceWatch(device);
        return d == null || !d.isQueued() ? null : Millis.toInstant(d.due);
    }

    public int deviceCount() {
        return state.deviceCount();
    }

    // ---------------------------------------------------------------- internals

    /** Gives an admitted event to the rules, with the household and device it is attributed to. */
    private void route(DoorEvent e, long admitted, long now) {
        int household = Admission.householdSlot(admitted);
        int device = Admission.deviceSlot(admitted);
        rules.route(e, state.admission().household(e, admitted),
                household < 0 ? null : state.households()[household],
                device < 0 ? null : state.devices()[device], now);
    }

    private void fireDue(long limit, boolean inclusive, int maxFires) {
        DeadlineQueue queue = state.queue;
        int fired = 0;
        while (fired < maxFires) {
            Deadline d = queue.peek();
            if (d == null || d.due > limit || (!inclusive && d.due == limit)) {
                return;
            }
            queue.cancel(d);
            clock = Math.max(clock, d.due);
            d.fire(clock, rules);
            fired++;
        }
    }

    private HouseholdState stateOf(HouseholdWatch h) {
        return new HouseholdState(h.id, Millis.toInstant(h.last), h.raised, h.notified, h.away,
                h.away && h.awayUntil != HouseholdWatch.NO_END ? Millis.toInstant(h.awayUntil) : null,
                h.visits == null ? List.of() : instants(h.visits.times()),
                h.visits == null || h.visits.quietUntil == WindowCounter.NOT_QUIET ? null : Millis.toInstant(h.visits.quietUntil),
                h.watchNoticed == WatchWindowRule.NEVER ? null : Millis.toInstant(h.watchNoticed),
                h.repeat,
                h.routine == null ? null
                        : new HouseholdState.Routine(h.routine.toBytes(), h.routineNoticed, h.routineNotified, h.routineOwn));
    }

    private DeviceState stateOf(DeviceWatch d) {
        return new DeviceState(d.id, Millis.toInstant(d.lastHeard), d.offline, d.offlineNotified, d.faulty,
                d.open, d.openedAt == DeviceWatch.NEVER ? null : Millis.toInstant(d.openedAt),
                d.heldOpenAlarmed, d.heldOpenNotified,
                d.denials == null ? List.of() : instants(d.denials.times()),
                d.denials == null || d.denials.quietUntil == WindowCounter.NOT_QUIET ? null : Millis.toInstant(d.denials.quietUntil),
                d.offlineAlarmed,
                d.backAt == DeviceWatch.NEVER ? null : Millis.toInstant(d.backAt),
                d.flaps,
                d.flapSince == DeviceWatch.NEVER ? null : Millis.toInstant(d.flapSince),
                d.group == null ? null : d.group.key,
                d.group == null ? null : Millis.toInstant(d.group.since),
                d.group == null ? List.of() : d.group.channels);
    }

    private static List<Instant> instants(List<Long> millis) {
        List<Instant> out = new ArrayList<>(millis.size());
        millis.forEach(m -> out.add(Millis.toInstant(m)));
        return out;
    }

    private static List<Long> millis(List<Instant> instants) {
        List<Long> out = new ArrayList<>(instants.size());
        instants.forEach(t -> out.add(Millis.of(t)));
        return out;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("engine not started");
        }
    }
}

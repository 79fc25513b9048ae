package org.doorwatch.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Routes;

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
 * <p>Lifecycle: construct, {@link #restore} persisted states, {@link #start} once, then
 * {@code apply}/{@code advance} in any mix with non-decreasing instants.
 */
public final class WatchEngine {

    private EngineConfig config;
    private final DeadlineQueue queue = new DeadlineQueue();
    private final Map<String, HouseholdWatch> households = new HashMap<>();
    private final Map<String, Device> devices = new HashMap<>();
    private final Map<String, StagePlan> plans = new HashMap<>();
    private final ElderlyInactivityRule elderly = new ElderlyInactivityRule(this);
    private final UndoLog undo = new UndoLog();
    /** Households touched since the last commit or rollback, each once (see {@code dirty}). */
    private final ArrayList<HouseholdWatch> changed = new ArrayList<>();

    private long clock = Long.MIN_VALUE;
    private boolean started;
    private long nextOrder;
    /** Collects the alerts of the call in progress. */
    private ArrayList<Alert> out = new ArrayList<>();

    public WatchEngine(EngineConfig config) {
        this.config = config;
        indexPlans(config);
        for (Device d : config.devices()) {
            devices.put(d.id(), d);
        }
        nextOrder = config.devices().size();
        for (Household h : config.households()) {
            households.put(h.id(), new HouseholdWatch(h.id(), h, planFor(h), nextOrder++));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Puts back a household's persisted state; call before {@link #start}. A state for a
     * household no longer in the config is ignored.
     */
    public void restore(HouseholdState state) {
        if (started) {
            throw new IllegalStateException("restore after start");
        }
        HouseholdWatch h = households.get(state.household());
        if (h == null) {
            return;
        }
        h.last = Millis.of(state.lastActivity());
        h.watched = true;
        h.raised = Math.min(state.stagesRaised(), h.plan.size());
        h.notified = state.notifiedChannels();
        h.away = state.away();
        h.awayUntil = state.away() && state.awayUntil() != null
                ? Millis.of(state.awayUntil()) : HouseholdWatch.NO_END;
    }

    /**
     * Starts the clock at {@code at}. Every household without a restored state comes under
     * watch now (L = {@code at}); deadlines that passed while the gateway was down are due at
     * once and fire on the first {@link #advance}, each once (SPEC 6.7).
     */
    public void start(Instant at) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        clock = Millis.of(at);
        for (HouseholdWatch h : households.values()) {
            if (!h.watched) {
                touch(h);
                h.watched = true;
                h.last = clock;
            }
            elderly.reschedule(h);
        }
    }

    public boolean isStarted() {
        return started;
    }

    // ---------------------------------------------------------------- events and time

    /**
     * Why the engine cannot use {@code e}, or null when it can. The gateway counts these as bad
     * input; {@link #apply} ignores such events.
     */
    public Rejection check(DoorEvent e) {
        if (e.type().isStaffAction() && e.household() == null) {
            return new Rejection("missing-household", e.type() + " needs a household");
        }
        if (e.household() != null && !households.containsKey(e.household())) {
            return new Rejection("unknown-household", "unknown household '" + e.household() + "'");
        }
        if (!e.type().isStaffAction() && e.device() != null && !devices.containsKey(e.device())
                && e.household() == null) {
            return new Rejection("unknown-device", "unknown device '" + e.device() + "' and no household given");
        }
        if (!e.type().isStaffAction() && e.device() == null && e.household() == null) {
            return new Rejection("missing-household", e.type() + " names neither a device nor a household");
        }
        long ts = Millis.of(e.ts());
        if (ts == Long.MIN_VALUE || ts == Long.MAX_VALUE) {
            return new Rejection("bad-timestamp", "timestamp out of range: " + e.ts());
        }
        return null;
    }

    /**
     * Applies {@code e} at {@code at} (clamped to the engine clock, which only moves forward):
     * fires deadlines strictly before that instant, then the event. Returns the alerts raised,
     * in the order they were raised.
     */
    public List<Alert> apply(DoorEvent e, Instant at) {
        requireStarted();
        long now = Math.max(clock, Millis.of(at));
        fireDue(now, false, Integer.MAX_VALUE);
        clock = now;
        if (check(e) == null) {
            dispatch(e, now);
        }
        return takeOutput();
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
        if (queue.nextDue() > t) {
            clock = t;
        }
        return takeOutput();
    }

    /** Fires every pending deadline in order, each at its own instant. The end of a replay. */
    public List<Alert> drain() {
        requireStarted();
        fireDue(Long.MAX_VALUE, true, Integer.MAX_VALUE);
        return takeOutput();
    }

    /** When the engine next needs to be woken, or empty when nothing is pending. */
    public Optional<Instant> nextDeadline() {
        return queue.isEmpty() ? Optional.empty() : Optional.of(Millis.toInstant(queue.nextDue()));
    }

    /** The engine clock: the latest instant it has been moved to. */
    public Instant clock() {
        return Millis.toInstant(clock);
    }

    // ---------------------------------------------------------------- transactions

    /** The state of every household changed since the last commit or rollback. */
    public List<HouseholdState> changes() {
        List<HouseholdState> states = new ArrayList<>(changed.size());
        for (HouseholdWatch h : changed) {
            if (households.get(h.id) == h && h.watched) {
                states.add(stateOf(h));
            }
        }
        return states;
    }

    /** Accepts every change since the last commit; they can no longer be rolled back. */
    public void commit() {
        undo.commit();
        clearChanged();
    }

    /** Undoes every change since the last commit and re-queues the touched deadlines. */
    public void rollback() {
        undo.rollback();
        for (HouseholdWatch h : changed) {
            if (households.get(h.id) == h) {
                elderly.reschedule(h);
            }
        }
        clearChanged();
    }

    // ---------------------------------------------------------------- configuration

    /**
     * Applies a new configuration at {@code at}, keeping every remaining household's L, raised
     * stages and away state: changed thresholds re-queue its next stage from the same L, so no
     * stage is raised twice. Added households come under watch at {@code at}; removed ones are
     * dropped. A reconfigure cannot be rolled back; the households it changed are in
     * {@link #changes()} for the caller to persist. Deadlines due strictly before {@code at}
     * fire first, under the old config; their alerts are returned.
     */
    public List<Alert> reconfigure(EngineConfig next, Instant at) {
        requireStarted();
        long now = Math.max(clock, Millis.of(at));
        fireDue(now, false, Integer.MAX_VALUE);
        undo.commit();
        this.config = next;
        plans.clear();
        indexPlans(next);
        devices.clear();
        for (Device d : next.devices()) {
            devices.put(d.id(), d);
        }
        Map<String, HouseholdWatch> keep = new HashMap<>();
        for (Household h : next.households()) {
            HouseholdWatch w = households.get(h.id());
            if (w == null) {
                w = new HouseholdWatch(h.id(), h, planFor(h), nextOrder++);
                touch(w);
                w.watched = true;
                w.last = now;
            } else {
                StagePlan plan = planFor(h);
                if (w.raised > plan.size()) {
                    touch(w);
                    w.raised = plan.size();
                }
                w.household = h;
                w.plan = plan;
            }
            keep.put(h.id(), w);
        }
        for (HouseholdWatch old : households.values()) {
            if (!keep.containsKey(old.id)) {
                queue.cancel(old);
            }
        }
        households.clear();
        households.putAll(keep);
        for (HouseholdWatch w : households.values()) {
            elderly.reschedule(w);
        }
        clock = now;
        undo.commit();
        return takeOutput();
    }

    public EngineConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- queries

    /** The household's current state, or null for an unknown household. */
    public HouseholdState state(String household) {
        HouseholdWatch h = households.get(household);
        return h == null || !h.watched ? null : stateOf(h);
    }

    /** The instant of the household's next deadline (stage or away end), or null. */
    public Instant nextDeadline(String household) {
        HouseholdWatch h = households.get(household);
        return h == null || !h.isQueued() ? null : Millis.toInstant(h.due);
    }

    public int householdCount() {
        return households.size();
    }

    public int pendingDeadlines() {
        return queue.size();
    }

    // ---------------------------------------------------------------- for the rules

    ElderlyInactivityRule elderly() {
        return elderly;
    }

    DeadlineQueue queue() {
        return queue;
    }

    Routes routes() {
        return config.routes();
    }

    MessageTemplates templates() {
        return config.templates();
    }

    String siteId() {
        return config.siteId();
    }

    ZoneId zone() {
        return config.zone();
    }

    void emit(Alert alert) {
        out.add(alert);
    }

    /** Records {@code h}'s state for rollback and marks it changed. */
    void touch(HouseholdWatch h) {
        undo.touch(h);
        if (!h.dirty) {
            h.dirty = true;
            changed.add(h);
        }
    }

    /** The union of two channel lists in the config's canonical channel order. */
    List<String> union(List<String> a, List<String> b) {
        if (a.containsAll(b)) {
            return a;
        }
        List<String> merged = new ArrayList<>(a.size() + b.size());
        for (String c : config.channels()) {
            if (a.contains(c) || b.contains(c)) {
                merged.add(c);
            }
        }
        // Channels the config does not list (should not happen after validation) keep their order.
        for (String c : a) {
            if (!merged.contains(c)) merged.add(c);
        }
        for (String c : b) {
            if (!merged.contains(c)) merged.add(c);
        }
        return List.copyOf(merged);
    }

    // ---------------------------------------------------------------- internals

    private void dispatch(DoorEvent e, long now) {
        HouseholdWatch h = householdOf(e);
        if (h == null) {
            return;
        }
        switch (e.type()) {
            case DOOR_OPENED, ACCESS_GRANTED, CONFIRMED_WELL ->
                    elderly.onActivity(h, Millis.of(e.ts()), now, e.type(), e.by());
            case AWAY -> elderly.onAway(h, now, e.until() == null ? HouseholdWatch.NO_END : Millis.of(e.until()));
            case AWAY_CLEARED -> elderly.onAwayCleared(h, now);
            default -> { }
        }
    }

    /** The household an event is attributed to: its own, else its device's (SPEC section 4). */
    private HouseholdWatch householdOf(DoorEvent e) {
        String id = e.household();
        if (id == null && e.device() != null) {
            Device d = devices.get(e.device());
            id = d == null ? null : d.household();
        }
        return id == null ? null : households.get(id);
    }

    private void fireDue(long limit, boolean inclusive, int maxFires) {
        int fired = 0;
        while (fired < maxFires) {
            Deadline d = queue.peek();
            if (d == null || d.due > limit || (!inclusive && d.due == limit)) {
                return;
            }
            queue.cancel(d);
            clock = Math.max(clock, d.due);
            d.fire(clock, this);
            fired++;
        }
    }

    private List<Alert> takeOutput() {
        if (out.isEmpty()) {
            return List.of();
        }
        List<Alert> result = out;
        out = new ArrayList<>();
        return result;
    }

    private void clearChanged() {
        for (HouseholdWatch h : changed) {
            h.dirty = false;
        }
        changed.clear();
    }

    private HouseholdState stateOf(HouseholdWatch h) {
        return new HouseholdState(h.id, Millis.toInstant(h.last), h.raised, h.notified, h.away,
                h.away && h.awayUntil != HouseholdWatch.NO_END ? Millis.toInstant(h.awayUntil) : null);
    }

    private void indexPlans(EngineConfig c) {
        c.policies().forEach((name, p) -> plans.put(name, StagePlan.of(p)));
    }

    private StagePlan planFor(Household h) {
        return h.policy() == null ? StagePlan.NONE : plans.getOrDefault(h.policy(), StagePlan.NONE);
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("engine not started");
        }
    }
}

package org.doorwatch.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.RuleNames;

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
 * <p>Rules: the elderly escalation (SPEC section 6) and the security and police rules (SPEC
 * section 7), all fed by the same {@link #apply}: an event is attributed to its own household,
 * else its device's; device rules run on configured devices. Per event, in this order: the
 * device is heard (device-offline, maybe RESOLVED), the event's own rule (door-forced, tamper,
 * door-held-open, access-denied-burst, tenant-expired, visitor-frequency), then, for activity,
 * the elderly escalation and watch-window. Timed rules (elderly stages and away ends, device
 * offline and held-open checks) share the one {@link DeadlineQueue}: a household and a device
 * each own one slot. A rule listed in {@code RuleSettings.disabled} raises nothing.
 *
 * <p>Lifecycle: construct, {@link #restore} persisted household and device states,
 * {@link #start} once, then {@code apply}/{@code advance} in any mix with non-decreasing
 * instants.
 */
public final class WatchEngine {

    private EngineConfig config;
    private final DeadlineQueue queue = new DeadlineQueue();
    private final Map<String, HouseholdWatch> households = new HashMap<>();
    /** Configured devices in config order. */
    private final Map<String, DeviceWatch> devices = new LinkedHashMap<>();
    private final Map<String, StagePlan> plans = new HashMap<>();
    private final ElderlyInactivityRule elderly = new ElderlyInactivityRule(this);
    private final SecurityAlerts securityAlerts = new SecurityAlerts(this);
    private final DeviceOfflineRule deviceOffline = new DeviceOfflineRule(this, securityAlerts);
    private final DoorHeldOpenRule doorHeldOpen = new DoorHeldOpenRule(this, securityAlerts);
    private final DoorForcedRule doorForced = new DoorForcedRule(securityAlerts);
    private final TamperRule tamper = new TamperRule(securityAlerts);
    private final AccessDeniedBurstRule accessDeniedBurst = new AccessDeniedBurstRule(this, securityAlerts);
    private final VisitorFrequencyRule visitorFrequency = new VisitorFrequencyRule(this, securityAlerts);
    private final TenantExpiredRule tenantExpired = new TenantExpiredRule(securityAlerts);
    private final WatchWindowRule watchWindow = new WatchWindowRule(this, securityAlerts);
    private final UndoLog undo = new UndoLog();
    /** Households touched since the last commit or rollback, each once (see {@code dirty}). */
    private final ArrayList<HouseholdWatch> changed = new ArrayList<>();
    /** Devices touched since the last commit or rollback, each once. */
    private final ArrayList<DeviceWatch> changedDevices = new ArrayList<>();

    private long clock = Long.MIN_VALUE;
    private boolean started;
    /** Tie-break orders: devices count up from the bottom, so every device, even one added by a
     *  reconfigure, fires before any household due at the same instant. */
    private long nextDeviceOrder = Long.MIN_VALUE;
    private long nextOrder;
    /** Collects the alerts of the call in progress. */
    private ArrayList<Alert> out = new ArrayList<>();

    public WatchEngine(EngineConfig config) {
        this.config = config;
        indexPlans(config);
        for (Household h : config.households()) {
            households.put(h.id(), new HouseholdWatch(h.id(), h, planFor(h), nextOrder++));
        }
        for (Device d : config.devices()) {
            DeviceWatch w = new DeviceWatch(d, nextDeviceOrder++);
            w.household = d.household() == null ? null : households.get(d.household());
            devices.put(d.id(), w);
        }
        tenantExpired.index(config.tenancies());
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
        h.repeat = state.episodeRepeat();
        h.watched = true;
        h.raised = Math.min(state.stagesRaised(), h.plan.size());
        h.notified = state.notifiedChannels();
        h.away = state.away();
        h.awayUntil = state.away() && state.awayUntil() != null
                ? Millis.of(state.awayUntil()) : HouseholdWatch.NO_END;
        h.visits = state.visits().isEmpty() && state.visitsQuietUntil() == null ? null
                : WindowCounter.of(config.rules().visitorCount(), millis(state.visits()),
                        state.visitsQuietUntil() == null ? WindowCounter.NOT_QUIET : Millis.of(state.visitsQuietUntil()));
        h.watchNoticed = state.watchNoticed() == null ? WatchWindowRule.NEVER : Millis.of(state.watchNoticed());
    }

    /**
     * Puts back a device's persisted state (its last-heard time, open alarms, denial window);
     * call before {@link #start}. A state for a device no longer in the config is ignored.
     */
    public void restore(DeviceState state) {
        if (started) {
            throw new IllegalStateException("restore after start");
        }
        DeviceWatch d = devices.get(state.device());
        if (d == null) {
            return;
        }
        d.lastHeard = Millis.of(state.lastHeard());
        d.watched = true;
        d.offline = state.offline();
        d.offlineNotified = state.offlineChannels();
        d.faulty = state.faulty();
        d.openedAt = state.openedAt() == null ? DeviceWatch.NEVER : Millis.of(state.openedAt());
        d.open = state.open() && d.openedAt != DeviceWatch.NEVER;
        d.heldOpenAlarmed = d.open && state.heldOpenAlarmed();
        d.heldOpenNotified = state.heldOpenChannels();
        d.denials = state.denials().isEmpty() && state.denialsQuietUntil() == null ? null
                : WindowCounter.of(config.rules().deniedBurstCount(), millis(state.denials()),
                        state.denialsQuietUntil() == null ? WindowCounter.NOT_QUIET : Millis.of(state.denialsQuietUntil()));
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
        for (HouseholdWatch h : households.values()) {
            if (!h.watched) {
                touch(h);
                h.watched = true;
                h.last = clock;
            }
            elderly.reschedule(h);
        }
        for (DeviceWatch d : devices.values()) {
            if (!d.watched) {
                touchDevice(d);
                d.watched = true;
                d.lastHeard = clock;
            }
            normalize(d);
        }
        recountDownDevices();
        for (DeviceWatch d : devices.values()) {
            rescheduleDevice(d);
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

    /** The state of every device changed since the last commit or rollback, to persist beside {@link #changes()}. */
    public List<DeviceState> deviceChanges() {
        List<DeviceState> states = new ArrayList<>(changedDevices.size());
        for (DeviceWatch d : changedDevices) {
            if (devices.get(d.id) == d && d.watched) {
                states.add(stateOf(d));
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
        for (DeviceWatch d : changedDevices) {
            if (devices.get(d.id) == d) {
                rescheduleDevice(d);
            }
        }
        clearChanged();
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
        undo.commit();
        this.config = next;
        plans.clear();
        indexPlans(next);
        tenantExpired.index(next.tenancies());
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
        int visitorCount = next.rules().visitorCount();
        for (HouseholdWatch w : households.values()) {
            if (w.visits != null && w.visits.capacity() != visitorCount) {
                touch(w);
                w.visits = w.visits.resized(visitorCount);
            }
            elderly.reschedule(w);
        }
        Map<String, DeviceWatch> keepDevices = new LinkedHashMap<>();
        for (Device dev : next.devices()) {
            DeviceWatch d = devices.get(dev.id());
            if (d == null) {
                d = new DeviceWatch(dev, nextDeviceOrder++);
                touchDevice(d);
                d.watched = true;
                d.lastHeard = now;
            } else if (!dev.equals(d.device)) {
                touchDevice(d);
                d.device = dev;
            }
            d.household = dev.household() == null ? null : households.get(dev.household());
            normalize(d);
            keepDevices.put(dev.id(), d);
        }
        for (DeviceWatch old : devices.values()) {
            if (!keepDevices.containsKey(old.id)) {
                queue.cancel(old);
            }
        }
        devices.clear();
        devices.putAll(keepDevices);
        recountDownDevices();
        for (DeviceWatch d : devices.values()) {
            rescheduleDevice(d);
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

    /** The device's current state, or null for a device not in the config. */
    public DeviceState deviceState(String device) {
        DeviceWatch d = devices.get(device);
        return d == null || !d.watched ? null : stateOf(d);
    }

    /** The instant of the device's next deadline (offline or held-open check), or null. */
    public Instant nextDeviceDeadline(String device) {
        DeviceWatch d = devices.get(device);
        return d == null || !d.isQueued() ? null : Millis.toInstant(d.due);
    }

    public int deviceCount() {
        return devices.size();
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

    boolean enabled(String rule) {
        return config.rules().enabled(rule);
    }

    /** The configured household {@code id}, or null. */
    Household householdConfig(String id) {
        HouseholdWatch h = households.get(id);
        return h == null ? null : h.household;
    }

    /** Records {@code d}'s state for rollback and marks it changed. */
    void touchDevice(DeviceWatch d) {
        undo.touch(d);
        if (!d.dirty) {
            d.dirty = true;
            changedDevices.add(d);
        }
    }

    /** Records a window counter's state for rollback (its owner is touched separately). */
    void touchCounter(WindowCounter c) {
        undo.touch(c);
    }

    /** Keeps the household's count of down devices (sensorOffline) in step with {@code d}. */
    void downChanged(DeviceWatch d, boolean wasDown) {
        boolean down = d.down();
        if (down != wasDown && d.household != null) {
            touch(d.household);
            d.household.offlineDevices += down ? 1 : -1;
        }
    }

    /**
     * A device's slot is due: raise what is due at the slot's instant (held-open, then
     * offline) and re-queue the rest. Not what is due by {@code now}: after a rollback the clock
     * can be ahead of the slot, and a check due later than the slot must wait its turn among
     * the other deadlines (and behind an event at its instant).
     */
    void fireDevice(DeviceWatch d, long now) {
        long slot = d.due;
        doorHeldOpen.fire(d, now, slot);
        deviceOffline.fire(d, now, slot);
        rescheduleDevice(d);
    }

    /** Puts the device's one queue slot at the earlier of its pending checks. */
    void rescheduleDevice(DeviceWatch d) {
        long held = doorHeldOpen.due(d);
        long offline = deviceOffline.due(d);
        if (held == DeviceWatch.NO_CHECK && offline == DeviceWatch.NO_CHECK) {
            queue.cancel(d);
        } else {
            queue.schedule(d, held == DeviceWatch.NO_CHECK ? offline : offline == DeviceWatch.NO_CHECK ? held : Math.min(held, offline));
        }
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
        EventType type = e.type();
        if (type.isStaffAction()) {
            HouseholdWatch h = households.get(e.household());
            switch (type) {
                case CONFIRMED_WELL -> elderly.onActivity(h, Millis.of(e.ts()), now, type, e.by());
                case AWAY -> elderly.onAway(h, now, e.until() == null ? HouseholdWatch.NO_END : Millis.of(e.until()));
                default -> elderly.onAwayCleared(h, now);
            }
            return;
        }
        DeviceWatch d = e.device() == null ? null : devices.get(e.device());
        // The household an event is attributed to: its own, else its device's (SPEC section 4).
        String household = e.household() != null ? e.household() : d == null ? null : d.device.household();
        HouseholdWatch h = household == null ? null : households.get(household);
        if (d != null) {
            deviceOffline.onEvent(d, type, now);
        }
        switch (type) {
            case DOOR_FORCED -> {
                if (enabled(RuleNames.DOOR_FORCED)) doorForced.on(e, household, now);
            }
            case TAMPER, DEVICE_FAULT -> {
                if (enabled(RuleNames.TAMPER)) tamper.on(e, household, now);
            }
            case DOOR_OPENED -> {
                if (d != null && enabled(RuleNames.DOOR_HELD_OPEN)) doorHeldOpen.onOpened(d, e, now);
            }
            case DOOR_CLOSED -> {
                if (d != null && enabled(RuleNames.DOOR_HELD_OPEN)) doorHeldOpen.onClosed(d, e, now);
            }
            case DOOR_HELD_OPEN -> {
                if (enabled(RuleNames.DOOR_HELD_OPEN)) doorHeldOpen.onReported(d, e, household, now);
            }
            case ACCESS_DENIED -> {
                if (d != null && enabled(RuleNames.ACCESS_DENIED_BURST)) accessDeniedBurst.on(d, e, now);
            }
            case ACCESS_GRANTED -> {
                if (enabled(RuleNames.TENANT_EXPIRED)) tenantExpired.on(e, now);
            }
            case VISITOR_CALL, VISITOR_ADMITTED -> {
                if (h != null && enabled(RuleNames.VISITOR_FREQUENCY)) visitorFrequency.on(h, e, now);
            }
            default -> { }
        }
        if (d != null) {
            rescheduleDevice(d);
        }
        if (h != null && type.isActivity()) {
            elderly.onActivity(h, Millis.of(e.ts()), now, type, e.by());
            if (enabled(RuleNames.WATCH_WINDOW)) {
                watchWindow.on(h, e, now);
            }
        }
    }

    /** Brings a device's state in line with the rule settings (start, reconfigure). */
    private void normalize(DeviceWatch d) {
        if (d.offline && !enabled(RuleNames.DEVICE_OFFLINE)) {
            touchDevice(d);
            d.offline = false;
            d.offlineNotified = List.of();
        }
        if ((d.open || d.openedAt != DeviceWatch.NEVER) && !enabled(RuleNames.DOOR_HELD_OPEN)) {
            touchDevice(d);
            doorHeldOpen.forget(d);
        }
        int count = config.rules().deniedBurstCount();
        if (d.denials != null && d.denials.capacity() != count) {
            touchDevice(d);
            d.denials = d.denials.resized(count);
        }
    }

    /** Recomputes every household's count of down devices from the device states. */
    private void recountDownDevices() {
        Map<HouseholdWatch, Integer> down = new HashMap<>();
        for (DeviceWatch d : devices.values()) {
            if (d.down() && d.household != null) {
                down.merge(d.household, 1, Integer::sum);
            }
        }
        for (HouseholdWatch h : households.values()) {
            int n = down.getOrDefault(h, 0);
            if (h.offlineDevices != n) {
                touch(h);
                h.offlineDevices = n;
            }
        }
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
        for (DeviceWatch d : changedDevices) {
            d.dirty = false;
        }
        changedDevices.clear();
    }

    private HouseholdState stateOf(HouseholdWatch h) {
        return new HouseholdState(h.id, Millis.toInstant(h.last), h.raised, h.notified, h.away,
                h.away && h.awayUntil != HouseholdWatch.NO_END ? Millis.toInstant(h.awayUntil) : null,
                h.visits == null ? List.of() : instants(h.visits.times()),
                h.visits == null || h.visits.quietUntil == WindowCounter.NOT_QUIET ? null : Millis.toInstant(h.visits.quietUntil),
                h.watchNoticed == WatchWindowRule.NEVER ? null : Millis.toInstant(h.watchNoticed),
                h.repeat);
    }

    private DeviceState stateOf(DeviceWatch d) {
        return new DeviceState(d.id, Millis.toInstant(d.lastHeard), d.offline, d.offlineNotified, d.faulty,
                d.open, d.openedAt == DeviceWatch.NEVER ? null : Millis.toInstant(d.openedAt),
                d.heldOpenAlarmed, d.heldOpenNotified,
                d.denials == null ? List.of() : instants(d.denials.times()),
                d.denials == null || d.denials.quietUntil == WindowCounter.NOT_QUIET ? null : Millis.toInstant(d.denials.quietUntil));
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

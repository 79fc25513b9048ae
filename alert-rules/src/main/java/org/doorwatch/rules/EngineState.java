package org.doorwatch.rules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Alert;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Stage;

/**
 * The engine's state between calls: the config in force, the watches of its households and
 * devices (in arrays by their {@link Admission} slots: no map of its own), the one deadline
 * queue, the transaction in progress (undo log, changed watches) and the alerts of the call in
 * progress. The rules see it as their {@link RuleContext}; the engine, {@link EventRouter} and
 * {@link Reconfiguration} use the rest.
 */
final class EngineState implements RuleContext {

    final DeadlineQueue queue = new DeadlineQueue();
    private final UndoLog undo = new UndoLog();
    private EngineConfig config;
    /** The config's households and devices: which are known, and their slots. */
    private Admission admission;
    /** The watch of each configured household, by its slot. */
    private HouseholdWatch[] households;
    /** The watch of each configured device, by its slot (config order). */
    private DeviceWatch[] devices;
    /** Households touched since the last commit or rollback, each once (see {@code dirty}). */
    private final ArrayList<HouseholdWatch> changedHouseholds = new ArrayList<>();
    /** Devices touched since the last commit or rollback, each once. */
    private final ArrayList<DeviceWatch> changedDevices = new ArrayList<>();
    /** Collects the alerts of the call in progress. */
    private ArrayList<Alert> out = new ArrayList<>();

    /** Empty until {@link Reconfiguration#install} puts the first config in force. */
    EngineState() {
    }

    // ---------------------------------------------------------------- for the rules

    @Override
    public String siteId() {
        return config.siteId();
    }

    @Override
    public ZoneId zone() {
        return config.zone();
    }

    @Override
    public RuleSettings settings() {
        return config.rules();
    }

    @Override
    public boolean enabled(String rule) {
        return config.rules().enabled(rule);
    }

    @Override
    public List<String> route(String rule, Stage stage) {
        return config.routes().channels(rule, stage);
    }

    @Override
    public String render(String key, Map<String, String> values) {
        return config.templates().render(key, values);
    }

    @Override
    public Household household(String id) {
        int slot = admission.householdSlot(id);
        return slot < 0 ? null : admission.household(slot);
    }

    @Override
    public List<String> union(List<String> a, List<String> b) {
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

    @Override
    public void touch(HouseholdWatch h) {
        undo.touch(h);
        if (!h.dirty) {
            h.dirty = true;
            changedHouseholds.add(h);
        }
    }

    @Override
    public void touch(DeviceWatch d) {
        undo.touch(d);
        if (!d.dirty) {
            d.dirty = true;
            changedDevices.add(d);
        }
    }

    @Override
    public void touch(WindowCounter c) {
        undo.touch(c);
    }

    @Override
    public void touch(OfflineGroup g) {
        undo.touch(g);
    }

    @Override
    public void touch(RoutineProfile p) {
        undo.touch(p);
    }

    @Override
    public void schedule(Deadline d, long due) {
        queue.schedule(d, due);
    }

    @Override
    public void cancel(Deadline d) {
        queue.cancel(d);
    }

    @Override
    public void emit(Alert alert) {
        out.add(alert);
    }

    // ---------------------------------------------------------------- for the engine

    EngineConfig config() {
        return config;
    }

    /** Which households and devices are configured, and their slots. */
    Admission admission() {
        return admission;
    }

    /** The watch of configured household {@code id}, or null. */
    HouseholdWatch householdWatch(String id) {
        int slot = admission.householdSlot(id);
        return slot < 0 ? null : households[slot];
    }

    /** The watch of configured device {@code id}, or null. */
    DeviceWatch deviceWatch(String id) {
        int slot = admission.deviceSlot(id);
        return slot < 0 ? null : devices[slot];
    }

    /** The household watches by slot; not to be modified. */
    HouseholdWatch[] households() {
        return households;
    }

    /** The device watches by slot, in config order; not to be modified. */
    DeviceWatch[] devices() {
        return devices;
    }

    int householdCount() {
        return households.length;
    }

    int deviceCount() {
        return devices.length;
    }

    /** Puts {@code next}'s settings, routes and texts in force. */
    void configure(EngineConfig next) {
        config = next;
    }

    /** The configured households and devices from now on, with their watches by slot of {@code next}. */
    void install(Admission next, HouseholdWatch[] nextHouseholds, DeviceWatch[] nextDevices) {
        admission = next;
        households = nextHouseholds;
        devices = nextDevices;
    }

    /** The households changed since the last commit or rollback that are still configured. */
    List<HouseholdWatch> changedHouseholds() {
        List<HouseholdWatch> current = new ArrayList<>(changedHouseholds.size());
        for (HouseholdWatch h : changedHouseholds) {
            if (householdWatch(h.id) == h) {
                current.add(h);
            }
        }
        return current;
    }

    /** The devices changed since the last commit or rollback that are still configured. */
    List<DeviceWatch> changedDevices() {
        List<DeviceWatch> current = new ArrayList<>(changedDevices.size());
        for (DeviceWatch d : changedDevices) {
            if (deviceWatch(d.id) == d) {
                current.add(d);
            }
        }
        return current;
    }

    /** Makes the changes so far final: no rollback undoes them. They stay listed as changed. */
    void seal() {
        undo.commit();
    }

    /** Accepts every change: sealed, and no longer listed as changed. */
    void commit() {
        undo.commit();
        clearChanged();
    }

    /** Puts back every change since the last commit; the caller re-queues {@link #changedHouseholds()} and {@link #changedDevices()} before {@link #clearChanged()}. */
    void undo() {
        undo.rollback();
    }

    void clearChanged() {
        for (HouseholdWatch h : changedHouseholds) {
            h.dirty = false;
        }
        changedHouseholds.clear();
        for (DeviceWatch d : changedDevices) {
            d.dirty = false;
        }
        changedDevices.clear();
    }

    /** The alerts raised since the last call, handed over. */
    List<Alert> takeOutput() {
        if (out.isEmpty()) {
            return List.of();
        }
        List<Alert> result = out;
        out = new ArrayList<>();
        return result;
    }
}

package org.doorwatch.rules;

import java.util.HashMap;
import java.util.Map;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.DeviceRuleSettings;
import org.doorwatch.domain.Household;

/**
 * Puts a configuration in force: the first one (a watch for every household and device) and
 * each reload after it, keeping every remaining household's L, raised stages and away state
 * and every remaining device's last-heard time, open alarms and denials. Each device gets the
 * device-rule settings the config gives it ({@code RuleSettings.forDevice}: by its id, its
 * kind, the site's values, built-in ones).
 *
 * <p>It hands out the deadlines' tie-break orders: households count up from 0 in config order,
 * devices up from the bottom, so every device, even one added by a reload, fires before any
 * household due at the same instant.
 */
final class Reconfiguration {

    private final EngineState state;
    private final EventRouter router;
    private final Map<String, StagePlan> plans = new HashMap<>();
    private long nextDeviceOrder = Long.MIN_VALUE;
    private long nextOrder;

    Reconfiguration(EngineState state, EventRouter router) {
        this.state = state;
        this.router = router;
    }

    /** The first config: a watch for each household and device, none under watch yet (see {@code WatchEngine.start}). */
    void install(EngineConfig config) {
        Admission admission = Admission.of(config);
        indexPlans(config);
        HouseholdWatch[] households = new HouseholdWatch[admission.householdCount()];
        for (Household h : config.households()) {
            households[admission.householdSlot(h.id())] = new HouseholdWatch(h.id(), h, planFor(h), nextOrder++);
        }
        DeviceWatch[] devices = new DeviceWatch[admission.deviceCount()];
        Map<DeviceRuleSettings, DeviceRuleSettings> shared = new HashMap<>();
        for (Device d : config.devices()) {
            DeviceWatch w = new DeviceWatch(d, settingsOf(config, d, shared), nextDeviceOrder++);
            w.household = watchOf(d.household(), admission, households);
            devices[admission.deviceSlot(d.id())] = w;
        }
        state.configure(config);
        state.install(admission, households, devices);
        router.tenancies(config.tenancies());
    }

    /**
     * Puts {@code next} in force at {@code now} (see {@code WatchEngine.reconfigure}): changed
     * thresholds re-queue a household's next stage from the same L, so no stage is raised
     * twice; added households and devices come under watch at {@code now}; removed ones leave
     * the queue. Cannot be rolled back; what it changed is listed as changed.
     */
    void apply(EngineConfig next, long now) {
        state.seal();
        state.configure(next);
        plans.clear();
        indexPlans(next);
        router.tenancies(next.tenancies());
        Admission admission = Admission.of(next);
        // Until install below, the state still answers for the old config's watches.
        HouseholdWatch[] households = new HouseholdWatch[admission.householdCount()];
        for (Household h : next.households()) {
            HouseholdWatch w = state.householdWatch(h.id());
            if (w == null) {
                w = new HouseholdWatch(h.id(), h, planFor(h), nextOrder++);
                state.touch(w);
                w.watched = true;
                w.last = now;
            } else {
                StagePlan plan = planFor(h);
                if (w.raised > plan.size()) {
                    state.touch(w);
                    w.raised = plan.size();
                }
                w.household = h;
                w.plan = plan;
            }
            router.settle(w);
            households[admission.householdSlot(h.id())] = w;
        }
        for (HouseholdWatch old : state.households()) {
            if (admission.householdSlot(old.id) < 0) {
                state.cancel(old);
            }
        }
        int visitorCount = next.rules().visitorCount();
        for (HouseholdWatch w : households) {
            if (w.visits != null && w.visits.capacity() != visitorCount) {
                state.touch(w);
                w.visits = w.visits.resized(visitorCount);
            }
            router.reschedule(w);
        }
        DeviceWatch[] devices = new DeviceWatch[admission.deviceCount()];
        Map<DeviceRuleSettings, DeviceRuleSettings> shared = new HashMap<>();
        for (Device dev : next.devices()) {
            DeviceWatch d = state.deviceWatch(dev.id());
            DeviceRuleSettings rules = settingsOf(next, dev, shared);
            if (d == null) {
                d = new DeviceWatch(dev, rules, nextDeviceOrder++);
                state.touch(d);
                d.watched = true;
                d.lastHeard = now;
            } else if (!dev.equals(d.device) || !rules.equals(d.rules)) {
                state.touch(d);
                d.device = dev;
                d.rules = rules;
            }
            d.household = watchOf(dev.household(), admission, households);
            router.settle(d);
            devices[admission.deviceSlot(dev.id())] = d;
        }
        for (DeviceWatch old : state.devices()) {
            if (admission.deviceSlot(old.id) < 0) {
                state.cancel(old);
            }
        }
        state.install(admission, households, devices);
        router.regroup(devices);
        router.recountDownDevices(households, devices);
        for (DeviceWatch d : devices) {
            router.reschedule(d);
        }
        state.seal();
    }

    /** {@code d}'s device-rule settings under {@code config}; equal settings share one instance. */
    private static DeviceRuleSettings settingsOf(EngineConfig config, Device d,
                                                 Map<DeviceRuleSettings, DeviceRuleSettings> shared) {
        DeviceRuleSettings r = config.rules().forDevice(d);
        DeviceRuleSettings known = shared.putIfAbsent(r, r);
        return known != null ? known : r;
    }

    /** The watch of household {@code id} among {@code households}, or null. */
    private static HouseholdWatch watchOf(String id, Admission admission, HouseholdWatch[] households) {
        int slot = id == null ? -1 : admission.householdSlot(id);
        return slot < 0 ? null : households[slot];
    }

    private void indexPlans(EngineConfig c) {
        c.policies().forEach((name, p) -> plans.put(name, StagePlan.of(p)));
    }

    private StagePlan planFor(Household h) {
        return h.policy() == null ? StagePlan.NONE : plans.getOrDefault(h.policy(), StagePlan.NONE);
    }
}

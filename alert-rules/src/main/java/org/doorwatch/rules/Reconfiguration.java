package org.doorwatch.rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;

/**
 * Puts a configuration in force: the first one (a watch for every household and device) and
 * each reload after it, keeping every remaining household's L, raised stages and away state
 * and every remaining device's last-heard time, open alarms and denials.
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
        indexPlans(config);
        Map<String, HouseholdWatch> households = new HashMap<>();
        for (Household h : config.households()) {
            households.put(h.id(), new HouseholdWatch(h.id(), h, planFor(h), nextOrder++));
        }
        Map<String, DeviceWatch> devices = new LinkedHashMap<>();
        for (Device d : config.devices()) {
            DeviceWatch w = new DeviceWatch(d, nextDeviceOrder++);
            w.household = d.household() == null ? null : households.get(d.household());
            devices.put(d.id(), w);
        }
        state.configure(config);
        state.replaceHouseholds(households);
        state.replaceDevices(devices);
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
        Map<String, HouseholdWatch> keep = new HashMap<>();
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
            keep.put(h.id(), w);
        }
        for (HouseholdWatch old : state.householdWatches()) {
            if (!keep.containsKey(old.id)) {
                state.cancel(old);
            }
        }
        state.replaceHouseholds(keep);
        int visitorCount = next.rules().visitorCount();
        for (HouseholdWatch w : state.householdWatches()) {
            if (w.visits != null && w.visits.capacity() != visitorCount) {
                state.touch(w);
                w.visits = w.visits.resized(visitorCount);
            }
            router.reschedule(w);
        }
        Map<String, DeviceWatch> keepDevices = new LinkedHashMap<>();
        for (Device dev : next.devices()) {
            DeviceWatch d = state.deviceWatch(dev.id());
            if (d == null) {
                d = new DeviceWatch(dev, nextDeviceOrder++);
                state.touch(d);
                d.watched = true;
                d.lastHeard = now;
            } else if (!dev.equals(d.device)) {
                state.touch(d);
                d.device = dev;
            }
            d.household = dev.household() == null ? null : state.householdWatch(dev.household());
            router.settle(d);
            keepDevices.put(dev.id(), d);
        }
        for (DeviceWatch old : state.deviceWatches()) {
            if (!keepDevices.containsKey(old.id)) {
                state.cancel(old);
            }
        }
        state.replaceDevices(keepDevices);
        router.recountDownDevices(state.householdWatches(), state.deviceWatches());
        for (DeviceWatch d : state.deviceWatches()) {
            router.reschedule(d);
        }
        state.seal();
    }

    private void indexPlans(EngineConfig c) {
        c.policies().forEach((name, p) -> plans.put(name, StagePlan.of(p)));
    }

    private StagePlan planFor(Household h) {
        return h.policy() == null ? StagePlan.NONE : plans.getOrDefault(h.policy(), StagePlan.NONE);
    }
}

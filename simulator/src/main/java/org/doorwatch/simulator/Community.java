package org.doorwatch.simulator;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * The households and devices of one site, as the simulator plays them: read from a gateway
 * config, or generated.
 */
public record Community(String siteId, ZoneId zone, List<SimHousehold> households, List<SimDevice> devices) {

    public Community {
        households = List.copyOf(households);
        devices = List.copyOf(devices);
    }

    /**
     * The community a gateway config describes. A household's kind comes from its tags and
     * policy ({@code rental} tag: RENTAL; {@code elderly} tag or an inactivity policy: ELDERLY;
     * else FAMILY); its rhythm is the tag that names one ({@link SimHousehold.Rhythm#fromTags});
     * its door is the door contact attributed to it; its gate is the shared gate or
     * card reader whose id ends in its building number ({@code gate-3} for {@code 3-2-501}), else
     * the first shared one, among those whose {@code households} globs let it name the household
     * (the gateway refuses the others' events, SPEC 10); tenants' cards come from the config's
     * tenancies.
     */
    public static Community fromConfig(GatewayConfig config) {
        Map<String, String> doors = new LinkedHashMap<>();
        List<SimDevice> devices = new ArrayList<>();
        List<GatewayConfig.DeviceConfig> gates = new ArrayList<>();
        List<GatewayConfig.DeviceConfig> intercoms = new ArrayList<>();
        for (GatewayConfig.DeviceConfig d : config.devices()) {
            devices.add(new SimDevice(d.id(), d.kind(), d.household(), d.source()));
            if (d.household() != null) {
                doors.putIfAbsent(d.household(), d.id());
            } else if (d.kind().toLowerCase(Locale.ROOT).contains("intercom")) {
                intercoms.add(d);
            } else {
                gates.add(d);
            }
        }
        Map<String, List<String>> cards = new LinkedHashMap<>();
        for (Tenancy t : config.engine().tenancies()) {
            cards.computeIfAbsent(t.household(), h -> new ArrayList<>()).add(t.credential());
        }
        List<SimHousehold> households = new ArrayList<>();
        for (Household h : config.engine().households()) {
            Policy policy = h.policy() == null ? null : config.engine().policies().get(h.policy());
            SimHousehold.Kind kind = h.hasTag("rental") ? SimHousehold.Kind.RENTAL
                    : h.hasTag("elderly") || (policy != null && policy.inactivity() != null) ? SimHousehold.Kind.ELDERLY
                    : SimHousehold.Kind.FAMILY;
            List<String> credentials = cards.getOrDefault(h.id(), List.of(defaultCard(h.id())));
            households.add(new SimHousehold(h.id(), kind, doors.get(h.id()), pick(gates, h.id()),
                    pick(intercoms, h.id()), credentials, h.hasTag("watch"), SimHousehold.Rhythm.fromTags(h.tags())));
        }
        return new Community(config.siteId(), config.zone(), households, devices);
    }

    /** A stable, made-up card number for a household that has no tenancy records. */
    static String defaultCard(String household) {
        return String.format(Locale.ROOT, "card:%08X", household.hashCode());
    }

    private static String pick(List<GatewayConfig.DeviceConfig> all, String household) {
        List<GatewayConfig.DeviceConfig> shared = all.stream()
                .filter(d -> d.households().isEmpty() || d.households().stream().anyMatch(g -> g.matches(household)))
                .toList();
        if (shared.isEmpty()) {
            return null;
        }
        String building = household.contains("-") ? household.substring(0, household.indexOf('-')) : "";
        for (GatewayConfig.DeviceConfig d : shared) {
            if (!building.isEmpty() && d.id().endsWith("-" + building)) {
                return d.id();
            }
        }
        return shared.get(0).id();
    }

    /** The device with this id, or null. */
    public SimDevice device(String id) {
        for (SimDevice d : devices) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        return null;
    }

    public SimHousehold household(String id) {
        for (SimHousehold h : households) {
            if (h.id().equals(id)) {
                return h;
            }
        }
        return null;
    }
}

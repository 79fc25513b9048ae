package org.doorwatch.rules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.doorwatch.domain.Channels;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.MessageTemplates;
import org.doorwatch.domain.Policy;
import org.doorwatch.domain.Routes;
import org.doorwatch.domain.RuleSettings;
import org.doorwatch.domain.Tenancy;

/**
 * Everything the engine needs from the site's configuration, already validated and frozen.
 *
 * @param siteId     the site id; part of every alert id
 * @param zone       the site's time zone, for local-time rules and texts
 * @param channels   every channel id in canonical order (built-ins first); RESOLVED lists its
 *                   channels in this order
 * @param policies   policies by name
 * @param households households in config order
 * @param devices    devices in config order
 * @param tenancies  tenancy records of rental households
 * @param routes     the routing table with defaults applied
 * @param templates  alert texts
 * @param rules      parameters of the security and police rules
 */
public record EngineConfig(
        String siteId,
        ZoneId zone,
        List<String> channels,
        Map<String, Policy> policies,
        List<Household> households,
        List<Device> devices,
        List<Tenancy> tenancies,
        Routes routes,
        MessageTemplates templates,
        RuleSettings rules) {

    public EngineConfig {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(zone, "zone");
        channels = List.copyOf(channels);
        policies = Map.copyOf(policies);
        households = List.copyOf(households);
        devices = List.copyOf(devices);
        tenancies = List.copyOf(tenancies);
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(rules, "rules");
    }

    /** A config with default channels, routes, templates and rule settings. */
    public static EngineConfig of(
            String siteId, ZoneId zone, List<Policy> policies, List<Household> households, List<Device> devices) {
        Map<String, Policy> byName = new LinkedHashMap<>();
        policies.forEach(p -> byName.put(p.name(), p));
        return new EngineConfig(siteId, zone, Channels.BUILT_IN, byName, households, devices, List.of(),
                Routes.defaultRoutes(), MessageTemplates.defaults(), RuleSettings.defaults());
    }

    public EngineConfig withRoutes(Routes routes) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withRules(RuleSettings rules) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withTenancies(List<Tenancy> tenancies) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withHouseholds(List<Household> households) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withPolicies(List<Policy> policies) {
        Map<String, Policy> byName = new LinkedHashMap<>();
        policies.forEach(p -> byName.put(p.name(), p));
        return new EngineConfig(siteId, zone, channels, byName, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withDevices(List<Device> devices) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    public EngineConfig withTemplates(MessageTemplates templates) {
        return new EngineConfig(siteId, zone, channels, policies, households, devices, tenancies, routes, templates, rules);
    }

    /** Channels plus any extra ones in canonical order, duplicates removed. */
    public EngineConfig withChannels(List<String> extra) {
        List<String> all = new ArrayList<>(channels);
        extra.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return new EngineConfig(siteId, zone, all, policies, households, devices, tenancies, routes, templates, rules);
    }
}

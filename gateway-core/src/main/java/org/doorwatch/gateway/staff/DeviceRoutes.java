package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.health.Health;
import org.doorwatch.gateway.storage.ReadStore;

/** {@code /api/devices}: every door device in the caller's scope with its state and its transport's health. */
final class DeviceRoutes extends Routes {

    private final Health health;

    DeviceRoutes(Supplier<GatewayConfig> config, ReadStore reads, Health health) {
        super(config, reads);
        this.health = health;
    }

    Object devices(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Map<String, ReadStore.DeviceRow> states = reads.devices();
        Map<String, Health.Check> sources = health.sources();
        ArrayNode out = JSON.createArrayNode();
        for (GatewayConfig.DeviceConfig d : cfg.devices()) {
            if (!c.principal.scope().covers(d.household())) {
                continue; // an installer limited to some buildings sees their doors only
            }
            ReadStore.DeviceRow r = states.get(d.id());
            ObjectNode o = out.addObject();
            o.put("id", d.id());
            o.put("kind", d.kind());
            o.put("household", d.household());
            o.put("source", d.source());
            o.put("port", d.port());
            o.put("lastHeard", r == null ? null : time(r.lastHeard()));
            o.put("offline", r != null && r.offline());
            o.put("faulty", r != null && r.faulty());
            o.put("open", r != null && r.open());
            Health.Check t = transport(sources, d);
            ObjectNode ts = o.putObject("transport");
            ts.put("status", t == null ? "unknown" : t.up() ? "up" : "down");
            if (t != null && t.reason() != null) {
                ts.put(t.up() ? "detail" : "reason", t.reason());
            }
        }
        return JSON.createObjectNode().set("devices", out);
    }

    static Health.Check transport(Map<String, Health.Check> sources, GatewayConfig.DeviceConfig d) {
        if ("mqtt".equals(d.source()) || d.port() == null) {
            return sources.get(d.source());
        }
        for (String name : List.of(d.port(), d.source() + ":" + d.port(), "serial:" + d.port(), "tcp:" + d.port())) {
            if (sources.containsKey(name)) {
                return sources.get(name);
            }
        }
        return null;
    }
}

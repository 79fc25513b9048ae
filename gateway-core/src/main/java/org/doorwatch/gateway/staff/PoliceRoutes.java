package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.rules.Credentials;

/** {@code /api/police}: visitor and access activity with tenants, rentals, visitor-frequency evidence. */
final class PoliceRoutes extends Routes {

    private static final Set<String> VISITOR_TYPES = Set.of(EventType.VISITOR_CALL.name(), EventType.VISITOR_ADMITTED.name());
    private static final Set<String> POLICE_TYPES = Set.of(EventType.VISITOR_CALL.name(),
            EventType.VISITOR_ADMITTED.name(), EventType.ACCESS_GRANTED.name(), EventType.ACCESS_DENIED.name());

    private final Clock clock;

    PoliceRoutes(Supplier<GatewayConfig> config, ReadStore reads, Clock clock) {
        super(config, reads);
        this.clock = clock;
    }

    Object policeActivity(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        String household = c.param("household");
        String building = c.param("building");
        if ((household == null) == (building == null)) {
            throw ApiException.badRequest("give household=ID or building=B (the first part of household ids), one of them");
        }
        List<String> ids = new ArrayList<>();
        if (household != null) {
            ids.add(visibleHouseholdId(c, household));
        } else {
            for (Household h : cfg.engine().households()) {
                if (h.id().startsWith(building + "-") && Access.seesHousehold(c.principal, h.id())) {
                    ids.add(h.id());
                }
            }
            if (ids.isEmpty()) {
                throw ApiException.notFound("building");
            }
            c.detail = "building " + (building.matches("[A-Za-z0-9._:-]{1,32}") ? building : "?");
        }
        Instant from = c.time("from", clock.instant().minus(Duration.ofDays(7)));
        Instant to = c.time("to", NO_END); // device clocks may run ahead of the gateway's
        List<ReadStore.EventRow> rows = reads.events(ids, devicesOf(ids), POLICE_TYPES, from, to,
                c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            out.add(eventJson(e, cfg.tenants()));
        }
        c.detail = c.detail == null ? "tenants" : c.detail + " tenants";
        return JSON.createObjectNode().set("events", out);
    }

    String visibleHouseholdId(Call c, String id) {
        if (householdOf(id) != null) {
            c.household = id;
        }
        if (householdOf(id) == null || !Access.seesHousehold(c.principal, id)) {
            throw ApiException.notFound("household");
        }
        return id;
    }

    Object rentals(Call c) {
        GatewayConfig cfg = config.get();
        Instant now = clock.instant();
        ArrayNode out = JSON.createArrayNode();
        for (Household h : cfg.engine().households()) {
            if (!h.hasTag("rental") || !Access.seesHousehold(c.principal, h.id())) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("id", h.id());
            o.put("address", h.displayName());
            ArrayNode ts = o.putArray("tenancies");
            for (Tenancy t : cfg.engine().tenancies()) {
                if (t.household().equals(h.id())) {
                    ts.addObject().put("credential", Credentials.mask(t.credential()))
                            .put("tenant", cfg.tenants().get(t.credential()))
                            .put("from", time(t.from())).put("until", time(t.until()))
                            .put("active", t.covers(now));
                }
            }
        }
        c.detail = "tenants";
        return JSON.createObjectNode().set("rentals", out);
    }

    Object evidence(Call c) throws SQLException {
        ReadStore.AlertRow r = visibleAlert(c);
        if (!RuleNames.VISITOR_FREQUENCY.equals(r.rule())) {
            throw ApiException.notFound("visitor-frequency alert");
        }
        ObjectNode a = parse(r.json());
        JsonNode ev = a.path("evidence");
        Instant first = OffsetDateTime.parse(ev.path("firstVisit").asText()).toInstant();
        Instant last = OffsetDateTime.parse(ev.path("lastVisit").asText()).toInstant();
        List<ReadStore.EventRow> rows = reads.events(List.of(r.household()), devicesOf(List.of(r.household())),
                VISITOR_TYPES, first,
                last.plusMillis(1), ReadStore.MAX_ROWS);
        ArrayNode visits = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            visits.add(eventJson(e, config.get().tenants()));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("alert", a);
        out.set("visits", visits);
        return out;
    }
}

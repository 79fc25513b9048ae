package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Inactivity;
import org.doorwatch.domain.Policy;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.storage.ReadStore;

/**
 * {@code /api/households}: the board, one household (contacts by role), its timeline, its door
 * activity per day and hour ({@link DoorActivity}), and the staff actions on it (confirm well,
 * away, away cleared).
 */
final class HouseholdRoutes extends Routes {

    private final StaffWrites writes;
    private final Clock clock;

    HouseholdRoutes(Supplier<GatewayConfig> config, ReadStore reads, StaffWrites writes, Clock clock) {
        super(config, reads);
        this.writes = writes;
        this.clock = clock;
    }

    Object confirmWell(Call c) throws Exception {
        return act(c, EventType.CONFIRMED_WELL, null);
    }

    Object away(Call c) throws Exception {
        return act(c, EventType.AWAY, c.bodyTime("until"));
    }

    Object awayCleared(Call c) throws Exception {
        return act(c, EventType.AWAY_CLEARED, null);
    }

    Object act(Call c, EventType type, Instant until) throws Exception {
        Household h = visibleHousehold(c);
        String note = c.text("note", 500);
        c.audited = true;
        await(writes.act(type, h.id(), c.principal.name(), until, null, null, note, c.audit("allowed")));
        ObjectNode out = JSON.createObjectNode().put("household", h.id()).put("recorded", type.name());
        if (until != null) {
            out.put("until", time(until));
        }
        return out;
    }

    Object board(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Map<String, ReadStore.HouseholdRow> states = reads.households();
        Map<String, ReadStore.DeviceRow> devices = reads.devices();
        ArrayNode out = JSON.createArrayNode();
        for (Household h : cfg.engine().households()) {
            if (Access.seesHousehold(c.principal, h.id())) {
                out.add(householdJson(cfg, h, states.get(h.id()), devices));
            }
        }
        return JSON.createObjectNode().set("households", out);
    }

    Object household(Call c) throws SQLException {
        GatewayConfig cfg = config.get();
        Household h = visibleHousehold(c);
        ReadStore.HouseholdRow state = reads.households().get(h.id());
        ObjectNode o = householdJson(cfg, h, state, reads.devices());
        boolean visitOpen = "VISIT".equals(o.path("stage").asText()) && !o.path("away").asBoolean();
        if (Access.seesContacts(c.principal, h.id(), visitOpen)) {
            ArrayNode contacts = o.putArray("contacts");
            for (GatewayConfig.Contact k : cfg.contacts().getOrDefault(h.id(), List.of())) {
                contacts.addObject().put("name", k.name()).put("phone", k.phone());
            }
            c.detail = "contacts";
        }
        return o;
    }

    Object timeline(Call c) throws SQLException {
        Household h = visibleHousehold(c);
        Instant from = c.time("from", clock.instant().minus(Duration.ofDays(7)));
        Instant to = c.time("to", NO_END); // device clocks may run ahead of the gateway's
        List<ReadStore.EventRow> rows = reads.events(List.of(h.id()), devicesOf(List.of(h.id())), List.of(), from, to,
                c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.EventRow e : rows) {
            out.add(eventJson(e, null));
        }
        return JSON.createObjectNode().put("household", h.id()).set("events", out);
    }

    /** Door activity per day and hour of the site (issue 15: the alert page's picture of the last days). */
    Object activity(Call c) throws SQLException {
        Household h = visibleHousehold(c);
        int days = DoorActivity.days(c.param("days"));
        LocalDate today = clock.instant().atZone(zone()).toLocalDate();
        Instant from = today.minusDays(days - 1L).atStartOfDay(zone()).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone()).toInstant();
        List<ReadStore.EventRow> rows = reads.events(List.of(h.id()), devicesOf(List.of(h.id())), DoorActivity.TYPES,
                from, to, ReadStore.MAX_ROWS);
        return DoorActivity.grid(h.id(), rows, today, days, zone(), rows.size() >= ReadStore.MAX_ROWS);
    }

    ObjectNode householdJson(GatewayConfig cfg, Household h, ReadStore.HouseholdRow s,
                                     Map<String, ReadStore.DeviceRow> devices) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", h.id());
        o.put("address", h.displayName());
        ArrayNode tags = o.putArray("tags");
        h.tags().forEach(tags::add);
        o.put("policy", h.policy());
        o.put("lastActivity", s == null ? null : time(s.lastActivity()));
        o.put("stage", stageOf(cfg, h, s));
        o.put("away", s != null && s.away());
        o.put("awayUntil", s == null ? null : time(s.awayUntil()));
        ArrayNode sensors = o.putArray("sensors");
        for (Device d : cfg.engine().devices()) {
            if (h.id().equals(d.household())) {
                ReadStore.DeviceRow r = devices.get(d.id());
                sensors.addObject().put("device", d.id()).put("kind", d.kind())
                        .put("lastHeard", r == null ? null : time(r.lastHeard()))
                        .put("offline", r != null && r.offline()).put("faulty", r != null && r.faulty())
                        .put("open", r != null && r.open());
            }
        }
        return o;
    }

    /** The stage the household's current episode reached: NONE, WARNING, CALL_BACK or VISIT. */
    static String stageOf(GatewayConfig cfg, Household h, ReadStore.HouseholdRow s) {
        if (s == null || s.stagesRaised() == 0 || h.policy() == null) {
            return "NONE";
        }
        Policy p = cfg.engine().policies().get(h.policy());
        List<Inactivity.StageThreshold> stages = p == null || p.inactivity() == null ? List.of() : p.inactivity().stages();
        return s.stagesRaised() <= stages.size() ? stages.get(s.stagesRaised() - 1).stage().name() : "NONE";
    }
}

package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.doorwatch.domain.EventType;
import org.doorwatch.domain.RuleNames;
import org.doorwatch.domain.Stage;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.storage.OutboxRow;
import org.doorwatch.gateway.storage.ReadStore;

/** {@code /api/alerts}: the list, one alert with its history, acknowledgements and outcomes. */
final class AlertRoutes extends Routes {

    private final StaffWrites writes;

    AlertRoutes(Supplier<GatewayConfig> config, ReadStore reads, StaffWrites writes) {
        super(config, reads);
        this.writes = writes;
    }

    Object alerts(Call c) throws SQLException {
        String stage = c.param("stage");
        if (stage != null && !isStage(stage)) {
            throw ApiException.badRequest("stage: '" + Call.shorten(stage) + "' is not a stage; expected one of "
                    + java.util.Arrays.toString(Stage.values()));
        }
        String state = c.param("state");
        if (state != null && !Set.of("open", "acknowledged", "resolved").contains(state)) {
            throw ApiException.badRequest("state: expected open, acknowledged or resolved");
        }
        String household = c.param("household");
        if (household != null) {
            c.household = householdOf(household) == null ? null : household;
            if (householdOf(household) == null || !c.principal.scope().covers(household)) {
                throw ApiException.notFound("household");
            }
        }
        String channel = c.param("channel");
        int limit = c.limit(200, 1000);
        List<ReadStore.AlertRow> rows = reads.alerts(new ReadStore.AlertQuery(c.param("rule"), stage, household,
                c.time("from", null), c.time("to", null), ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.AlertRow r : rows) {
            if (out.size() >= limit) {
                break;
            }
            ObjectNode a = parse(r.json());
            List<String> channels = channels(a);
            if (!sees(c.principal, r, channels)
                    || (channel != null && !channels.contains(channel))
                    || (state != null && !state.equals(state(r)))) {
                continue;
            }
            a.put("state", state(r));
            out.add(a);
        }
        return JSON.createObjectNode().set("alerts", out);
    }

    Object alert(Call c) throws SQLException {
        ReadStore.AlertRow r = visibleAlert(c);
        ObjectNode a = parse(r.json());
        a.put("state", state(r));
        ObjectNode history = a.putObject("history");
        history.put("raised", AlertJson.time(r.ts(), zone()));
        ArrayNode deliveries = history.putArray("deliveries");
        for (ReadStore.Delivery d : reads.deliveries(r.id())) {
            if (OutboxRow.reachesPeople(d.transport())) {
                continue; // in notifications, attempt by attempt
            }
            ObjectNode o = deliveries.addObject();
            o.put("channel", d.channel());
            o.put("transport", d.transport());
            o.put("attempts", d.attempts());
            o.put("deliveredAt", time(d.deliveredAt()));
            o.put("failedAt", time(d.failedAt()));
        }
        boolean personal = Access.seesPeople(c.principal, r.household(), visitOpen(r.household()));
        ArrayNode notifications = NotificationHistory.of(reads, r.id(), config.get().people().people(), personal,
                this::time);
        history.set("notifications", notifications);
        if (personal && notifications.findValue("phone") != null) {
            c.detail = "people"; // the audit row says names and phones were shown
        }
        ArrayNode acks = history.putArray("acknowledgements");
        for (ReadStore.Ack k : reads.acknowledgements(r.id())) {
            acks.addObject().put("by", k.by()).put("at", time(k.at())).put("note", k.note());
        }
        ArrayNode outcomes = history.putArray("outcomes");
        for (ReadStore.Outcome o : reads.outcomes(r.id())) {
            outcomes.addObject().put("by", o.by()).put("at", time(o.at())).put("code", o.code())
                    .put("note", o.note()).put("until", time(o.until()));
        }
        history.put("resolvedBy", reads.resolvedBy(r));
        return a;
    }

    Object acknowledge(Call c) throws Exception {
        ReadStore.AlertRow r = visibleAlert(c);
        String note = c.text("note", 500);
        c.audited = true;
        boolean done = await(writes.acknowledge(r.id(), c.principal.name(), note, c.audit("allowed")));
        if (!done) {
            throw ApiException.conflict("you have already acknowledged this alert");
        }
        return JSON.createObjectNode().put("acknowledged", r.id()).put("by", c.principal.name());
    }

    Object outcome(Call c) throws Exception {
        ReadStore.AlertRow r = visibleAlert(c);
        if (!RuleNames.ELDERLY_INACTIVITY.equals(r.rule()) || Stage.RESOLVED.name().equals(r.stage())) {
            throw ApiException.badRequest("outcomes are recorded for elderly-inactivity stages (WARNING, CALL_BACK, VISIT)");
        }
        String text = c.text("code", 64);
        OutcomeCode code = OutcomeCode.of(text);
        if (code == null) {
            throw ApiException.badRequest("code: " + (text == null ? "missing" : "'" + Call.shorten(text) + "' is unknown")
                    + "; expected one of: " + OutcomeCode.valid());
        }
        Instant until = c.bodyTime("until");
        if (until != null && code.effect() != EventType.AWAY) {
            throw ApiException.badRequest("until: only with away-with-family or in-hospital");
        }
        String note = c.text("note", 500);
        c.detail = code.code();
        c.audited = true;
        await(writes.act(code.effect(), r.household(), c.principal.name(), until, r.id(), code.code(), note,
                c.audit("allowed")));
        ObjectNode out = JSON.createObjectNode().put("alert", r.id()).put("code", code.code())
                .put("effect", code.effect() == null ? null : code.effect().name());
        return out;
    }

    static String state(ReadStore.AlertRow r) {
        return r.resolved() ? "resolved" : r.acknowledgements() > 0 ? "acknowledged" : "open";
    }

    static boolean isStage(String s) {
        for (Stage st : Stage.values()) {
            if (st.name().equals(s)) {
                return true;
            }
        }
        return false;
    }
}

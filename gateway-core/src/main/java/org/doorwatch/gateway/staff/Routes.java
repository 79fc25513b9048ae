package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorwatch.domain.Device;
import org.doorwatch.domain.Household;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.staff.auth.Access;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.storage.ReadStore;
import org.doorwatch.rules.Credentials;

/**
 * What the staff API's routes classes share: the config and the read store, and the lookups
 * every resource needs (a household or an alert of the path, if the caller may see it; the
 * devices of households; an event as JSON; times in the site zone).
 */
abstract class Routes {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Covers the writer's start-up hold (at most 15 s by default), during which staff actions wait. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(20);
    static final Instant NO_END = Instant.ofEpochMilli(Long.MAX_VALUE);

    final Supplier<GatewayConfig> config;
    final ReadStore reads;

    Routes(Supplier<GatewayConfig> config, ReadStore reads) {
        this.config = config;
        this.reads = reads;
    }

    ZoneId zone() {
        return config.get().zone();
    }

    /** Waits for the writer; its failures come out unwrapped (a busy writer is a TimeoutException: 503). */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** The alert of the path, if the caller may see it; else 404 (existence does not leak). */
    ReadStore.AlertRow visibleAlert(Call c) throws SQLException {
        String id = c.path.get("id");
        c.alertId = id;
        ReadStore.AlertRow r = reads.alert(id);
        if (r == null) {
            c.alertId = null; // not an id of ours: do not keep what the caller typed
            throw ApiException.notFound("alert");
        }
        c.household = r.household();
        if (!sees(c.principal, r, channels(parse(r.json())))) {
            throw ApiException.notFound("alert");
        }
        return r;
    }

    static boolean sees(Principal p, ReadStore.AlertRow r, List<String> channels) {
        return Access.seesAlert(p, r.rule(), r.stage(), r.household(), channels, r.previousStage());
    }

    /** Whether a VISIT is open for the household now: police then see its contacts and the people it reached. */
    boolean visitOpen(String household) throws SQLException {
        Household h = household == null ? null : householdOf(household);
        if (h == null) {
            return false;
        }
        ReadStore.HouseholdRow s = reads.households().get(household);
        return s != null && !s.away() && "VISIT".equals(HouseholdRoutes.stageOf(config.get(), h, s));
    }

    /** The household of the path, if it exists and the caller may see it; else 404. */
    Household visibleHousehold(Call c) {
        String id = c.path.get("id");
        Household h = householdOf(id);
        if (h != null) {
            c.household = id; // a real id, also when refused: the audit log shows probing
        }
        if (h == null || !Access.seesHousehold(c.principal, id)) {
            throw ApiException.notFound("household");
        }
        return h;
    }

    Household householdOf(String id) {
        for (Household h : config.get().engine().households()) {
            if (h.id().equals(id)) {
                return h;
            }
        }
        return null;
    }

    /** The configured devices of {@code households}: their events are theirs even without a household field. */
    List<String> devicesOf(List<String> households) {
        List<String> out = new ArrayList<>();
        for (Device d : config.get().engine().devices()) {
            if (d.household() != null && households.contains(d.household())) {
                out.add(d.id());
            }
        }
        return out;
    }

    String householdOfDevice(String device) {
        for (Device d : config.get().engine().devices()) {
            if (d.id().equals(device)) {
                return d.household();
            }
        }
        return null;
    }

    ObjectNode eventJson(ReadStore.EventRow e, Map<String, String> tenants) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", time(e.ts()));
        o.put("received", time(e.receivedAt()));
        o.put("type", e.type());
        o.put("device", e.device());
        o.put("household", e.household() != null ? e.household() : householdOfDevice(e.device()));
        o.put("source", e.source());
        if (e.credential() != null) {
            o.put("credential", Credentials.mask(e.credential()));
            if (tenants != null && tenants.containsKey(e.credential())) {
                o.put("tenant", tenants.get(e.credential()));
            }
        }
        if (e.by() != null) {
            o.put("by", e.by());
        }
        if (e.until() != null) {
            o.put("until", time(e.until()));
        }
        return o;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored alert is not JSON", e);
        }
    }

    static List<String> channels(JsonNode alert) {
        List<String> out = new ArrayList<>();
        alert.path("channels").forEach(n -> out.add(n.asText()));
        return out;
    }

    String time(Instant t) {
        return t == null ? null : AlertJson.time(t, zone());
    }
}

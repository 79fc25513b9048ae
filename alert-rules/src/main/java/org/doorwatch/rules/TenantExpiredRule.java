package org.doorwatch.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.Stage;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.domain.TenantExpiredDefinition;

/**
 * {@code tenant-expired} (SPEC section 7): ACCESS_GRANTED with a credential whose tenancy in the
 * config ended. Precisely: the credential has tenancies, none covers the event's time
 * (min(ts, now): a device clock ahead of ours cannot expire a valid card), and at least one
 * ended at or before it. A credential with no tenancy is nobody's tenant card; one whose only
 * tenancy has not begun yet is not expired.
 *
 * <p>Every such use raises a NOTICE (police and property by default): each is a new fact an
 * officer may want. It goes to the household of the tenancy that ended last; its evidence is
 * the credential masked ({@link Credentials#mask}), that tenancy's end and the event time. The
 * id hangs on (household, event ts, device, masked credential): never the raw credential.
 *
 * <p>Cost: a map lookup and a scan of the credential's own tenancies (a handful).
 */
final class TenantExpiredRule {

    static final String RULE = TenantExpiredDefinition.NAME;

    private final SecurityAlerts alerts;
    private Map<String, List<Tenancy>> byCredential = Map.of();

    TenantExpiredRule(SecurityAlerts alerts) {
        this.alerts = alerts;
    }

    void index(List<Tenancy> tenancies) {
        Map<String, List<Tenancy>> map = new HashMap<>();
        for (Tenancy t : tenancies) {
            map.computeIfAbsent(t.credential(), c -> new ArrayList<>(1)).add(t);
        }
        byCredential = map;
    }

    void on(DoorEvent e, long now) {
        List<Tenancy> tenancies = e.credential() == null ? null : byCredential.get(e.credential());
        if (tenancies == null) {
            return;
        }
        Instant at = Millis.toInstant(Math.min(Millis.of(e.ts()), now));
        Tenancy ended = null;
        for (Tenancy t : tenancies) {
            if (t.covers(at)) {
                return;
            }
            if (t.until() != null && !t.until().isAfter(at)
                    && (ended == null || t.until().isAfter(ended.until()))) {
                ended = t;
            }
        }
        if (ended == null) {
            return;
        }
        String masked = Credentials.mask(e.credential());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("credential", masked);
        evidence.put("tenancyEnded", ended.until());
        evidence.put("eventTime", e.ts());
        alerts.emit(RULE, Stage.NOTICE, now, ended.household(), e.device(), alerts.route(RULE, Stage.NOTICE),
                ended.household(), Millis.of(e.ts()), e.device() + "|" + masked, evidence, null);
    }
}

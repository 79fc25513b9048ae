package org.doorwatch.gateway.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.doorwatch.domain.Household;
import org.doorwatch.domain.Tenancy;
import org.doorwatch.drivers.json.EventJson;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code tenancies:} tenants of rental households and their access credentials, inline or from
 * CSV files ({@code credential,household,tenant,from,until}).
 *
 * <p>{@code from}/{@code until} are a date (site-local: {@code from} starts at 00:00 of that
 * day, {@code until} covers the whole day, i.e. ends at 00:00 of the next day) or an ISO
 * date-time (with an offset, or site-local without; {@code until} exclusive). Either may be
 * left out: since ever, open-ended. A credential identifies one tenancy, so it may appear only
 * once. Tenant names are personal data: they go to {@link GatewayConfig#tenants()}, never to
 * the engine, and no message quotes them.
 */
final class TenancySection {

    static final List<String> COLUMNS = List.of("credential", "household", "tenant", "from", "until");
    static final String DATE_EXPECTED = "a date like 2026-03-01 or an ISO date-time like 2026-03-01T00:00:00+08:00";

    static final class Result {
        final List<Tenancy> tenancies = new ArrayList<>();
        final Map<String, String> tenants = new LinkedHashMap<>();
        final Map<String, String> seenAt = new HashMap<>();
    }

    private TenancySection() {}

    static Result read(ConfigContext ctx, YamlMap top, Map<String, Household> households, ZoneId zone) {
        Result out = new Result();
        List<Node> items = top.items("tenancies");
        for (int i = 0; i < items.size(); i++) {
            YamlMap t = YamlMap.of(ctx.file, ctx.problems, "tenancies[" + i + "]", items.get(i));
            if (t.has("file")) {
                t.rejectUnknown(Set.of("file"));
                Path csv = ctx.source(t.string("file"));
                if (csv != null) {
                    readCsv(ctx, csv, t.value("file"), households, zone, out);
                }
                continue;
            }
            if (!t.isPresent()) {
                continue;
            }
            t.rejectUnknown(COLUMNS);
            String credential = t.requiredString("credential", "the tenant's card, PIN or QR id, e.g. card:5A3C91");
            String household = t.requiredString("household", "the rental household's id");
            String where = ctx.file.getFileName() + ":" + YamlMap.line(items.get(i));
            Instant from = time(t, "from", zone, false, ctx);
            Instant until = time(t, "until", zone, true, ctx);
            if (credential == null || household == null) {
                continue;
            }
            if (!households.containsKey(household)) {
                ctx.at(t.value("household"), t.child("household") + ": unknown household '" + household + "'"
                        + DidYouMean.hint(household, households.keySet()));
                continue;
            }
            if (from != null && until != null && !until.isAfter(from)) {
                ctx.at(t.value("until"), t.child("until") + ": the tenancy ends before it starts; expected 'until' after 'from'");
                continue;
            }
            String first = out.seenAt.putIfAbsent(credential, where);
            if (first != null) {
                ctx.at(t.value("credential"), t.child("credential") + ": duplicate credential '" + credential
                        + "' (first at " + first + "); a credential belongs to one tenancy");
                continue;
            }
            add(out, credential, household, t.string("tenant"), from, until);
        }
        return out;
    }

    private static void readCsv(ConfigContext ctx, Path csv, Node reference, Map<String, Household> households,
                                ZoneId zone, Result out) {
        CsvTable table = CsvTable.read(ctx, csv, reference, "tenancies", COLUMNS, List.of("credential", "household"));
        if (table == null) {
            return;
        }
        for (CsvReader.Row row : table.rows()) {
            String credential = table.get(row, "credential");
            String household = table.get(row, "household");
            if (credential.isEmpty()) {
                table.at(row, "credential", "credential: empty; every row needs the tenant's credential");
                continue;
            }
            if (household.isEmpty() || !households.containsKey(household)) {
                table.at(row, "household", household.isEmpty() ? "household: empty; expected the rental household's id"
                        : "household: unknown household '" + household + "'" + DidYouMean.hint(household, households.keySet()));
                continue;
            }
            Instant from = null;
            Instant until = null;
            boolean bad = false;
            try {
                from = parse(table.get(row, "from"), zone, false);
            } catch (DateTimeException e) {
                table.at(row, "from", "from: '" + table.get(row, "from") + "' is not a date; expected " + DATE_EXPECTED);
                bad = true;
            }
            try {
                until = parse(table.get(row, "until"), zone, true);
            } catch (DateTimeException e) {
                table.at(row, "until", "until: '" + table.get(row, "until") + "' is not a date; expected " + DATE_EXPECTED);
                bad = true;
            }
            if (bad) {
                continue;
            }
            if (from != null && until != null && !until.isAfter(from)) {
                table.at(row, "until", "until: the tenancy ends before it starts; expected 'until' after 'from'");
                continue;
            }
            String first = out.seenAt.putIfAbsent(credential, table.where(row));
            if (first != null) {
                table.at(row, "credential", "credential: duplicate credential '" + credential + "' (first at " + first
                        + "); a credential belongs to one tenancy");
                continue;
            }
            String tenant = table.get(row, "tenant");
            add(out, credential, household, tenant.isEmpty() ? null : tenant, from, until);
        }
    }

    private static void add(Result out, String credential, String household, String tenant, Instant from, Instant until) {
        out.tenancies.add(new Tenancy(credential, household, from, until));
        if (tenant != null && !tenant.isBlank()) {
            out.tenants.put(credential, tenant.trim());
        }
    }

    private static Instant time(YamlMap t, String key, ZoneId zone, boolean end, ConfigContext ctx) {
        String s = t.string(key);
        try {
            return parse(s, zone, end);
        } catch (DateTimeException e) {
            ctx.at(t.value(key), t.child(key) + ": '" + s + "' is not a date; expected " + DATE_EXPECTED);
            return null;
        }
    }

    /**
     * A date or date-time; null for empty. A date as {@code until} means the end of that day.
     *
     * @throws DateTimeException when it is neither
     */
    static Instant parse(String s, ZoneId zone, boolean end) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String text = s.trim();
        try {
            LocalDate d = LocalDate.parse(text);
            return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
            return EventJson.parseTime(text, zone);
        }
    }
}

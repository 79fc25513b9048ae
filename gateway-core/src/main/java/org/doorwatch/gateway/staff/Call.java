package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.doorwatch.drivers.json.TimeRange;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.storage.AuditEntry;

/**
 * One API request as a handler sees it, on a worker thread: the caller, parameters, body, and
 * what the audit row will say (handlers add the household and alert ids they touched).
 */
final class Call {

    final String action;
    final Map<String, String> path;
    final Map<String, String> query;
    final JsonNode body;
    final String remote;
    final String authorization;
    final ZoneId zone;
    final Instant receivedAt;
    Principal principal;
    /** A login attempt's name, when it is a configured account. */
    String loginName;
    String household;
    String alertId;
    String detail;
    /** True once the audit row was committed with the action itself. */
    boolean audited;

    Call(String action, Map<String, String> path, Map<String, String> query, JsonNode body, String remote,
         String authorization, ZoneId zone, Instant receivedAt) {
        this.action = action;
        this.path = path;
        this.query = query;
        this.body = body;
        this.remote = remote;
        this.authorization = authorization;
        this.zone = zone;
        this.receivedAt = receivedAt;
    }

    String user() {
        return principal != null ? principal.name() : loginName;
    }

    AuditEntry audit(String outcome) {
        return new AuditEntry(receivedAt, user(), detail == null ? action : action + " " + detail, household, alertId,
                remote, outcome);
    }

    String param(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A time parameter: an ISO date-time with offset, or a date (its start, site time). */
    Instant time(String name, Instant def) {
        String v = param(name);
        return v == null ? def : parseTime(name, v);
    }

    int limit(int def, int max) {
        String v = param("limit");
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit: expected a whole number from 1 to " + max);
    }

    /** A text field of the JSON body, or null; at most {@code max} characters. */
    String text(String field, int max) {
        JsonNode n = body == null ? null : body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + ": expected text");
        }
        if (n.asText().length() > max) {
            throw ApiException.badRequest(field + ": longer than " + max + " characters");
        }
        return n.asText();
    }

    /** A time field of the JSON body (ISO date-time with offset, or a date in site time), or null. */
    Instant bodyTime(String field) {
        String v = text(field, 64);
        return v == null ? null : parseTime(field, v);
    }

    /** An ISO date-time with offset, or a date (its start in site time); 400 naming {@code name} otherwise. */
    private Instant parseTime(String name, String v) {
        Instant t;
        try {
            t = OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                t = LocalDate.parse(v).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + ": '" + shorten(v)
                        + "' is not a time; expected e.g. 2026-11-22T08:00:00+08:00 or 2026-11-22");
            }
        }
        if (!TimeRange.contains(t)) { // the store keeps epoch milliseconds: year +999999999 cannot be asked for
            throw ApiException.badRequest(name + ": '" + shorten(v) + "' is outside the times the store can hold");
        }
        return t;
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

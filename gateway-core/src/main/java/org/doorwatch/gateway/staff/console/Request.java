package org.doorwatch.gateway.staff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.doorwatch.gateway.staff.ApiException;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.staff.auth.Role;
import org.doorwatch.gateway.staff.StaffApi;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * One console request as a page sees it, on a worker thread: the logged-in caller, parameters,
 * and the staff API to ask. Every piece of data on a page comes from {@link #get}/{@link #post},
 * which run the API's own route for this caller (its roles, scope, personal-data rules and audit
 * row): the console never reads the store or decides who sees what.
 */
final class Request {

    static final ObjectMapper JSON = new ObjectMapper();

    final String path;
    final String uri;
    final Map<String, String> params;
    final Map<String, String> query;
    final Map<String, String> form;
    final Map<String, String> cookies;
    final String remote;
    /** Sent by the page's script (fetch): answer with a fragment or a short text, not a page. */
    final boolean fetch;
    final String token;
    final Principal principal;
    final String csrf;
    final Times times;
    final GatewayConfig config;
    private final StaffApi api;

    Request(String path, String uri, Map<String, String> params, Map<String, String> query, Map<String, String> form,
            Map<String, String> cookies, String remote, boolean fetch, String token, Principal principal, String csrf, Times times,
            GatewayConfig config, StaffApi api) {
        this.path = path;
        this.uri = uri;
        this.params = params;
        this.query = query;
        this.form = form;
        this.cookies = cookies;
        this.remote = remote;
        this.fetch = fetch;
        this.token = token;
        this.principal = principal;
        this.csrf = csrf;
        this.times = times;
        this.config = config;
        this.api = api;
    }

    /** A GET route of the API, e.g. {@code get("GET /api/alerts/:id", Map.of("id", id), Map.of())}. */
    JsonNode get(String action, Map<String, String> path, Map<String, String> query) throws Exception {
        return api.invoke(action, path, query, null, remote, "Bearer " + token);
    }

    /** The same, or null when the API refuses the caller's role (403): the page leaves that part out. */
    JsonNode getIfAllowed(String action, Map<String, String> path, Map<String, String> query) throws Exception {
        try {
            return get(action, path, query);
        } catch (ApiException e) {
            if (e.status() == 403) {
                return null;
            }
            throw e;
        }
    }

    JsonNode post(String action, Map<String, String> path, ObjectNode body) throws Exception {
        return api.invoke(action, path, Map.of(), body, remote, "Bearer " + token);
    }

    /** {@code POST /api/login}: the one call made without a session. */
    JsonNode login(ObjectNode body) throws Exception {
        return api.invoke("POST /api/login", Map.of(), Map.of(), body, remote, null);
    }

    String param(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    String field(String name) {
        String v = form.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    boolean hasAny(Set<Role> roles) {
        return principal != null && principal.hasAny(roles);
    }

    /** Where to go back to after a form: a path of this site, never another site's address. */
    String back(String fallback) {
        String b = form.containsKey("back") ? form.get("back") : query.get("back");
        return Urls.local(b, fallback);
    }
}

package org.doorwatch.gateway.staff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.doorwatch.gateway.alert.AlertJson;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.storage.ReadStore;

/** {@code /api/login}, {@code /api/logout}, {@code /api/users/:name/unlock} and the audit log. */
final class AccountRoutes extends Routes {

    private final Logins logins;
    private final Clock wallClock;

    AccountRoutes(Supplier<GatewayConfig> config, ReadStore reads, Logins logins, Clock wallClock) {
        super(config, reads);
        this.logins = logins;
        this.wallClock = wallClock;
    }

    Object login(Call c) {
        String name = c.text("name", 64);
        String password = c.text("password", 1024);
        if (name == null || password == null) {
            throw ApiException.badRequest("expected {\"name\": ..., \"password\": ...}");
        }
        if (logins.exists(name)) {
            c.loginName = name;
        }
        char[] pw = password.toCharArray();
        Logins.Login login = logins.login(name, pw);
        java.util.Arrays.fill(pw, '\0');
        ObjectNode out = JSON.createObjectNode();
        out.put("token", login.token());
        out.put("expiresAt", AlertJson.time(login.expiresAt(), zone()));
        ArrayNode roles = out.putArray("roles");
        login.principal().roles().stream().sorted().forEach(r -> roles.add(r.id()));
        return out;
    }

    Object logout(Call c) {
        logins.logout(c.authorization);
        return JSON.createObjectNode().put("loggedOut", true);
    }

    Object unlock(Call c) {
        String name = c.path.get("name");
        c.detail = name != null && name.matches("[A-Za-z0-9._-]{1,64}") ? name : "?";
        if (!logins.unlock(name)) {
            throw ApiException.notFound("account");
        }
        return JSON.createObjectNode().put("unlocked", name);
    }

    Object audit(Call c) throws SQLException {
        Instant to = c.time("to", wallClock.instant().plusSeconds(1));
        Instant from = c.time("from", to.minus(Duration.ofDays(1)));
        List<ReadStore.AuditRow> rows = reads.audit(from, to, c.param("user"), c.limit(1000, ReadStore.MAX_ROWS));
        ArrayNode out = JSON.createArrayNode();
        for (ReadStore.AuditRow r : rows) {
            ObjectNode o = out.addObject();
            o.put("seq", r.seq());
            o.put("at", AlertJson.time(r.at(), zone()));
            o.put("user", r.user());
            o.put("action", r.action());
            o.put("household", r.household());
            o.put("alert", r.alertId());
            o.put("remote", r.remote());
            o.put("outcome", r.outcome());
        }
        return JSON.createObjectNode().set("audit", out);
    }
}

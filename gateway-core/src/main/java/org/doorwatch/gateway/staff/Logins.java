package org.doorwatch.gateway.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.passwords.PasswordFile;
import org.doorwatch.gateway.passwords.PasswordHash;
import org.doorwatch.gateway.staff.auth.Principal;
import org.doorwatch.gateway.staff.auth.Role;
import org.doorwatch.gateway.staff.auth.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication of the staff API: accounts from the config, password hashes from the
 * {@link PasswordFile}, bearer tokens, lock-out.
 *
 * <p>A token is 256 random bits (base64url); only its SHA-256 is kept, so a memory dump does not
 * hand out sessions. It expires {@code users.sessionTtl} after the login (real time).
 *
 * <p>Lock-out: {@code lockoutAfter} failed logins in a row lock the account; every further
 * attempt is refused, right password or not, until an admin unlocks it. The attempts of one
 * account are serialised, so parallel guesses cannot slip past the count. The count survives a
 * restart: it is read back from the audit log, which records every attempt.
 */
public final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A successful login: the token is shown to the caller once and never stored. */
    public record Login(String token, Principal principal, Instant expiresAt) {}

    private record Session(Principal principal, Instant expiresAt) {}

    private final GatewayConfig.UserSettings settings;
    private final PasswordFile passwords;
    private final Clock clock;
    private final Map<String, Principal> principals = new HashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * @param failedInARow per account, failed logins in a row found in the audit log at start-up
     */
    public Logins(GatewayConfig.UserSettings settings, Clock wallClock, Map<String, Integer> failedInARow) {
        this.settings = settings;
        this.passwords = new PasswordFile(settings.file());
        this.clock = wallClock;
        for (GatewayConfig.Account a : settings.accounts()) {
            Set<Role> roles = new LinkedHashSet<>();
            a.roles().forEach(r -> roles.add(Role.of(r)));
            principals.put(a.name(), new Principal(a.name(), roles, Scope.of(a.households())));
            Integer n = failedInARow.get(a.name());
            if (n != null && n > 0) {
                failures.put(a.name(), n);
            }
        }
        failures.forEach((name, n) -> {
            if (n >= settings.lockoutAfter()) {
                LOG.warn("staff account {} is locked (failed logins); an admin can unlock it", name);
            }
        });
    }

    /** Whether {@code name} is a configured account (the audit log records only those names). */
    public boolean exists(String name) {
        return principals.containsKey(name);
    }

    /**
     * Checks a password and opens a session.
     *
     * @throws ApiException 401 for a wrong name or password, 423 for a locked account
     */
    public Login login(String name, char[] password) {
        Principal p = name == null ? null : principals.get(name);
        if (p == null) {
            PasswordHash.dummyVerify(password); // same time as a real check: names do not leak by timing
            throw ApiException.failedLogin();
        }
        synchronized (p) {
            int failed = failures.getOrDefault(name, 0);
            if (failed >= settings.lockoutAfter()) {
                throw ApiException.locked();
            }
            String hash = passwords.hashOf(name);
            boolean ok;
            if (hash == null) {
                PasswordHash.dummyVerify(password);
                ok = false;
            } else {
                ok = PasswordHash.verify(password, hash);
            }
            if (!ok) {
                failures.put(name, failed + 1);
                if (failed + 1 >= settings.lockoutAfter()) {
                    LOG.warn("staff account {} locked after {} failed logins in a row", name, failed + 1);
                    sessions.values().removeIf(s -> s.principal().name().equals(name));
                }
                throw ApiException.failedLogin();
            }
            failures.remove(name);
        }
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = now.plus(settings.sessionTtl());
        sessions.put(digest(token), new Session(p, expires));
        return new Login(token, p, expires);
    }

    /**
     * The caller of an {@code Authorization: Bearer} header.
     *
     * @throws ApiException 401 when the header is missing, unknown or expired
     */
    public Principal authenticate(String authorization) {
        String token = bearer(authorization);
        Session s = token == null ? null : sessions.get(digest(token));
        if (s == null) {
            throw ApiException.unauthenticated("log in first: POST /api/login, then send Authorization: Bearer <token>");
        }
        if (!s.expiresAt().isAfter(clock.instant())) {
            sessions.remove(digest(token));
            throw ApiException.unauthenticated("the session has expired; log in again");
        }
        return s.principal();
    }

    public void logout(String authorization) {
        String token = bearer(authorization);
        if (token != null) {
            sessions.remove(digest(token));
        }
    }

    /** Unlocks {@code name}; false when there is no such account. */
    public boolean unlock(String name) {
        Principal p = principals.get(name);
        if (p == null) {
            return false;
        }
        synchronized (p) {
            failures.remove(name);
        }
        LOG.info("staff account {} unlocked", name);
        return true;
    }

    public boolean isLocked(String name) {
        return failures.getOrDefault(name, 0) >= settings.lockoutAfter();
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = authorization.substring(7).trim();
        return t.isEmpty() ? null : t;
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

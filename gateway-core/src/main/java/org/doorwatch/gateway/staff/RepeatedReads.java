package org.doorwatch.gateway.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which allowed reads need no audit row of their own: the same list read again by the same
 * session within {@link #WINDOW} of the row that recorded it. An open alert list or the security
 * room's wall screen refreshes every minute and on every alert; a row for each refresh says
 * nothing the first one did not (who looked at that list, from where) and buries the rows that
 * matter. So a session gets one row per list and parameters every {@link #WINDOW}: the log still
 * shows that the screen stayed open, and when.
 *
 * <p>Only lists that name nobody are spared: a {@code GET} answered {@code allowed} whose row
 * names no household and no alert and carries no detail. A read of one household's or alert's
 * data, a list that shows contacts or tenants (its row says {@code contacts}, {@code tenants}),
 * every refusal and every action is written each time.
 *
 * <p>Sessions are told apart by the bearer token, kept only as part of a SHA-256 digest (like
 * {@link Logins}). Real time ({@code wallClock}), as the audit's own {@code at}.
 */
final class RepeatedReads {

    static final Duration WINDOW = Duration.ofMinutes(10);
    /** Distinct (session, list, parameters) remembered at most; beyond it, every read is written. */
    static final int MAX_ENTRIES = 10_000;

    private final Clock wallClock;
    private final Map<String, Instant> written = new HashMap<>();

    RepeatedReads(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /** True when the allowed read {@code c} must be written; false when its session wrote the same one lately. */
    boolean needsRow(Call c) {
        String key = key(c);
        if (key == null) {
            return true;
        }
        Instant now = wallClock.instant();
        synchronized (written) {
            Instant last = written.get(key);
            return last == null || !now.isBefore(last.plus(WINDOW)) || now.isBefore(last);
        }
    }

    /** Records that the row of {@code c} was committed now. */
    void wrote(Call c) {
        String key = key(c);
        if (key == null) {
            return;
        }
        Instant now = wallClock.instant();
        synchronized (written) {
            if (written.size() >= MAX_ENTRIES) {
                written.values().removeIf(t -> !now.isBefore(t.plus(WINDOW)) || now.isBefore(t));
            }
            if (written.size() < MAX_ENTRIES) {
                written.put(key, now);
            }
        }
    }

    int size() {
        synchronized (written) {
            return written.size();
        }
    }

    /** The session and the list with its parameters, digested; null when the read is not a list that names nobody. */
    private static String key(Call c) {
        if (!c.action.startsWith("GET ") || c.authorization == null || c.household != null || c.alertId != null
                || c.detail != null || !c.path.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        field(b, c.authorization);
        field(b, c.action);
        new TreeMap<>(c.query).forEach((k, v) -> field(field(b, k), v));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Length-prefixed: no choice of parameters makes two different lists one key. */
    private static StringBuilder field(StringBuilder b, String s) {
        return b.append(s.length()).append(':').append(s);
    }
}

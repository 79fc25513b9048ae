package org.doorwatch.gateway.staff.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's cookies and CSRF tokens.
 *
 * <p>The session cookie carries the staff API's own bearer token (256 random bits; the API keeps
 * only its digest), so the console has no session store of its own and a console session is
 * exactly an API session: same expiry, same lock-out, same logout. It is HttpOnly (no script
 * reads it), SameSite=Strict (no other site's page sends it) and, under HTTPS, Secure with the
 * {@code __Host-} prefix (no subdomain or plain-HTTP page can set it).
 *
 * <p>CSRF (synchronizer token): every form of a session carries {@code csrf} = HMAC-SHA256 of the
 * session token under a key drawn at start-up; every write checks it. An attacker's page knows
 * neither the token nor the key, and a token is worthless for another session. The login form,
 * before any session, uses a double-submit nonce: a random cookie that the form repeats.
 */
final class Sessions {

    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final boolean https;
    private final byte[] key = new byte[32];

    Sessions(boolean https) {
        this.https = https;
        RANDOM.nextBytes(key);
    }

    boolean https() {
        return https;
    }

    String sessionCookie() {
        return https ? "__Host-dw_session" : "dw_session";
    }

    String loginCookie() {
        return https ? "__Host-dw_login" : "dw_login";
    }

    Cookie session(String token) {
        return strict(Cookie.cookie(sessionCookie(), token));
    }

    Cookie endSession() {
        return strict(Cookie.cookie(sessionCookie(), "")).setMaxAge(0);
    }

    Cookie login(String nonce) {
        return strict(Cookie.cookie(loginCookie(), nonce));
    }

    Cookie endLogin() {
        return strict(Cookie.cookie(loginCookie(), "")).setMaxAge(0);
    }

    private Cookie strict(Cookie c) {
        return c.setPath("/").setHttpOnly(true).setSecure(https).setSameSite(CookieSameSite.STRICT);
    }

    /** The CSRF token of the session whose bearer token is {@code token}. */
    String csrf(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("csrf:" + token).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code given} is the CSRF token of the session {@code token}; constant time. */
    boolean csrfOk(String token, String given) {
        return given != null && same(csrf(token), given);
    }

    static String nonce() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

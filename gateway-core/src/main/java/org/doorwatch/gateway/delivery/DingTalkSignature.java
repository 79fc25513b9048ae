package org.doorwatch.gateway.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DingTalk's signed mode (加签): {@code sign} = URL-encoded Base64 of HMAC-SHA256, keyed with the
 * robot's secret, over {@code timestamp + "\n" + secret}, the timestamp in milliseconds (DingTalk
 * refuses one more than an hour off its clock).
 */
final class DingTalkSignature {

    private DingTalkSignature() {}

    /** The Base64 signature, before URL encoding. */
    static String sign(long timestampMillis, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The {@code sign} query value. */
    static String queryValue(long timestampMillis, String secret) {
        return URLEncoder.encode(sign(timestampMillis, secret), StandardCharsets.UTF_8);
    }
}

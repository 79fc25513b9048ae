package org.doorwatch.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun's RPC signature, version 1.0 with HMAC-SHA1 (the signing of SendSms):
 * <ol>
 *   <li>every parameter but {@code Signature}, sorted by name (byte order), each name and value
 *       percent-encoded ({@link #encode}) and joined {@code name=value&...}: the canonical query;</li>
 *   <li>StringToSign = {@code METHOD + "&" + encode("/") + "&" + encode(canonical query)};</li>
 *   <li>Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)).</li>
 * </ol>
 */
final class AliyunSignature {

    private AliyunSignature() {}

    /**
     * RFC 3986 percent-encoding as Aliyun wants it: UTF-8, unreserved characters
     * ({@code A-Z a-z 0-9 - _ . ~}) kept, everything else {@code %XX} upper-case; so a space is
     * {@code %20} (not {@code +}), {@code *} is {@code %2A}, {@code ~} stays.
     */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    static String canonicalQuery(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        new TreeMap<>(params).forEach((k, v) -> {
            if (!k.equals("Signature")) {
                j.add(encode(k) + "=" + encode(v));
            }
        });
        return j.toString();
    }

    static String stringToSign(String method, Map<String, String> params) {
        return method + "&" + encode("/") + "&" + encode(canonicalQuery(params));
    }

    static String sign(String method, Map<String, String> params, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(stringToSign(method, params).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}

package org.doorwatch.gateway.passwords;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes of MQTT accounts, in Mosquitto's own form: {@code $7$ITERATIONS$SALT$HASH},
 * PBKDF2-HMAC-SHA512 with a 12-byte salt and a 64-byte hash (padded base64), what
 * {@code mosquitto_passwd} of Mosquitto 2.0 writes. The embedded broker verifies these, and the
 * same lines are a Mosquitto {@code password_file} for a site on an external broker
 * ({@code gateway mosquitto-acl}).
 *
 * <p>Why not {@link PasswordHash}'s cost: a broker checks the password at every connect, and after
 * a gateway restart every device of the community connects at once. 10,000 iterations cost about
 * 5 ms (a community of 10,000 devices is back in under a minute of one core), against 101 in
 * {@code mosquitto_passwd}'s default; the embedded broker also remembers a verified password in
 * memory (a keyed digest), so a reconnect costs no PBKDF2 at all.
 */
public final class MqttPasswordHash {

    public static final String PREFIX = "$7$";
    public static final int DEFAULT_ITERATIONS = 10_000;
    /** Mosquitto's own default; lower is refused. */
    static final int MIN_ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MqttPasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether {@code password} matches {@code stored}; false for a malformed stored hash. */
    public static boolean verify(char[] password, String stored) {
        Parts p = parse(stored);
        return p != null && MessageDigest.isEqual(p.hash, derive(password, p.salt, p.iterations));
    }

    /** Whether {@code stored} has this class's form (the accounts file's reader checks each line). */
    public static boolean isWellFormed(String stored) {
        return parse(stored) != null;
    }

    private record Parts(int iterations, byte[] salt, byte[] hash) {}

    private static Parts parse(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$");
        if (parts.length != 3) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (iterations < MIN_ITERATIONS || salt.length == 0 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new Parts(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}

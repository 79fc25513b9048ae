package org.doorwatch.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic alert ids (SPEC section 5): a name-based UUID over what identifies the alert,
 * never over when it was raised. The same stage of the same episode gets the same id after a
 * restart or in a replay, so receivers can drop duplicates.
 *
 * <p>The key is (site, rule, subject, stage, episode), where subject is the household or the
 * device and episode is an instant that starts the condition (for the elderly rule: L, which
 * strictly increases from one episode that raised a stage to the next). Where two different
 * conditions can share subject and instant (a TAMPER and a DEVICE_FAULT of one device in the
 * same millisecond), a discriminator tells them apart. Never put a raw credential in the key:
 * a name-based UUID of a six-digit card number is reversed by brute force in seconds.
 */
final class AlertIds {

    /** One MD5 per thread, reused: {@code UUID.nameUUIDFromBytes} looks the algorithm up for every id. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 not supported", e);
        }
    });

    private AlertIds() {}

    /** The same UUID as {@code UUID.nameUUIDFromBytes(name)} (version 3, IETF variant), as text. */
    static String nameUuid(String name) {
        byte[] md5 = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] &= 0x0f;
        md5[6] |= 0x30;
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (md5[i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    static String of(String site, String rule, String subject, String stage, long episodeMillis) {
        String name = "doorwatch/1|" + site + '|' + rule + '|' + subject + '|' + stage + '|' + episodeMillis;
        return nameUuid(name);
    }

    /**
     * The id of a household silence's alert: episode L, plus the repeat number when an away
     * period restarted the silence at the same L (0: none), so that it does not reuse the ids of
     * the episode before.
     */
    static String ofSilence(String site, String rule, String household, String stage, long last, int repeat) {
        return repeat == 0 ? of(site, rule, household, stage, last) : of(site, rule, household, stage, last, "repeat-" + repeat);
    }

    /** As {@link #of(String, String, String, String, long)}, with a discriminator appended to the key. */
    static String of(String site, String rule, String subject, String stage, long episodeMillis, String discriminator) {
        String name = "doorwatch/1|" + site + '|' + rule + '|' + subject + '|' + stage + '|' + episodeMillis + '|' + discriminator;
        return nameUuid(name);
    }
}

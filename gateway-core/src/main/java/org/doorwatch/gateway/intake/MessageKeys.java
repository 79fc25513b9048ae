package org.doorwatch.gateway.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.gateway.writer.MessageKey;

/**
 * The identity of an MQTT message, to recognise a QoS 1 redelivery of an event already committed
 * (issue 16). Paho's DUP flag alone is not enough: a broker marks DUP only what it resends on
 * the same session, and a device that resends after a lost PUBACK reaches the gateway as a new
 * message, DUP clear. So:
 * <ul>
 *   <li>an event with the device's own timestamp is identified by what it says (device, time,
 *       type, household, credential, direction): the same event twice is a duplicate, whichever
 *       hop repeated it;</li>
 *   <li>an event without one (the gateway stamped it on arrival) is identified by its device and
 *       payload bytes, and dropped as a duplicate only when the broker marked it DUP: two equal
 *       payloads without a time may be two real door openings.</li>
 * </ul>
 * 64 bits of SHA-256; a false match among the 130,000 messages remembered is about 1 in 10^9.
 */
final class MessageKeys {

    private MessageKeys() {}

    static MessageKey of(DoorEvent e, Instant receivedAt, byte[] payload, boolean dup) {
        MessageDigest sha = sha256();
        boolean ownTime = !e.ts().equals(receivedAt);
        if (ownTime) {
            update(sha, "event");
            update(sha, e.device());
            update(sha, Long.toString(e.ts().toEpochMilli()));
            update(sha, e.type().name());
            update(sha, e.household());
            update(sha, e.credential());
            update(sha, e.direction() == null ? null : e.direction().name());
        } else {
            update(sha, "payload");
            update(sha, e.device());
            sha.update(payload);
        }
        byte[] d = sha.digest();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return new MessageKey(v == 0 ? 1 : v, ownTime || dup);
    }

    private static void update(MessageDigest sha, String s) {
        if (s != null) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

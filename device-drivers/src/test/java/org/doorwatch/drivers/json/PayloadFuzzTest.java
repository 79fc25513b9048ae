package org.doorwatch.drivers.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.doorwatch.drivers.Fuzzing;

/**
 * Fuzz targets (issue 19): an MQTT payload as the gateway's ingest sees it (at most 16 KiB, strict
 * UTF-8, then the topic's parser) through the default event JSON ({@link EventJson}) and through
 * vendor profiles ({@link PayloadProfile}) in every time format. A parser may refuse anything, with
 * a reason and a message; it must never throw, and what it accepts must be an event the engine can
 * take: a type, a time the store can hold, a device or household.
 */
class PayloadFuzzTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final List<PayloadProfile> PROFILES = List.of(
            PayloadProfile.of("acme-v2", Map.of("device", "/devId", "type", "/evt/code", "ts", "/evt/time",
                    "credential", "/evt/card", "household", "/room", "direction", "/evt/dir"),
                    Map.of("type", Map.of("1", "DOOR_OPENED", "2", "DOOR_CLOSED", "9", "DOOR_FORCED"),
                            "direction", Map.of("0", "IN", "1", "OUT")), "epoch-ms"),
            PayloadProfile.of("secs", Map.of("type", "/t", "ts", "/at", "device", "/d"), Map.of(), "epoch-s"),
            PayloadProfile.of("iso", Map.of("type", "/t", "ts", "/at", "household", "/h"), Map.of(), "iso"),
            PayloadProfile.of("local", Map.of("type", "/t", "ts", "/at"), Map.of(), "yyyy/MM/dd HH:mm:ss"));

    @FuzzTest
    void defaultEventJson(FuzzedDataProvider data) {
        defaultEventJsonOneInput(data);
    }

    @FuzzTest
    void vendorProfiles(FuzzedDataProvider data) {
        vendorProfilesOneInput(data);
    }

    /** The standalone targets of {@code scripts/fuzz} (Jazzer's {@code fuzzerTestOneInput} convention). */
    public static final class DefaultEventJson {
        public static void fuzzerTestOneInput(FuzzedDataProvider data) {
            defaultEventJsonOneInput(data);
        }
    }

    public static final class VendorProfiles {
        public static void fuzzerTestOneInput(FuzzedDataProvider data) {
            vendorProfilesOneInput(data);
        }
    }

    public static void defaultEventJsonOneInput(FuzzedDataProvider data) {
        boolean withHint = data.consumeBoolean();
        String text = payload(data.consumeRemainingAsBytes());
        if (text != null) {
            check(EventJson.parse(text, ZONE, withHint ? "door-from-topic" : null, NOW));
        }
    }

    public static void vendorProfilesOneInput(FuzzedDataProvider data) {
        PayloadProfile profile = PROFILES.get(data.consumeInt(0, PROFILES.size() - 1));
        String text = payload(data.consumeRemainingAsBytes());
        if (text != null) {
            check(profile.parse(text, ZONE, "door-from-topic", NOW));
        }
    }

    /** What MqttIngest hands a parser: null when it would have refused the bytes itself. */
    private static String payload(byte[] bytes) {
        if (bytes.length > EventJson.MAX_BYTES) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void check(ParsedEvent p) {
        if (!p.isOk()) {
            Fuzzing.check(p.reason() != null && !p.reason().isBlank() && p.message() != null, "refused without reason", p);
            return;
        }
        var e = p.event();
        Fuzzing.check(e.type() != null && e.ts() != null && TimeRange.contains(e.ts()), "bad event", e);
        Fuzzing.check(e.until() == null || TimeRange.contains(e.until()), "until out of range", e);
        Fuzzing.check(e.type().isStaffAction() ? e.household() != null : e.device() != null || e.household() != null,
                "event names nobody", e);
    }
}

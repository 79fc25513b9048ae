package org.doorwatch.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway replay} in-process: SPEC sections 2, 4 and 5 as the command line sees them. */
class ReplayCommandTest {

    static final String CONFIG = String.join("\n",
            "site: { id: test-site, timezone: Asia/Shanghai }",
            "policies:",
            "  elderly-living-alone:",
            "    inactivity: { warning: 24h, callBack: 48h, visit: 72h }",
            "households:",
            "  - { id: \"3-2-501\", address: \"3栋2单元501\", policy: elderly-living-alone }",
            "  - { id: \"3-2-502\", address: \"3栋2单元502\", policy: elderly-living-alone }",
            "devices:",
            "  - { id: door-3-2-501, household: \"3-2-501\" }",
            "  - { id: door-3-2-502, household: \"3-2-502\" }",
            "");

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void silenceAfterOneOpeningEscalatesOverThreeDays() throws Exception {
        int code = replay(CONFIG, null,
                "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-502\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-24T09:00:00+08:00\",\"device\":\"door-3-2-502\",\"type\":\"DOOR_OPENED\"}");

        assertThat(code).isZero();
        assertThat(lines("household", "3-2-501")).containsExactly(
                "2026-11-23T08:00:00+08:00 WARNING [property]",
                "2026-11-24T08:00:00+08:00 CALL_BACK [property, community]",
                "2026-11-25T08:00:00+08:00 VISIT [property, community, police]");
        assertThat(lines("household", "3-2-502")).startsWith(
                "2026-11-23T08:00:00+08:00 WARNING [property]",
                "2026-11-24T08:00:00+08:00 CALL_BACK [property, community]",
                "2026-11-24T09:00:00+08:00 RESOLVED [property, community]",
                "2026-11-25T09:00:00+08:00 WARNING [property]");
    }

    @Test
    void everyAlertCarriesTheSpecFields() throws Exception {
        // The door contact sends a heartbeat every 10 minutes, so it is not offline and the
        // WARNING carries no sensorOffline.
        List<String> events = new ArrayList<>();
        events.add("{\"ts\":\"2026-11-22T08:15:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}");
        for (OffsetDateTime t = OffsetDateTime.parse("2026-11-22T08:25:00+08:00");
                t.isBefore(OffsetDateTime.parse("2026-11-23T08:15:00+08:00")); t = t.plusMinutes(10)) {
            events.add("{\"ts\":\"" + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t)
                    + "\",\"device\":\"door-3-2-501\",\"type\":\"HEARTBEAT\"}");
        }
        replay(CONFIG, "2026-11-23T08:15:00+08:00", events.toArray(String[]::new));

        JsonNode a = alerts().get(0);
        assertThat(a.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(a.get("ts").asText()).isEqualTo("2026-11-23T08:15:00+08:00");
        assertThat(a.get("rule").asText()).isEqualTo("elderly-inactivity");
        assertThat(a.get("stage").asText()).isEqualTo("WARNING");
        assertThat(a.get("household").asText()).isEqualTo("3-2-501");
        assertThat(a.get("channels").toString()).isEqualTo("[\"property\"]");
        assertThat(a.get("lastActivity").asText()).isEqualTo("2026-11-22T08:15:00+08:00");
        assertThat(a.get("message").asText()).isEqualTo("3栋2单元501 已24小时未开门");
        assertThat(a.has("sensorOffline")).isFalse();
    }

    @Test
    void aSilentDoorContactMarksTheStagesSensorOfflineAndRaisesDeviceOffline() throws Exception {
        replay(CONFIG, "2026-11-23T08:15:00+08:00",
                "{\"ts\":\"2026-11-22T08:15:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}");

        JsonNode warning = alerts().get(0);
        assertThat(warning.get("sensorOffline").asBoolean()).isTrue();
        // (the door was never reported closed: door-held-open fires at 08:45 as well, a flat's
        // door contact being held open after 30 minutes; it is offline after 4 hours, as door
        // contacts are: both are built in for the kind, see DeviceKinds)
        JsonNode offline = allAlerts().stream().filter(a -> a.get("rule").asText().equals("device-offline"))
                .filter(a -> a.get("device").asText().equals("door-3-2-501")).findFirst().orElseThrow();
        assertThat(offline.get("ts").asText()).isEqualTo("2026-11-22T12:15:00+08:00");
        assertThat(offline.get("evidence").toString())
                .isEqualTo("{\"lastHeard\":\"2026-11-22T08:15:00+08:00\",\"offlineAfter\":\"4h\"}");
        JsonNode held = allAlerts().stream().filter(a -> a.get("rule").asText().equals("door-held-open")).findFirst().orElseThrow();
        assertThat(held.get("ts").asText()).isEqualTo("2026-11-22T08:45:00+08:00");
    }

    @Test
    void securityAlertsPrintTheirDeviceEvidenceAndChineseReason() throws Exception {
        replay(CONFIG, "2026-11-22T08:16:00+08:00",
                "{\"ts\":\"2026-11-22T08:15:07+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_FORCED\"}");

        JsonNode a = allAlerts().get(0);
        assertThat(a.get("rule").asText()).isEqualTo("door-forced");
        assertThat(a.get("stage").asText()).isEqualTo("ALARM");
        assertThat(a.get("household").asText()).isEqualTo("3-2-501");
        assertThat(a.get("device").asText()).isEqualTo("door-3-2-501");
        assertThat(a.get("channels").toString()).isEqualTo("[\"property\",\"police\"]");
        assertThat(a.get("message").asText()).isEqualTo("3栋2单元501 门被强行打开（设备 door-3-2-501，11月22日 08:15:07）");
        assertThat(a.get("evidence").toString()).isEqualTo("{\"eventTime\":\"2026-11-22T08:15:07+08:00\"}");
        assertThat(a.has("lastActivity")).isFalse();
    }

    @Test
    void theSameInputGivesTheSameIds() throws Exception {
        String[] events = {"{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}"};
        replay(CONFIG, null, events);
        String first = out.toString(StandardCharsets.UTF_8);
        out.reset();
        replay(CONFIG, null, events);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first);
    }

    @Test
    void tiesAreOrderedByHouseholdThenStage() throws Exception {
        // Both households come under watch at the first event: their stages fall at the same instants.
        replay(CONFIG, null, "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"type\":\"HEARTBEAT\",\"household\":\"3-2-502\"}");

        List<String> order = new ArrayList<>();
        for (JsonNode a : alerts()) {
            order.add(a.get("ts").asText().substring(8, 10) + " " + a.get("household").asText() + " " + a.get("stage").asText());
        }
        assertThat(order).containsExactly(
                "23 3-2-501 WARNING", "23 3-2-502 WARNING",
                "24 3-2-501 CALL_BACK", "24 3-2-502 CALL_BACK",
                "25 3-2-501 VISIT", "25 3-2-502 VISIT");
    }

    @Test
    void aLateReportRaisesResolvedBeforeTheStagesItMakesDueInStageOrder() throws Exception {
        // At 11-25 10:00 a report arrives that the door opened at 11-22 09:00: the clock stays at
        // 11-25 10:00; the old episode resolves and the new one (from 11-22 09:00) is already
        // three days silent, so all its stages are due at once. Same ts: by household, then by
        // stage order, RESOLVED after VISIT.
        replay(CONFIG, "2026-11-25T10:00:00+08:00",
                "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-25T10:00:00+08:00\",\"device\":\"door-3-2-502\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-22T09:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}");

        List<String> at1000 = new ArrayList<>();
        for (JsonNode a : alerts()) {
            if (a.get("ts").asText().equals("2026-11-25T10:00:00+08:00")) {
                at1000.add(a.get("household").asText() + " " + a.get("stage").asText());
            }
        }
        assertThat(at1000).containsExactly(
                "3-2-501 WARNING", "3-2-501 CALL_BACK", "3-2-501 VISIT", "3-2-501 RESOLVED", "3-2-502 RESOLVED");
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndSkipped() throws Exception {
        int code = replay(CONFIG, "2026-11-23T09:00:00+08:00",
                "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}",
                "garbage",
                "",
                "{\"ts\":\"2026-11-22T08:30:00+08:00\",\"device\":\"door-9-9-999\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-22T08:40:00+08:00\",\"type\":\"AWAY\",\"household\":\"1-1-101\"}",
                "{\"ts\":\"2026-11-22T08:50:00+08:00\",\"device\":\"door-3-2-502\",\"type\":\"DOOR_SLAMMED\"}",
                "{\"ts\":\"2026-11-22T09:00:00+08:00\",\"device\":\"door-3-2-502\",\"type\":\"DOOR_OPENED\"}");

        assertThat(code).isZero();
        String e = err.toString(StandardCharsets.UTF_8);
        Path events = dir.resolve("events.jsonl");
        assertThat(e).contains(events + ":2: not JSON")
                .contains(events + ":4: unknown device 'door-9-9-999'")
                .contains(events + ":5: unknown household '1-1-101'")
                .contains(events + ":6: field 'type': unknown event type 'DOOR_SLAMMED'")
                .contains("4 bad lines skipped");
        assertThat(lines("household", "3-2-501")).containsExactly("2026-11-23T08:00:00+08:00 WARNING [property]");
        // line 7 was applied after the bad ones: 3-2-502's clock runs from 09:00, not 08:00
        assertThat(lines("household", "3-2-502")).containsExactly("2026-11-23T09:00:00+08:00 WARNING [property]");
    }

    @Test
    void stdoutHoldsNothingButAlerts() throws Exception {
        replay(CONFIG, null, "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}", "bad");

        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            assertThat(new ObjectMapper().readTree(line).has("stage")).as(line).isTrue();
        }
    }

    @Test
    void eventsAfterUntilAreNotApplied() throws Exception {
        replay(CONFIG, "2026-11-23T07:00:00+08:00",
                "{\"ts\":\"2026-11-22T08:00:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}",
                "{\"ts\":\"2026-11-23T07:30:00+08:00\",\"device\":\"door-3-2-501\",\"type\":\"DOOR_OPENED\"}");

        assertThat(alerts()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 events after --until ignored");
    }

    @Test
    void aBadConfigExitsTwoWithFileLineColumn() throws Exception {
        int code = replay(CONFIG.replace("warning: 24h", "warning: 24x"), null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(dir.resolve("gateway.yml")
                + ":4:28: policies.elderly-living-alone.inactivity.warning: bad duration '24x'");
        assertThat(out.size()).isZero();
    }

    @Test
    void aMissingEventsFileExitsTwo() throws Exception {
        Path config = Files.writeString(dir.resolve("gateway.yml"), CONFIG);
        int code = Cli.run(new String[] {"replay", "--config", config.toString(), "--events", dir.resolve("nope.jsonl").toString()},
                new PrintStream(out), new PrintStream(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.jsonl: cannot read the events file: no such file");
    }

    @Test
    void aBadUntilOrAMissingOptionExitsTwo() throws Exception {
        assertThat(replay(CONFIG, "tomorrow")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--until: expected an ISO-8601 time");
        assertThat(Cli.run(new String[] {"replay", "--events", "x"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(Cli.run(new String[] {"replay", "--bogus"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(Cli.run(new String[] {"fly"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    }

    private int replay(String config, String until, String... events) throws Exception {
        Path configFile = Files.writeString(dir.resolve("gateway.yml"), config);
        Path eventsFile = Files.write(dir.resolve("events.jsonl"), List.of(events), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("replay", "--config", configFile.toString(), "--events", eventsFile.toString()));
        if (until != null) {
            args.add("--until");
            args.add(until);
        }
        return Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * The elderly-inactivity alerts printed: these tests are about the escalation. Their devices
     * send no heartbeats, so device-offline alarms print too (see the security tests below and
     * SecurityRulesTest).
     */
    private List<JsonNode> alerts() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode a : allAlerts()) {
            if (a.get("rule").asText().equals("elderly-inactivity")) {
                list.add(a);
            }
        }
        return list;
    }

    private List<JsonNode> allAlerts() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                list.add(new ObjectMapper().readTree(line));
            }
        }
        return list;
    }

    private List<String> lines(String field, String value) throws Exception {
        List<String> list = new ArrayList<>();
        for (JsonNode a : alerts()) {
            if (a.path(field).asText().equals(value)) {
                List<String> channels = new ArrayList<>();
                a.get("channels").forEach(c -> channels.add(c.asText()));
                list.add(a.get("ts").asText() + " " + a.get("stage").asText() + " " + channels);
            }
        }
        return list;
    }
}

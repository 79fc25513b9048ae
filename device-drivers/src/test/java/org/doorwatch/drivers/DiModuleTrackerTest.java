package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorwatch.domain.EventType.DEVICE_FAULT;
import static org.doorwatch.domain.EventType.DOOR_CLOSED;
import static org.doorwatch.domain.EventType.DOOR_OPENED;
import static org.doorwatch.domain.EventType.HEARTBEAT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.junit.jupiter.api.Test;

class DiModuleTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(60);

    /** Input 0: door-a, normally closed. Input 2: door-b, normally open. */
    private static final ModbusModule MODULE = new ModbusModule(1, 2, 0,
            List.of(new InputBinding(0, "door-a", true), new InputBinding(2, "door-b", false)));

    private static DiModuleTracker tracker() {
        return new DiModuleTracker(MODULE, 3, HEARTBEAT_EVERY);
    }

    /** Both doors shut: NC input on, NO input off. */
    private static final boolean[] SHUT = {true, false, false};
    private static final boolean[] A_OPEN = {false, false, false};
    private static final boolean[] B_OPEN = {true, false, true};

    private static List<String> brief(List<DoorEvent> events) {
        return events.stream().map(e -> e.device() + " " + e.type()).toList();
    }

    @Test
    void theFirstAnswerIsABaselineWithHeartbeatsOnly() {
        DiModuleTracker t = tracker();
        assertThat(brief(t.onAnswer(T0, A_OPEN))).containsExactly("door-a HEARTBEAT", "door-b HEARTBEAT");
        assertThat(t.doorOpen(0)).isTrue();
        assertThat(t.doorOpen(1)).isFalse();
    }

    @Test
    void edgesBecomeOpenedAndClosedForNormallyClosedAndNormallyOpenContacts() {
        DiModuleTracker t = tracker();
        t.onAnswer(T0, SHUT);
        Instant t1 = T0.plus(POLL);

        assertThat(t.onAnswer(t1, A_OPEN)).containsExactly(DoorEvent.device(t1, "door-a", DOOR_OPENED));
        assertThat(brief(t.onAnswer(t1.plus(POLL), SHUT))).containsExactly("door-a DOOR_CLOSED");
        assertThat(brief(t.onAnswer(t1.plus(POLL.multipliedBy(2)), B_OPEN))).containsExactly("door-b DOOR_OPENED");
        assertThat(brief(t.onAnswer(t1.plus(POLL.multipliedBy(3)), B_OPEN))).isEmpty();
        assertThat(brief(t.onAnswer(t1.plus(POLL.multipliedBy(4)), SHUT))).containsExactly("door-b DOOR_CLOSED");
    }

    @Test
    void heartbeatsComeAtMostOncePerIntervalNotPerPoll() {
        DiModuleTracker t = tracker();
        List<DoorEvent> all = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i <= 5 * 60 * 4; i++) { // five minutes of polls every 250 ms
            all.addAll(t.onAnswer(now, SHUT));
            now = now.plus(POLL);
        }
        // baseline + one per minute
        assertThat(all.stream().filter(e -> e.device().equals("door-a"))).hasSize(6).allMatch(e -> e.type() == HEARTBEAT);
        assertThat(all.stream().filter(e -> e.device().equals("door-b"))).hasSize(6);
    }

    @Test
    void anEdgeCountsAsBeingHeard() {
        DiModuleTracker t = tracker();
        t.onAnswer(T0, SHUT);
        t.onAnswer(T0.plusSeconds(50), A_OPEN);
        assertThat(brief(t.onAnswer(T0.plusSeconds(60), A_OPEN))).containsExactly("door-b HEARTBEAT");
        assertThat(brief(t.onAnswer(T0.plusSeconds(110), A_OPEN))).containsExactly("door-a HEARTBEAT");
    }

    @Test
    void aModuleThatStopsAnsweringFaultsOnceAndResumes() {
        DiModuleTracker t = tracker();
        t.onAnswer(T0, SHUT);

        assertThat(t.onFailure(T0.plusSeconds(1))).isEmpty();
        assertThat(t.onFailure(T0.plusSeconds(2))).isEmpty();
        assertThat(brief(t.onFailure(T0.plusSeconds(3)))).containsExactly("door-a DEVICE_FAULT", "door-b DEVICE_FAULT");
        for (int i = 4; i < 100; i++) {
            assertThat(t.onFailure(T0.plusSeconds(i))).isEmpty();
        }
        assertThat(t.faulted()).isTrue();

        // door-a opened while the module was silent: reported on the first answer; door-b is heard again
        assertThat(brief(t.onAnswer(T0.plusSeconds(100), A_OPEN))).containsExactly("door-a DOOR_OPENED", "door-b HEARTBEAT");
        assertThat(t.faulted()).isFalse();
        assertThat(t.onFailure(T0.plusSeconds(101))).isEmpty();
    }

    @Test
    void anAnswerBetweenFailuresStartsTheCountAgain() {
        DiModuleTracker t = tracker();
        t.onAnswer(T0, SHUT);
        for (int round = 0; round < 10; round++) {
            assertThat(t.onFailure(T0)).isEmpty();
            assertThat(t.onFailure(T0)).isEmpty();
            t.onAnswer(T0, SHUT);
        }
        assertThat(t.faulted()).isFalse();
    }

    @Test
    void aModuleThatNeverAnsweredStillFaults() {
        DiModuleTracker t = tracker();
        t.onFailure(T0);
        t.onFailure(T0);
        assertThat(brief(t.onFailure(T0))).containsExactly("door-a DEVICE_FAULT", "door-b DEVICE_FAULT");
        assertThat(brief(t.onAnswer(T0, SHUT))).containsExactly("door-a HEARTBEAT", "door-b HEARTBEAT");
    }

    @Test
    void aClockThatJumpsBackDoesNotSilenceHeartbeats() {
        DiModuleTracker t = tracker();
        t.onAnswer(T0, SHUT);
        assertThat(t.onAnswer(T0.minus(Duration.ofHours(1)), SHUT)).hasSize(2);
    }

    /**
     * Random polls and failures against a plain model of the doors: edges match the model's changes,
     * faults come once per run of failures, and while answering every device is heard at least every
     * heartbeatEvery (plus one step) but never twice by heartbeat within it.
     */
    @Property(tries = 300)
    void randomPollsMatchAPlainModel(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 8) Integer> ops,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 45_000) Integer> stepsMs) {
        DiModuleTracker t = tracker();
        Map<String, Boolean> modelOpen = new HashMap<>();
        Map<String, Instant> lastHeard = new HashMap<>();
        Map<String, Instant> lastHeartbeat = new HashMap<>();
        int failuresInARow = 0;
        boolean faulted = false;
        Instant now = T0;
        int step = 0;
        for (int op : ops) {
            now = now.plusMillis(stepsMs.get(step++ % stepsMs.size()));
            if (op == 0) {
                List<DoorEvent> out = t.onFailure(now);
                failuresInARow++;
                if (failuresInARow == 3 && !faulted) {
                    faulted = true;
                    assertThat(out).extracting(DoorEvent::type).containsExactly(DEVICE_FAULT, DEVICE_FAULT);
                } else {
                    assertThat(out).isEmpty();
                }
                continue;
            }
            boolean[] inputs = {(op & 1) != 0, false, (op & 2) != 0};
            boolean recovered = faulted;
            List<DoorEvent> out = t.onAnswer(now, inputs);
            failuresInARow = 0;
            faulted = false;
            Map<String, Boolean> nowOpen = Map.of("door-a", !inputs[0], "door-b", inputs[2]);
            for (String device : List.of("door-a", "door-b")) {
                List<EventType> got = out.stream().filter(e -> e.device().equals(device)).map(DoorEvent::type).toList();
                Boolean before = modelOpen.get(device);
                boolean after = nowOpen.get(device);
                if (before != null && before != after) {
                    assertThat(got).containsExactly(after ? DOOR_OPENED : DOOR_CLOSED);
                } else if (before == null || recovered) {
                    assertThat(got).containsExactly(HEARTBEAT);
                } else if (got.isEmpty()) {
                    assertThat(Duration.between(lastHeard.get(device), now)).isLessThan(HEARTBEAT_EVERY);
                } else {
                    assertThat(got).containsExactly(HEARTBEAT);
                    Instant previous = lastHeartbeat.get(device);
                    assertThat(previous == null || !Duration.between(lastHeard.get(device), now).minus(HEARTBEAT_EVERY).isNegative())
                            .isTrue();
                }
                if (!got.isEmpty()) {
                    lastHeard.put(device, now);
                    if (got.contains(HEARTBEAT)) {
                        lastHeartbeat.put(device, now);
                    }
                }
                modelOpen.put(device, after);
            }
        }
    }
}

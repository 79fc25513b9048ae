package org.doorwatch.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Both subscribers against a Mosquitto started on a free port, fed by mosquitto_pub. */
@Timeout(60)
class AlertSubscriberTest {

    static final String FILTER = "gw/s/alerts/#";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String WARNING = "{\"id\":\"a-1\",\"rule\":\"elderly-inactivity\",\"stage\":\"WARNING\",\"household\":\"h-1\","
            + "\"ts\":\"2026-11-23T08:00:00+08:00\",\"lastActivity\":\"2026-11-22T08:00:00+08:00\"}";
    static final String TAMPER = "{\"id\":\"a-2\",\"rule\":\"tamper\",\"stage\":\"ALARM\",\"device\":\"dc-1\","
            + "\"ts\":\"2026-11-23T09:00:00+08:00\"}";

    @TempDir
    static Path dir;
    static Mosquitto mosquitto;

    @BeforeAll
    static void broker() throws Exception {
        mosquitto = Mosquitto.start(dir.resolve("mosquitto"), false);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        mosquitto.close();
    }

    @Test
    void recordsWhatArrivesUnderItsFilterWithTheChannelAndTheAlertsFields() throws Exception {
        try (AlertSubscriber console = AlertSubscriber.connect(mosquitto.port(), FILTER)) {
            MosquittoPub.publish(mosquitto.port(), "gw/s/alerts/property", WARNING);
            MosquittoPub.publish(mosquitto.port(), "gw/s/alerts/community", WARNING);
            MosquittoPub.publish(mosquitto.port(), "gw/s/devices/dc-1/events", "{\"type\":\"DOOR_OPENED\"}");
            MosquittoPub.publish(mosquitto.port(), "gw/s/alerts/property", "not json");
            MosquittoPub.publish(mosquitto.port(), "gw/s/alerts/police", TAMPER);

            await().atMost(WAIT).until(() -> console.alerts().size() == 4);
            assertThat(console.alerts()).extracting(Received::channel)
                    .containsExactly("property", "community", "property", "police");
            assertThat(console.alerts().get(2).payload()).as("a payload that is not JSON is kept, not fatal").isEqualTo("not json");

            Received warning = console.ofHousehold("h-1", "elderly-inactivity", "WARNING").get(0);
            assertThat(warning.id()).isEqualTo("a-1");
            assertThat(warning.device()).as("absent: empty").isEmpty();
            assertThat(warning.ts()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
            assertThat(warning.lastActivity()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
            assertThat(warning.payload()).isEqualTo(WARNING);

            assertThat(console.about("dc-1", "tamper", "ALARM")).extracting(Received::channel).containsExactly("police");
            assertThat(console.about("dc-1", "tamper", "RESOLVED")).isEmpty();
            assertThat(console.about("dc-1", "tamper", "ALARM").get(0).lastActivity()).isNull();
            assertThat(console.alerts().get(2).rule()).as("no fields in a payload that is not JSON").isEmpty();
            assertThat(console.channels(a -> a.rule().equals("elderly-inactivity")))
                    .containsExactly("community", "property");
        }
    }

    @Test
    void aWatcherHandsEachAlertOnAndKeepsNothing() throws Exception {
        List<Received> seen = new CopyOnWriteArrayList<>();
        try (AlertSubscriber watcher = AlertSubscriber.watch(mosquitto.url(), FILTER, "watcher-test", seen::add)) {
            MosquittoPub.publish(mosquitto.port(), "gw/s/alerts/police", TAMPER);
            await().atMost(WAIT).until(() -> seen.size() == 1);
            assertThat(seen.get(0)).isEqualTo(new Received("gw/s/alerts/police", TAMPER));
            assertThat(watcher.alerts()).isEmpty();
        }
    }

    @Test
    void mosquittoSubReceivesTheSameAndItsPersistentSessionOutlivesABrokerRestart() throws Exception {
        Path d = dir.resolve("restart");
        try (Mosquitto broker = Mosquitto.start(d.resolve("mosquitto"), true);
             MosquittoSub sub = MosquittoSub.start(broker.port(), FILTER, "console-1", d.resolve("sub"))
                     .awaitReady(broker.port(), "gw/s/alerts/probe")) {
            MosquittoPub.publish(broker.port(), "gw/s/alerts/property", WARNING);
            await().atMost(WAIT).until(() -> sub.messages().contains(new Received("gw/s/alerts/property", WARNING)));

            broker.stop();
            broker.start();
            // published while the subscriber is still away: its session in the broker keeps it
            MosquittoPub.publish(broker.port(), "gw/s/alerts/police", TAMPER);
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.messages().contains(new Received("gw/s/alerts/police", TAMPER)));
            assertThat(sub.isAlive()).isTrue();
        }
    }
}

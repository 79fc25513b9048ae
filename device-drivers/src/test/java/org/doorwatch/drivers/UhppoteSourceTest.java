package org.doorwatch.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorwatch.domain.EventType.ACCESS_DENIED;
import static org.doorwatch.domain.EventType.ACCESS_GRANTED;
import static org.doorwatch.domain.EventType.DEVICE_FAULT;
import static org.doorwatch.domain.EventType.DOOR_CLOSED;
import static org.doorwatch.domain.EventType.DOOR_FORCED;
import static org.doorwatch.domain.EventType.DOOR_HELD_OPEN;
import static org.doorwatch.domain.EventType.DOOR_OPENED;
import static org.doorwatch.domain.EventType.HEARTBEAT;
import static org.doorwatch.domain.EventType.TAMPER;
import static org.doorwatch.domain.EventType.VISITOR_ADMITTED;
import static org.doorwatch.drivers.uhppote.ControllerEvent.DIRECTION_IN;
import static org.doorwatch.drivers.uhppote.ControllerEvent.DIRECTION_OUT;
import static org.doorwatch.drivers.uhppote.ControllerEvent.TYPE_ALARM;
import static org.doorwatch.drivers.uhppote.ControllerEvent.TYPE_DOOR;
import static org.doorwatch.drivers.uhppote.ControllerEvent.TYPE_SWIPE;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.doorwatch.domain.Direction;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code uhppote} driver over real UDP on loopback, against a scripted controller
 * ({@link ControllerPeer}): first contact (listener, clock, history), every event kind it maps,
 * lost, duplicated and forged packets, a lossy link, a restart, a controller that goes silent.
 */
@Timeout(120)
class UhppoteSourceTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long SERIAL = 405419896;
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private final Clock clock = Clock.system(ZONE);
    private final RecordingSink sink = new RecordingSink();
    private final RecordingStatus status = new RecordingStatus();
    private final EventCursors cursors = EventCursors.inMemory();
    private ControllerPeer peer;
    private DeviceSource source;
    private int listenPort;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private DeviceSource start(UhppoteSettings.Builder b) {
        UhppoteSettings settings = b.build();
        source = DeviceSources.create(new UdpEndpoint("127.0.0.1", peer.port()), settings, sink, status, clock, FAST,
                List.of(), cursors);
        source.start();
        return source;
    }

    private UhppoteSettings.Builder settings() throws IOException {
        listenPort = freeUdpPort();
        return UhppoteSettings.builder(SERIAL, "127.0.0.1", listenPort, Map.of(1, "gate-1", 2, "door-2"))
                .timeout(Duration.ofMillis(100)).retries(3).pollInterval(Duration.ofMillis(200))
                .faultAfter(Duration.ofSeconds(1)).heartbeatEvery(Duration.ofMinutes(10));
    }

    @Test
    void firstContactSetsTheListenerCorrectsTheClockAndLeavesHistoryUnread() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        for (int i = 0; i < 5; i++) {
            peer.record(TYPE_SWIPE, true, 1, DIRECTION_IN, 1000 + i, 1, LocalDateTime.now(clock).minusDays(3));
        }
        peer.clockOffset(Duration.ofMinutes(-5)); // five minutes slow
        start(settings());

        await("up").atMost(WAIT).until(source::isUp);
        assertThat(source.statusReason()).isEqualTo("controller 405419896 answers; newest event 5");
        assertThat(peer.listener()).isEqualTo(new InetSocketAddress("127.0.0.1", listenPort));
        assertThat(peer.clockOffset().abs()).isLessThan(Duration.ofSeconds(2));
        assertThat(peer.asked(UhppoteMessage.SetTime.class)).isEqualTo(1);
        assertThat(sink.doorEvents()).as("history is not read").isEmpty();
        await("a heartbeat per door at first contact").atMost(WAIT).until(() ->
                sink.events("gate-1", HEARTBEAT).size() == 1 && sink.events("door-2", HEARTBEAT).size() == 1);
        assertThat(cursors.last(SERIAL)).hasValue(5);
        await("the controller's user event index follows").atMost(WAIT).until(() -> peer.userIndex() == 5);

        ControllerEvent swipe = peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, 8165538, UhppoteEvents.REASON_SWIPE);
        await().atMost(WAIT).until(() -> sink.doorEvents().size() == 1);
        DoorEvent e = sink.doorEvents().get(0);
        assertThat(e.device()).isEqualTo("gate-1");
        assertThat(e.type()).isEqualTo(ACCESS_GRANTED);
        assertThat(e.credential()).isEqualTo("card:8165538");
        assertThat(e.direction()).isEqualTo(Direction.IN);
        assertThat(e.ts()).isEqualTo(swipe.timestamp().atZone(ZONE).toInstant());
        assertThat(sink.sources()).allMatch(s -> s.equals("udp:127.0.0.1:" + peer.port()));
        await("stored").atMost(WAIT).until(() -> cursors.last(SERIAL).orElse(0) == 6);
    }

    @Test
    void everyKindOfRecordMapsToItsEventOrIsCountedAsNotADoorEvent() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        start(settings().cardFormat(UhppoteSettings.CardFormat.HEX).credentialPrefix("wg:"));
        await("up").atMost(WAIT).until(source::isUp);

        peer.push(TYPE_SWIPE, false, 2, DIRECTION_OUT, 0x5A3C91, 6);                       // no privilege
        peer.push(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_OPEN);
        peer.push(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_CLOSED);
        peer.push(TYPE_DOOR, false, 2, 0, 0, UhppoteEvents.REASON_PUSH_BUTTON);
        peer.push(TYPE_ALARM, false, 1, 0, 0, UhppoteEvents.REASON_FORCED_OPEN);
        peer.push(TYPE_ALARM, false, 2, 0, 0, UhppoteEvents.REASON_OPEN_TOO_LONG);
        peer.push(TYPE_ALARM, false, 1, 0, 0, UhppoteEvents.REASON_THEFT);
        peer.push(TYPE_DOOR, false, 1, DIRECTION_IN, 0, UhppoteEvents.REASON_REMOTE_OPEN);
        peer.push(TYPE_ALARM, false, 1, 0, 0, 39);                                        // fire: no SPEC 4 event
        peer.push(TYPE_DOOR, false, 3, 0, 0, UhppoteEvents.REASON_DOOR_OPEN);              // door 3: no device
        peer.push(TYPE_ALARM, false, 1, 0, 0, UhppoteEvents.REASON_POWER_ON);              // skipped quietly
        peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, 0xFFFF_FFFFL, 1);

        await().atMost(WAIT).until(() -> cursors.last(SERIAL).orElse(0) == 12);
        List<DoorEvent> got = sink.doorEvents();
        assertThat(got).extracting(DoorEvent::device, DoorEvent::type, DoorEvent::credential, DoorEvent::direction)
                .containsExactly(
                        tuple("door-2", ACCESS_DENIED, "wg:005A3C91", Direction.OUT),
                        tuple("gate-1", DOOR_OPENED, null, null),
                        tuple("gate-1", DOOR_CLOSED, null, null),
                        tuple("door-2", ACCESS_GRANTED, null, Direction.OUT),
                        tuple("gate-1", DOOR_FORCED, null, null),
                        tuple("door-2", DOOR_HELD_OPEN, null, null),
                        tuple("gate-1", TAMPER, null, null),
                        tuple("gate-1", VISITOR_ADMITTED, null, Direction.IN),
                        tuple("gate-1", ACCESS_GRANTED, "wg:FFFFFFFF", Direction.IN));
        assertThat(sink.invalid()).extracting(InvalidFrame::reason, InvalidFrame::message).containsExactly(
                tuple(UhppoteSource.UNMAPPED, "event 9: alarm, reason 39 (fire) is no SPEC 4 door event; skipped"),
                tuple(UhppoteSource.UNKNOWN_DOOR, "event 10 (DOOR_OPENED) is for door 3, which has no device in doors [1, 2]; skipped"));
    }

    @Test
    void aLostPushIsReadByIndexAndADuplicatedPushIsHandedOverOnce() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        UhppoteSource s = (UhppoteSource) start(settings().pollInterval(Duration.ofMillis(500)));
        await("up").atMost(WAIT).until(source::isUp);

        // a push lost on the way: the next poll's newest index finds it
        peer.record(TYPE_SWIPE, true, 1, DIRECTION_IN, 1, 1, peer.now());
        await("read by index").atMost(WAIT).until(() -> sink.doorEvents().size() == 1);
        // pushed, then again (the controller's auto-send, or a duplicated datagram)
        peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, 2, 1);
        await("handed over").atMost(WAIT).until(() -> sink.doorEvents().size() == 2);
        // pushes close together are looked at once (the newest); so the copy comes after the first was handed over
        await("the copy is dropped").atMost(WAIT).until(() -> {
            peer.pushLatest();
            return s.duplicates() >= 1;
        });
        // event 4 pushed after 3 was lost: the gap is read, in order
        peer.record(TYPE_SWIPE, true, 1, DIRECTION_IN, 3, 1, peer.now());
        peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, 4, 1);
        await().atMost(WAIT).until(() -> sink.doorEvents().size() >= 4);
        assertThat(sink.doorEvents()).extracting(DoorEvent::credential)
                .containsExactly("card:1", "card:2", "card:3", "card:4");
        assertThat(sink.doorEvents()).hasSize(4);
    }

    @Test
    void aLossyLinkLosesNoEventAndRepeatsNone() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        peer.loss(0.3); // 30 % of the packets each way
        UhppoteSource s = (UhppoteSource) start(settings().timeout(Duration.ofMillis(50)).retries(5));
        await("up").atMost(WAIT).until(() -> s.delivered() >= 0);
        int n = 200;
        for (int i = 1; i <= n; i++) {
            peer.push(TYPE_SWIPE, true, 1 + i % 2, DIRECTION_IN, i, 1);
        }
        await("all " + n).atMost(Duration.ofSeconds(60)).until(() -> sink.doorEvents().size() >= n);
        List<String> cards = sink.doorEvents().stream().map(DoorEvent::credential).toList();
        assertThat(cards).hasSize(n);
        for (int i = 1; i <= n; i++) {
            assertThat(cards.get(i - 1)).isEqualTo("card:" + i);
        }
        assertThat(s.timeouts()).as("the link did lose packets").isPositive();
        await("stored").atMost(WAIT).until(() -> cursors.last(SERIAL).orElse(0) == n);
    }

    @Test
    void aRestartReadsOnFromTheStoredIndexAndNotAgain() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        start(settings());
        await("up").atMost(WAIT).until(source::isUp);
        for (int i = 1; i <= 3; i++) {
            peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, i, 1);
        }
        await().atMost(WAIT).until(() -> sink.doorEvents().size() == 3);
        source.close();
        assertThat(cursors.last(SERIAL)).hasValue(3);

        // while the gateway is away: three more, one of them an hour ago
        LocalDateTime hourAgo = peer.now().minusHours(1);
        peer.record(TYPE_DOOR, false, 2, 0, 0, UhppoteEvents.REASON_DOOR_OPEN, hourAgo);
        peer.record(TYPE_DOOR, false, 2, 0, 0, UhppoteEvents.REASON_DOOR_CLOSED, peer.now());
        peer.record(TYPE_SWIPE, false, 1, DIRECTION_IN, 4, 18, peer.now());
        sink.clear();
        start(settings());
        await().atMost(WAIT).until(() -> sink.doorEvents().size() >= 3);
        assertThat(sink.doorEvents()).extracting(DoorEvent::type).containsExactly(DOOR_OPENED, DOOR_CLOSED, ACCESS_DENIED);
        assertThat(sink.doorEvents().get(0).ts()).as("an old event keeps its time")
                .isEqualTo(hourAgo.atZone(ZONE).toInstant());
        await().atMost(WAIT).until(() -> cursors.last(SERIAL).orElse(0) == 6);
        assertThat(sink.doorEvents()).hasSize(3);
    }

    @Test
    void aGatewayThatLostItsStoreReadsOnFromTheControllersOwnMarkWhenItIsRecent() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        for (int i = 1; i <= 10; i++) {
            peer.record(TYPE_SWIPE, true, 1, DIRECTION_IN, i, 1, peer.now());
        }
        peer.userIndex(7); // mirrored there by the gateway before its store was lost
        start(settings());
        await().atMost(WAIT).until(() -> sink.doorEvents().size() >= 3);
        assertThat(sink.doorEvents()).extracting(DoorEvent::credential).containsExactly("card:8", "card:9", "card:10");
        await().atMost(WAIT).until(() -> cursors.last(SERIAL).orElse(0) == 10);
    }

    @Test
    void aMarkFarBehindTheNewestIsNotTrusted() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        for (int i = 1; i <= UhppoteSource.MAX_RESUME + 10; i++) {
            peer.record(TYPE_SWIPE, true, 1, DIRECTION_IN, i, 1, peer.now().minusDays(30));
        }
        peer.userIndex(5); // set by other software long ago: reading on from it would replay a month
        start(settings());
        await("up").atMost(WAIT).until(source::isUp);
        assertThat(cursors.last(SERIAL)).hasValue(UhppoteSource.MAX_RESUME + 10);
        peer.push(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_OPEN);
        await().atMost(WAIT).until(() -> sink.doorEvents().size() == 1);
        assertThat(sink.doorEvents().get(0).type()).isEqualTo(DOOR_OPENED);
    }

    @Test
    void aSilentControllerGoesDownFaultsItsDoorsAndIsBack() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        start(settings());
        await("up").atMost(WAIT).until(source::isUp);
        peer.silent(true);
        await("down").atMost(WAIT).until(() -> !source.isUp());
        assertThat(source.statusReason()).startsWith("no answer from controller 405419896 at 127.0.0.1:" + peer.port()
                + " to get-status (4 tries, PT0.1S each)");
        await("faults").atMost(WAIT).until(() -> sink.events("gate-1", DEVICE_FAULT).size() == 1
                && sink.events("door-2", DEVICE_FAULT).size() == 1);
        int heartbeats = sink.events("gate-1", HEARTBEAT).size();
        peer.silent(false);
        await("up again").atMost(WAIT).until(source::isUp);
        await("heartbeat after the fault").atMost(WAIT).until(() -> sink.events("gate-1", HEARTBEAT).size() > heartbeats);
        assertThat(sink.events("gate-1", DEVICE_FAULT)).hasSize(1);
        assertThat(status.downs()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void forgedAndBrokenPacketsAreCountedAndDroppedAndTheNextGoodOneIsRead() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        start(settings().pollInterval(Duration.ofSeconds(5)));
        await("up").atMost(WAIT).until(source::isUp);
        await().atMost(WAIT).until(() -> sink.events("gate-1", HEARTBEAT).size() == 1);

        ControllerEvent forged = new ControllerEvent(1, TYPE_SWIPE, true, 1, DIRECTION_IN, 99, LocalDateTime.now(clock), 1);
        byte[] push = UhppoteCodec.encode(new UhppoteMessage.Status(SERIAL, forged, 0, 0, 0, LocalDateTime.now(clock), 0, 0, 0, 0));
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             DatagramSocket sameHost = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress gateway = new InetSocketAddress("127.0.0.1", listenPort);
            other.send(new DatagramPacket(push, push.length, gateway));
            byte[] shortPacket = java.util.Arrays.copyOf(push, 40);
            sameHost.send(new DatagramPacket(shortPacket, shortPacket.length, gateway));
            byte[] otherController = UhppoteCodec.encode(new UhppoteMessage.Status(1, forged, 0, 0, 0, null, 0, 0, 0, 0));
            sameHost.send(new DatagramPacket(otherController, otherController.length, gateway));
            await().atMost(WAIT).until(() -> sink.invalid().size() == 3);
        }
        assertThat(sink.invalid()).extracting(InvalidFrame::reason).containsExactlyInAnyOrder(
                UhppoteSource.WRONG_SENDER, UhppoteCodec.BAD_LENGTH, UhppoteCodec.WRONG_SERIAL);
        assertThat(sink.invalid().stream().filter(f -> f.reason().equals(UhppoteSource.WRONG_SENDER)).findFirst().orElseThrow()
                .message()).startsWith("a packet from 127.0.0.2:")
                .endsWith("expected packets from controller 405419896 at 127.0.0.1 only; dropped");
        assertThat(sink.doorEvents()).isEmpty();

        peer.push(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_OPEN);
        await().atMost(WAIT).until(() -> sink.doorEvents().size() == 1);
        assertThat(sink.doorEvents().get(0).type()).isEqualTo(DOOR_OPENED);
    }

    @Test
    void anEventTimeTheControllersClockCannotHaveRightIsReplacedByTheReceiveTime() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        UhppoteSource s = (UhppoteSource) start(settings());
        await("up").atMost(WAIT).until(source::isUp);
        await("a poll caught up").atMost(WAIT).until(() -> peer.asked(UhppoteMessage.GetStatus.class) >= 3);

        Instant before = clock.instant().minusSeconds(1);
        peer.record(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_OPEN, LocalDateTime.of(2000, 1, 1, 0, 0, 5));
        peer.record(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_CLOSED, LocalDateTime.now(clock).plusDays(1));
        peer.push(TYPE_DOOR, false, 1, 0, 0, UhppoteEvents.REASON_DOOR_OPEN);
        await().atMost(WAIT).until(() -> sink.doorEvents().size() == 3);
        for (DoorEvent e : sink.doorEvents()) {
            assertThat(e.ts()).isBetween(before, clock.instant());
        }
        assertThat(s.timestampCorrections()).isEqualTo(2);
    }

    @Test
    void aListenerChangedByAnotherToolIsSetBackAtTheNextCheck() throws Exception {
        peer = new ControllerPeer(SERIAL, clock);
        UhppoteSource s = (UhppoteSource) start(settings().clockCheckEvery(Duration.ofSeconds(1)));
        await("up").atMost(WAIT).until(source::isUp);
        assertThat(s.listenerSets()).isEqualTo(1);
        peer.listener("192.168.1.9", 60001); // the vendor's software took the controller's events
        await("set back").atMost(WAIT).until(() -> peer.listener().equals(new InetSocketAddress("127.0.0.1", listenPort)));
        assertThat(s.listenerSets()).isEqualTo(2);
    }

    @Test
    void cardNumbersStayOutOfTheLogAboveDebug() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.doorwatch");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            peer = new ControllerPeer(SERIAL, clock);
            start(settings());
            await("up").atMost(WAIT).until(source::isUp);
            peer.push(TYPE_SWIPE, true, 1, DIRECTION_IN, 8165538, 1);
            peer.push(TYPE_SWIPE, false, 3, DIRECTION_IN, 7654321, 6);   // door 3: no device, an invalid-frame warning
            peer.push(TYPE_SWIPE, false, 1, DIRECTION_IN, 1234567, 255); // a reason nobody knows: still a denied swipe
            await().atMost(WAIT).until(() -> sink.doorEvents().size() == 2 && sink.invalid().size() == 1);
        } finally {
            logger.detachAppender(logged);
        }
        List<String> aboveDebug = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertThat(aboveDebug).isNotEmpty().noneMatch(m -> m.contains("8165538") || m.contains("7654321") || m.contains("1234567"));
        assertThat(sink.invalid().get(0).message()).doesNotContain("7654321");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}

package org.doorwatch.drivers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.doorwatch.drivers.uhppote.ControllerEvent;
import org.doorwatch.drivers.uhppote.UhppoteCodec;
import org.doorwatch.drivers.uhppote.UhppoteEvents;
import org.doorwatch.drivers.uhppote.UhppoteFrame;
import org.doorwatch.drivers.uhppote.UhppoteMessage;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Event;
import org.doorwatch.drivers.uhppote.UhppoteMessage.EventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetEvent;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetEventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetListener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetStatus;
import org.doorwatch.drivers.uhppote.UhppoteMessage.GetTime;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Listener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.ListenerSet;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Reply;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Request;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetEventIndex;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetListener;
import org.doorwatch.drivers.uhppote.UhppoteMessage.SetTime;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Status;
import org.doorwatch.drivers.uhppote.UhppoteMessage.Time;
import org.doorwatch.drivers.uhppote.UhppoteMessage.TimeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol {@code uhppote}: one WG / UHPPOTE access controller over UDP ({@link UhppoteCodec}).
 *
 * <p>One UDP socket, bound to the {@code listen} address, both asks the controller and receives
 * what it pushes; one thread runs the protocol:
 * <ol>
 *   <li><b>First answer</b> (get-status): where to read from. The stored index of this controller
 *       ({@link EventCursors}); without one, the controller's own "user event index" (0xB4) when it
 *       is at most {@value #MAX_RESUME} behind (the gateway's store was lost); else the newest event: older ones
 *       are history, and replaying last month's forced door would raise an alarm today. Then the
 *       event listener (get-listener, set-listener when it is not us) and the clock.</li>
 *   <li><b>Pushed events</b> (function 0x20 from the controller to the listener): the next index
 *       is handed over at once; one already handed over is a duplicate and dropped; a gap means
 *       pushes were lost, and the missing events are read by index (get-event, 0xB0).</li>
 *   <li><b>Every {@code pollInterval}</b> get-status: the newest index catches every push lost on
 *       the way, and the answer is the controller's sign of life (status, faults, heartbeats).
 *       Every {@code clockCheckEvery}, and after the controller reports a power-on or reset: the
 *       clock (get-time, set-time when off by more than {@code maxClockDrift}) and the listener.</li>
 *   <li><b>Requests</b> wait {@code timeout} for their answer and are asked {@code retries} times
 *       more; an answer is matched by function, serial and (get-event) index, so a late answer to
 *       an earlier try is never taken for the answer to a later question.</li>
 * </ol>
 * The index moves on only when the gateway has committed an event ({@link EventCursor}); it is
 * stored after each batch, at close, and mirrored to the controller's user event index (0xB2). A
 * crash between a commit and the store reads those few events again (at least once); otherwise
 * every event is handed over exactly once. Packets from any address but the controller's are
 * dropped ({@code wrong-sender}); card numbers are never logged above DEBUG.
 */
final class UhppoteSource implements DeviceSource {
    private static final Logger log = LoggerFactory.getLogger(UhppoteSource.class);

    static final String WRONG_SENDER = "wrong-sender";
    static final String UNMAPPED = "unmapped-event";
    static final String UNKNOWN_DOOR = "unknown-door";
    static final String OVERWRITTEN = "overwritten";
    /** Tries of one missing index (answered with index 0 though the controller said it has it) before it is passed over. */
    private static final int MISSING_TRIES = 3;
    /**
     * How far behind the newest event the controller's user event index may be for a gateway that
     * lost its store to read on from it. Further back it was likely set by other software, and
     * reading it would replay weeks of history (a forced door of last month raising an alarm today).
     */
    static final long MAX_RESUME = 1000;
    /** Events handed over between two stores of the index during a long catch-up. */
    private static final int STORE_EVERY = 100;

    private final String name;
    private final UhppoteSettings settings;
    private final UdpEndpoint endpoint;
    private final long serial;
    private final EventSink sink;
    private final Clock clock;
    private final Backoff backoff;
    private final EventCursors cursors;
    private final StatusTracker status;
    private final ScheduledExecutorService loop;
    private final Inet4Address listenAddress;
    private final Set<String> reasonsLogged = new LinkedHashSet<>();
    private final Object storeLock = new Object();

    private volatile Channel channel;
    private volatile InetSocketAddress controller;
    private volatile Pending pending;
    private volatile boolean started;
    private volatile boolean closed;
    /** The newest push not yet looked at; pushes are coalesced so a flood cannot queue work without bound. */
    private final AtomicReference<Status> latestPush = new AtomicReference<>();
    private final AtomicBoolean pushQueued = new AtomicBoolean();

    // counters, for tests and diagnostics
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong clockCorrections = new AtomicLong();
    private final AtomicLong timestampCorrections = new AtomicLong();
    private final AtomicLong listenerSets = new AtomicLong();

    // loop thread only
    private volatile EventCursor cursor;
    private boolean connected;
    private int failures;
    private long nextAttemptNanos;
    private long nextClockCheckNanos;
    private long downSinceNanos;
    private boolean faulted;
    private long storedIndex = -1;
    private long userIndexWritten = -1;
    private long missingIndex = -1;
    private int missingTries;
    /** Gateway time of the last status whose newest event was caught up with: events read later are younger. */
    private Instant newsSince;
    private final Map<String, Instant> lastEventAt = new HashMap<>();

    UhppoteSource(String name, UdpEndpoint endpoint, UhppoteSettings settings, EventSink sink,
                  SourceStatusListener statusListener, Clock clock, Backoff backoff, EventCursors cursors) {
        this.name = name;
        this.endpoint = endpoint;
        this.settings = settings;
        this.serial = settings.controller();
        this.sink = sink;
        this.clock = clock;
        this.backoff = backoff;
        this.cursors = cursors;
        this.status = new StatusTracker(name, statusListener);
        this.loop = Scheduling.singleThread("uhppote " + settings.controller());
        try {
            this.listenAddress = (Inet4Address) InetAddress.getByName(settings.listenHost()); // an IPv4 literal: no lookup
        } catch (UnknownHostException | ClassCastException e) {
            throw new IllegalArgumentException("listen: expected an IPv4 address, found '" + settings.listenHost() + "'", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        downSinceNanos = System.nanoTime();
        loop.scheduleWithFixedDelay(this::cycle, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isUp() {
        return status.up();
    }

    @Override
    public String statusReason() {
        return status.reason();
    }

    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        try {
            loop.awaitTermination(settings.timeout().toMillis() * (settings.retries() + 1) + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storeCursor();
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
        status.set(false, "closed");
    }

    // ================================================================== the protocol thread

    /** One poll; never throws, or the scheduler would stop polling for good. */
    private void cycle() {
        if (closed) {
            return;
        }
        try {
            checkFault();
            if (System.nanoTime() - nextAttemptNanos < 0) {
                return; // backing off after failures
            }
            if (channel == null && !bind()) {
                failed("cannot listen on " + settings.listenHost() + ":" + settings.listenPort() + ": " + bindProblem);
                return;
            }
            poll();
        } catch (NoAnswer e) {
            failed(e.getMessage());
        } catch (Throwable t) {
            if (!closed) {
                log.error("{}: poll failed", name, t);
                failed("poll failed: " + t);
            }
        }
    }

    private void poll() throws NoAnswer {
        Status s = ask(new GetStatus(serial), Status.class, r -> true);
        Instant answeredAt = clock.instant();
        answered();
        if (!connected) {
            connect(s);
        }
        if (s.newestIndex() < cursor.delivered()) {
            restartCursor(s.newestIndex(), "the controller's newest event is " + s.newestIndex() + " though event "
                    + cursor.delivered() + " was read: its log was cleared or it was replaced");
        }
        if (System.nanoTime() - nextClockCheckNanos >= 0) {
            checkListener();
            checkClock();
        }
        catchUp(s.newestIndex(), answeredAt);
        heartbeats();
        storeCursor();
        mirrorIndex();
    }

    /** The first answer after start or after the controller was lost. */
    private void connect(Status s) throws NoAnswer {
        long newest = s.newestIndex();
        if (cursor == null) {
            cursor = new EventCursor(startIndex(newest));
            newsSince = null; // whatever happened while the gateway was away is as old as it says
        }
        checkListener();
        checkClock();
        connected = true;
        status.set(true, settings.describe() + " answers; newest event " + newest);
    }

    private long startIndex(long newest) throws NoAnswer {
        OptionalLong stored;
        try {
            stored = cursors.last(serial);
        } catch (RuntimeException e) {
            // Without its stored index the source would read from the newest event and might skip some;
            // refusing to start is worse: the controller's own mark (below) is the fallback.
            log.warn("{}: cannot read the stored event index: {}", name, e.toString());
            stored = OptionalLong.empty();
        }
        long start;
        if (stored.isPresent()) {
            start = stored.getAsLong();
            if (start > newest) {
                log.warn("{}: the stored event index {} is past the controller's newest event {}: its log was cleared "
                        + "or it was replaced; reading on from {}", name, start, newest, newest);
                start = newest;
            } else {
                log.info("{}: reading on after event {} (newest {})", name, start, newest);
            }
        } else {
            long mark = ask(new GetEventIndex(serial), EventIndex.class, r -> true).index();
            if (mark > 0 && mark <= newest && newest - mark <= MAX_RESUME) {
                start = mark;
                log.info("{}: no stored event index; reading on after the controller's user event index {} (newest {})",
                        name, mark, newest);
            } else {
                start = newest;
                if (mark > 0 && mark <= newest) {
                    log.warn("{}: no stored event index; the controller's user event index {} is {} events behind its newest, "
                            + "more than {}: another program may have set it; reading the events after the newest, {}",
                            name, mark, newest - mark, MAX_RESUME, newest);
                } else if (newest == 0) {
                    log.info("{}: first contact; the controller's event log is empty", name);
                } else {
                    log.info("{}: first contact: reading the events after the newest, {}; the ones before it are history "
                            + "and not read", name, newest);
                }
            }
        }
        storeIndex(start);
        return start;
    }

    private void restartCursor(long at, String why) {
        log.warn("{}: {}; reading on from {}", name, why, at);
        cursor.restart(at);
        storeIndex(at);
    }

    /** Reads the events after the cursor up to {@code newest} by index. */
    private void catchUp(long newest, Instant statusAt) throws NoAnswer {
        long overwrittenFrom = -1;
        long overwrittenTo = -1;
        try {
            while (!closed && cursor.delivered() < newest) {
                long i = cursor.delivered() + 1;
                Event r = ask(new GetEvent(serial, i), Event.class,
                        ev -> ev.event().index() == i || ev.event().missing());
                ControllerEvent e = r.event();
                if (e.overwritten()) {
                    overwrittenFrom = overwrittenFrom < 0 ? i : overwrittenFrom;
                    overwrittenTo = i;
                    cursor.skip(i);
                    continue;
                }
                if (e.missing()) {
                    missingTries = missingIndex == i ? missingTries + 1 : 1;
                    missingIndex = i;
                    if (missingTries < MISSING_TRIES) {
                        log.debug("{}: event {} not there yet (newest {}); trying again at the next poll", name, i, newest);
                        return;
                    }
                    log.warn("{}: the controller says its newest event is {} but has no event {} ({} tries); passing over it",
                            name, newest, i, missingTries);
                    missingIndex = -1;
                    cursor.skip(i);
                    continue;
                }
                deliver(e, false);
                if (cursor.delivered() - Math.max(storedIndex, 0) >= STORE_EVERY) {
                    storeCursor();
                }
            }
            if (cursor.delivered() >= newest) {
                newsSince = statusAt;
            }
        } finally {
            if (overwrittenFrom >= 0) {
                long n = overwrittenTo - overwrittenFrom + 1;
                report(new InvalidFrame(name, OVERWRITTEN, null, n + " event(s) " + overwrittenFrom + ".." + overwrittenTo
                        + " were overwritten in the controller's log before they were read (the gateway was away too long)"));
            }
        }
    }

    /** A pushed status, on the protocol thread. */
    private void onPush() {
        pushQueued.set(false);
        Status s = latestPush.getAndSet(null);
        if (s == null || closed || !connected || cursor == null) {
            return; // the next poll reads whatever it announced
        }
        long index = s.newestIndex();
        if (index == 0 || cursor.seen(index)) {
            duplicates.incrementAndGet();
            log.debug("{}: pushed event {} already handed over; dropped", name, index);
            return;
        }
        try {
            if (cursor.isNext(index)) {
                deliver(s.event(), true);
            } else {
                // Pushes were lost on the way (or this one is not what it says): ask the controller.
                Status now = ask(new GetStatus(serial), Status.class, r -> true);
                Instant at = clock.instant();
                answered();
                catchUp(now.newestIndex(), at);
            }
            storeCursor();
        } catch (NoAnswer e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: handling a pushed event failed", name, e);
        }
    }

    private void deliver(ControllerEvent e, boolean pushed) {
        Instant receivedAt = clock.instant();
        UhppoteEvents.Meaning m = UhppoteEvents.meaning(e);
        if (m.type() == null) {
            cursor.skip(e.index());
            if (e.reason() == UhppoteEvents.REASON_POWER_ON || e.reason() == UhppoteEvents.REASON_RESET) {
                log.info("{}: event {}: {}; checking the controller's clock", name, e.index(),
                        UhppoteEvents.describe(e.type(), e.reason()));
                nextClockCheckNanos = System.nanoTime(); // a power cut may have reset it
            } else if (e.type() != ControllerEvent.TYPE_NONE) {
                report(new InvalidFrame(name, UNMAPPED, null, "event " + e.index() + ": "
                        + UhppoteEvents.describe(e.type(), e.reason()) + " is no SPEC 4 door event; skipped"));
            }
            return;
        }
        String device = settings.doors().get(e.door());
        if (device == null) {
            cursor.skip(e.index());
            report(new InvalidFrame(name, UNKNOWN_DOOR, null, "event " + e.index() + " (" + m.type() + ") is for door "
                    + e.door() + ", which has no device in doors " + settings.doors().keySet() + "; skipped"));
            return;
        }
        String credential = m.hasCard() && e.card() != 0
                ? settings.credentialPrefix() + settings.cardFormat().format(e.card()) : null;
        DoorEvent event = new DoorEvent(eventTime(e, receivedAt), device, m.type(), null, credential, m.direction(), null, null);
        Runnable committed = cursor.handOver(e.index());
        lastEventAt.put(device, receivedAt);
        if (log.isDebugEnabled()) {
            log.debug("{}: event {} ({}): {} {} {} credential {}", name, e.index(), pushed ? "pushed" : "read",
                    device, event.type(), event.direction(), Redact.credential(credential));
        }
        try {
            sink.onEvent(event, name, () -> {
                committed.run();
                if (closed) {
                    storeCursor(); // the gateway commits what it was handed after the source closed
                }
            });
        } catch (RuntimeException ex) {
            // Not acknowledged: the stored index stays before it, so a restart reads it again.
            log.error("{}: event sink failed", name, ex);
        }
    }

    /**
     * The controller's time of the event, unless its clock cannot be right: later than now (plus
     * skew), or earlier than the last news from the controller (minus skew) although the event is
     * newer than that news. Both happen when the clock reset on a power cut or was never set.
     */
    private Instant eventTime(ControllerEvent e, Instant receivedAt) {
        if (e.timestamp() == null) {
            timestampCorrections.incrementAndGet();
            return receivedAt;
        }
        Instant ts = e.timestamp().atZone(clock.getZone()).toInstant();
        Duration skew = settings.maxClockSkew();
        boolean ahead = ts.isAfter(receivedAt.plus(skew));
        boolean stale = newsSince != null && ts.isBefore(newsSince.minus(skew));
        if (ahead || stale) {
            timestampCorrections.incrementAndGet();
            log.debug("{}: event {} says {} ({}), received {}; using the receive time", name, e.index(), e.timestamp(),
                    ahead ? "ahead" : "before the last news", receivedAt);
            nextClockCheckNanos = System.nanoTime();
            return receivedAt;
        }
        return ts;
    }

    private void checkListener() throws NoAnswer {
        Listener l = ask(new GetListener(serial), Listener.class, r -> true);
        if (l.address().equals(listenAddress) && l.port() == settings.listenPort()) {
            return;
        }
        ListenerSet set = ask(new SetListener(serial, listenAddress, settings.listenPort(), 0), ListenerSet.class, r -> true);
        listenerSets.incrementAndGet();
        if (set.ok()) {
            log.info("{}: event listener was {}:{}; set to {}:{}", name, l.address().getHostAddress(), l.port(),
                    settings.listenHost(), settings.listenPort());
        } else {
            log.warn("{}: the controller refused the event listener {}:{}; events arrive by polling only (every {})",
                    name, settings.listenHost(), settings.listenPort(), settings.pollInterval());
        }
    }

    private void checkClock() throws NoAnswer {
        nextClockCheckNanos = System.nanoTime() + settings.clockCheckEvery().toNanos();
        Time t = ask(new GetTime(serial), Time.class, r -> true);
        LocalDateTime now = LocalDateTime.now(clock);
        Duration drift = Duration.between(now, t.time());
        if (drift.abs().compareTo(settings.maxClockDrift()) <= 0) {
            return;
        }
        TimeSet set = ask(new SetTime(serial, LocalDateTime.now(clock)), TimeSet.class, r -> true);
        clockCorrections.incrementAndGet();
        log.info("{}: the controller's clock was {} s {} ({}); set to {}", name, drift.abs().toSeconds(),
                drift.isNegative() ? "behind" : "ahead", t.time(), set.time());
    }

    private void heartbeats() {
        Instant now = clock.instant();
        for (String device : settings.devices()) {
            Instant last = lastEventAt.get(device);
            if (last == null || Duration.between(last, now).compareTo(settings.heartbeatEvery()) >= 0) {
                lastEventAt.put(device, now);
                emit(DoorEvent.device(now, device, EventType.HEARTBEAT));
            }
        }
    }

    /** The controller's user event index follows the stored one, as the vendor's software uses it. */
    private void mirrorIndex() throws NoAnswer {
        long c = cursor.committed();
        if (c > 0 && c != userIndexWritten) {
            ask(new SetEventIndex(serial, c), UhppoteMessage.EventIndexSet.class, r -> true);
            userIndexWritten = c;
        }
    }

    private void answered() {
        failures = 0;
        nextAttemptNanos = 0;
        downSinceNanos = 0;
        if (faulted) {
            faulted = false;
            log.info("{}: answers again; HEARTBEAT for {}", name, settings.devices());
            Instant now = clock.instant();
            for (String device : settings.devices()) {
                lastEventAt.put(device, now);
                emit(DoorEvent.device(now, device, EventType.HEARTBEAT));
            }
        }
    }

    private void failed(String why) {
        if (closed) {
            return;
        }
        if (connected || downSinceNanos == 0) {
            downSinceNanos = System.nanoTime();
        }
        connected = false;
        status.set(false, why);
        nextAttemptNanos = System.nanoTime() + backoff.delayAfter(failures++).toNanos();
        checkFault();
    }

    private void checkFault() {
        if (faulted || downSinceNanos == 0 || connected) {
            return;
        }
        if (System.nanoTime() - downSinceNanos >= settings.faultAfter().toNanos()) {
            faulted = true;
            log.warn("{}: no answer for {}; DEVICE_FAULT for {}", name, settings.faultAfter(), settings.devices());
            Instant now = clock.instant();
            for (String device : settings.devices()) {
                emit(DoorEvent.device(now, device, EventType.DEVICE_FAULT));
            }
        }
    }

    private void emit(DoorEvent e) {
        try {
            sink.onEvent(e, name);
        } catch (RuntimeException ex) {
            log.error("{}: event sink failed", name, ex);
        }
    }

    private void storeCursor() {
        EventCursor c = cursor;
        if (c != null) {
            storeIndex(c.committed());
        }
    }

    private void storeIndex(long index) {
        synchronized (storeLock) {
            if (index == storedIndex) {
                return;
            }
            try {
                cursors.store(serial, index);
                storedIndex = index;
            } catch (RuntimeException e) {
                log.warn("{}: cannot store event index {}: {} (trying again after the next events)", name, index, e.toString());
            }
        }
    }

    // ================================================================== requests

    /** Asks and waits for the matching answer, asking again after each timeout. */
    private <R extends Reply> R ask(Request request, Class<R> type, Predicate<R> matches) throws NoAnswer {
        byte[] bytes = UhppoteCodec.encode(request);
        long wait = settings.timeout().toMillis();
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            Channel ch = channel;
            InetSocketAddress to = controller;
            if (ch == null || to == null || closed) {
                throw new NoAnswer(closed ? "closed" : "not listening");
            }
            CompletableFuture<Reply> answer = new CompletableFuture<>();
            pending = new Pending(request.function(), r -> type.isInstance(r) && matches.test(type.cast(r)), answer);
            try {
                ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to));
                return type.cast(answer.get(wait, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                timeouts.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoAnswer("closed");
            } catch (ExecutionException e) {
                throw new NoAnswer("sending to " + endpoint + ": " + e.getCause());
            } finally {
                pending = null;
            }
        }
        throw new NoAnswer("no answer from " + settings.describe() + " at " + endpoint + " to " + functionName(request)
                + " (" + (settings.retries() + 1) + " tries, " + settings.timeout() + " each)");
    }

    private static String functionName(Request r) {
        String n = r.getClass().getSimpleName();
        return n.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The request waiting for its answer. */
    private record Pending(int function, Predicate<Reply> matches, CompletableFuture<Reply> answer) {
        boolean offer(Reply r) {
            return r.function() == function && matches.test(r) && answer.complete(r);
        }
    }

    // ================================================================== the socket (Netty's thread)

    private volatile String bindProblem = "";

    private boolean bind() {
        try {
            InetSocketAddress to = new InetSocketAddress(endpoint.host(), endpoint.port());
            if (to.isUnresolved()) {
                bindProblem = "cannot resolve the controller's address " + endpoint.host();
                return false;
            }
            controller = to;
            ChannelFuture f = new Bootstrap()
                    .group(NettyShared.eventLoop())
                    .channel(NioDatagramChannel.class)
                    .handler(new Inbound())
                    .bind(new InetSocketAddress(listenAddress, settings.listenPort()));
            if (!f.awaitUninterruptibly(5000) || !f.isSuccess()) {
                Throwable c = f.cause();
                bindProblem = c == null ? "timed out" : c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
                f.channel().close();
                return false;
            }
            channel = f.channel();
            log.info("{}: listening on {}:{} for {}", name, settings.listenHost(), settings.listenPort(), settings.describe());
            return true;
        } catch (RuntimeException e) {
            bindProblem = e.toString();
            return false;
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] bytes = ByteBufUtil.getBytes(packet.content());
            onDatagram(bytes, packet.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{}: socket: {}", name, cause.toString());
        }
    }

    void onDatagram(byte[] bytes, InetSocketAddress sender) {
        InetSocketAddress from = controller;
        if (from == null || !from.getAddress().equals(sender.getAddress())) {
            report(new InvalidFrame(name, WRONG_SENDER, bytes, "a packet from " + sender.getAddress().getHostAddress() + ":"
                    + sender.getPort() + ": expected packets from " + settings.describe() + " at " + endpoint.host() + " only; dropped"));
            return;
        }
        UhppoteFrame f = UhppoteCodec.decodeReply(bytes, serial, name);
        if (f instanceof UhppoteFrame.Invalid bad) {
            report(new InvalidFrame(bad.source(), bad.reason(), bad.raw(), bad.message()));
            return;
        }
        Reply reply = (Reply) ((UhppoteFrame.Message) f).message();
        Pending p = pending;
        if (p != null && p.offer(reply)) {
            return;
        }
        if (reply instanceof Status s) {
            latestPush.set(s);
            if (pushQueued.compareAndSet(false, true)) {
                try {
                    loop.execute(this::onPush);
                } catch (RejectedExecutionException closing) {
                    pushQueued.set(false);
                }
            }
        } else {
            log.debug("{}: a late or unasked {} answer; dropped", name, reply.getClass().getSimpleName());
        }
    }

    private void report(InvalidFrame f) {
        boolean first;
        synchronized (reasonsLogged) {
            first = reasonsLogged.add(f.reason());
        }
        if (first) {
            log.warn("{}: {}: {} (further ones of this kind at DEBUG)", name, f.reason(), f.message());
        } else {
            log.debug("{}: {}: {}", name, f.reason(), f.message());
        }
        try {
            sink.onInvalid(f);
        } catch (RuntimeException ex) {
            log.error("{}: event sink failed", name, ex);
        }
    }

    // ================================================================== for tests and diagnostics

    long duplicates() { return duplicates.get(); }
    long timeouts() { return timeouts.get(); }
    long clockCorrections() { return clockCorrections.get(); }
    long timestampCorrections() { return timestampCorrections.get(); }
    long listenerSets() { return listenerSets.get(); }

    /** The last index handed over, or -1 before the first answer. */
    long delivered() {
        EventCursor c = cursor;
        return c == null ? -1 : c.delivered();
    }

    List<String> devices() {
        return settings.devices();
    }

    /** A request that got no answer; the message is the status reason. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }
}

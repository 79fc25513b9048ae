package org.doorwatch.drivers;

import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusRtuClientTransport;
import com.digitalpetri.modbus.exceptions.ModbusCrcException;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.doorwatch.domain.DoorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol {@code modbus-rtu-di}: polls the digital-input modules of one bus through the digitalpetri
 * {@link ModbusRtuClient}, over a serial port or a device server (the transport comes from a
 * supplier; the polling code is the same).
 *
 * <p>One thread per bus runs a cycle every {@code pollInterval}: (re)connect if needed and due by
 * the backoff, then read each module in turn (FC 01 or 02, from {@code startAddress}, as many bits as
 * the highest bound input needs) and hand the answer or the failure to that module's
 * {@link DiModuleTracker}, which decides the events. While the bus is disconnected every cycle
 * counts as a failure of every module, so DEVICE_FAULT arrives after {@code failuresBeforeFault}
 * cycles whatever the cause.
 *
 * <p>Status: up once a module answered on the current connection; down when the port cannot be
 * opened or is lost, or when no module answered {@code failuresBeforeFault} cycles in a row. In that
 * last case the transport is also closed and reopened: a half-open TCP connection to a rebooted
 * device server, or a USB adapter that re-enumerated, looks exactly like a silent bus.
 */
final class ModbusDiSource implements DeviceSource {
    private static final Logger log = LoggerFactory.getLogger(ModbusDiSource.class);

    /** Extra wait on top of the library's own request timeout, so a lost callback cannot hang the poll thread. */
    private static final long GRACE_MS = 1000;
    private static final long CONNECT_WAIT_MS = 10_000;

    private final String name;
    private final ModbusDiSettings settings;
    private final TransportFactory transports;
    private final EventSink sink;
    private final Clock clock;
    private final Backoff backoff;
    private final StatusTracker status;
    private final List<DiModuleTracker> trackers = new ArrayList<>();
    private final ScheduledExecutorService poller;
    private volatile boolean started;
    private volatile boolean closed;
    /** Set by the transport's connection listener when the connection dropped. */
    private volatile boolean lost;
    /** Which connection {@link #lost} is about: a late "lost" from a transport we already dropped must not end the next one. */
    private volatile long generation;

    // Poll thread only:
    private ModbusRtuClientTransport transport;
    private ModbusRtuClient client;
    /** Reopens in a row because no module answered; reset by any answer. */
    private int silentReopens;
    private int connectFailures;
    private long nextConnectNanos;
    private int silentCycles;

    ModbusDiSource(String name, ModbusDiSettings settings, TransportFactory transports,
                   EventSink sink, SourceStatusListener statusListener, Clock clock, Backoff backoff) {
        this.name = name;
        this.settings = settings;
        this.transports = transports;
        this.sink = sink;
        this.clock = clock;
        this.backoff = backoff;
        this.status = new StatusTracker(name, statusListener);
        for (ModbusModule m : settings.modules()) {
            trackers.add(new DiModuleTracker(m, settings.failuresBeforeFault(), settings.heartbeatEvery()));
        }
        this.poller = Scheduling.singleThread("modbus-poll " + name);
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
        poller.scheduleWithFixedDelay(this::cycle, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
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
        poller.shutdownNow();
        try {
            poller.awaitTermination(settings.timeout().toMillis() + 2 * GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnectQuietly();
        status.set(false, "closed");
    }

    /** One poll of the bus; never throws, or the scheduler would stop polling for good. */
    private void cycle() {
        if (closed) {
            return;
        }
        try {
            pollOnce();
        } catch (Throwable t) {
            log.error("{}: poll cycle failed; dropping the connection", name, t);
            disconnectQuietly();
        }
    }

    private void pollOnce() {
        if (client != null && (lost || !transport.isConnected())) {
            String why = transport instanceof SerialRtuTransport s && s.lastFailure() != null
                    ? s.lastFailure() : "connection lost";
            drop(why, backoff.delayAfter(0));
        }
        if (client == null && System.nanoTime() - nextConnectNanos >= 0) {
            connect();
        }
        if (client == null) {
            for (DiModuleTracker t : trackers) {
                emit(t.onFailure(clock.instant()));
            }
            return;
        }
        boolean anyAnswered = false;
        for (DiModuleTracker t : trackers) {
            if (closed) {
                return;
            }
            ModbusModule m = t.module();
            try {
                boolean[] inputs = read(m);
                anyAnswered = true;
                emit(t.onAnswer(clock.instant(), inputs));
            } catch (PollFailure f) {
                if (closed) {
                    return; // closing interrupted the read; that is no fault of the module
                }
                if (t.consecutiveFailures() == 0 || log.isDebugEnabled()) {
                    log.info("{}: unit {} did not answer: {}", name, m.unitId(), f.getMessage());
                }
                if (transport.isConnected()) {
                    try {
                        sink.onInvalid(new InvalidFrame(name, f.reason, new byte[0], "unit " + m.unitId() + ": " + f.getMessage()));
                    } catch (RuntimeException ex) {
                        log.error("{}: event sink failed", name, ex);
                    }
                }
                emit(t.onFailure(clock.instant()));
            }
        }
        if (anyAnswered) {
            silentCycles = 0;
            silentReopens = 0;
            long faulted = trackers.stream().filter(DiModuleTracker::faulted).count();
            status.set(true, faulted == 0 ? "polling " + trackers.size() + " module(s)"
                    : "polling; " + faulted + " of " + trackers.size() + " module(s) not answering");
        } else if (++silentCycles >= settings.failuresBeforeFault()) {
            // Backed off like a failed connect: a bus whose modules are all unpowered is reopened every 30 s, not every second.
            drop("no module answered " + silentCycles + " polls in a row; reopening", backoff.delayAfter(silentReopens++));
        }
    }

    private void connect() {
        long mine = ++generation;
        lost = false;
        ModbusRtuClientTransport t = transports.open(() -> {
            if (generation == mine) {
                lost = true;
            }
        });
        try {
            t.connect().toCompletableFuture().get(CONNECT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            String why = causeText(e);
            try {
                t.disconnect();
            } catch (RuntimeException ignored) {
                // nothing more to release
            }
            status.set(false, why);
            nextConnectNanos = System.nanoTime() + backoff.delayAfter(connectFailures++).toNanos();
            return;
        }
        transport = t;
        client = ModbusRtuClient.create(t, cfg -> cfg.setRequestTimeout(settings.timeout()));
        connectFailures = 0;
        silentCycles = 0;
        if (silentReopens == 0) {
            log.info("{}: connected; polling {} module(s) every {}", name, trackers.size(), settings.pollInterval());
        } else {
            log.debug("{}: reopened after a silent bus", name);
        }
    }

    private void drop(String why, Duration wait) {
        disconnectQuietly();
        silentCycles = 0;
        status.set(false, why);
        nextConnectNanos = System.nanoTime() + wait.toNanos();
    }

    private void disconnectQuietly() {
        generation++;
        ModbusRtuClientTransport t = transport;
        transport = null;
        client = null;
        if (t != null) {
            try {
                t.disconnect().toCompletableFuture().get(GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("{}: disconnect: {}", name, causeText(e));
            }
        }
    }

    private boolean[] read(ModbusModule m) throws PollFailure {
        int q = m.quantity();
        byte[] packed;
        try {
            long wait = settings.timeout().toMillis() + GRACE_MS;
            if (m.functionCode() == 1) {
                ModbusResponsePdu r = client.sendAsync(m.unitId(), new ReadCoilsRequest(m.startAddress(), q))
                        .toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
                packed = ((ReadCoilsResponse) r).coils();
            } else {
                ModbusResponsePdu r = client.sendAsync(m.unitId(), new ReadDiscreteInputsRequest(m.startAddress(), q))
                        .toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
                packed = ((ReadDiscreteInputsResponse) r).inputs();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollFailure("interrupted", "closing");
        } catch (TimeoutException e) {
            throw new PollFailure("timeout", "no answer within " + settings.timeout());
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof TimeoutException) {
                throw new PollFailure("timeout", "no answer within " + settings.timeout());
            }
            if (c instanceof ModbusCrcException) {
                throw new PollFailure("crc", "answer failed its CRC check");
            }
            if (c instanceof ModbusResponseException r) {
                throw new PollFailure("modbus-exception", "exception response, code " + r.getExceptionCode()
                        + " (2 = illegal address: check startAddress and functionCode)");
            }
            throw new PollFailure("modbus-error", causeText(c));
        } catch (ClassCastException e) {
            throw new PollFailure("modbus-error", "answer of an unexpected kind");
        }
        String short_ = shortAnswer(packed, q);
        if (short_ != null) {
            throw new PollFailure("modbus-error", short_);
        }
        return unpack(packed, q);
    }

    /** Why {@code packed} cannot hold {@code q} inputs, or null when it can. */
    static String shortAnswer(byte[] packed, int q) {
        return packed.length < (q + 7) / 8
                ? "expected " + q + " inputs (" + (q + 7) / 8 + " bytes), found " + packed.length + " bytes" : null;
    }

    /** The first {@code q} inputs of a coils or discrete-inputs answer (checked by {@link #shortAnswer}). */
    static boolean[] unpack(byte[] packed, int q) {
        boolean[] inputs = new boolean[q];
        for (int i = 0; i < q; i++) {
            // Modbus packs bits LSB first: input 0 is bit 0 of the first byte.
            inputs[i] = (packed[i / 8] >> (i % 8) & 1) != 0;
        }
        return inputs;
    }

    private void emit(List<DoorEvent> events) {
        for (DoorEvent e : events) {
            try {
                sink.onEvent(e, name);
            } catch (RuntimeException ex) {
                log.error("{}: event sink failed", name, ex);
            }
        }
    }

    private static String causeText(Throwable e) {
        Throwable c = e;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "timed out";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** Trackers, for tests. */
    List<DiModuleTracker> trackers() {
        return trackers;
    }

    /** Makes a fresh library transport for each connection. */
    interface TransportFactory {
        /** @param onLost to call when an established connection drops (if the transport can tell) */
        ModbusRtuClientTransport open(Runnable onLost);
    }

    private static final class PollFailure extends Exception {
        final String reason;

        PollFailure(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

package org.doorwatch.drivers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.domain.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protocol {@code ascii-line} over a {@link ByteLink}: bytes go through an {@link AsciiLineDecoder}
 * to the sink. The decoder runs on the link's thread only.
 *
 * <p>When the link has been down for {@code faultAfter}, each known device of the source (the fixed
 * {@code device}, the values of {@code deviceMap}, and the devices the gateway's config puts on the
 * port) gets one DEVICE_FAULT; when the link is back, each of them gets a HEARTBEAT, so
 * {@code device-offline} resolves. A source with no known devices at all (device ids only in the
 * printed text, none given by the caller) shows its outage in the status alone.
 */
final class LineSource implements DeviceSource, ByteLink.Listener {
    private static final Logger log = LoggerFactory.getLogger(LineSource.class);

    private final String name;
    private final AsciiLineSettings settings;
    private final ByteLink link;
    private final EventSink sink;
    private final Clock clock;
    private final StatusTracker status;
    private final AsciiLineDecoder decoder;
    private final List<String> knownDevices;
    private final Set<String> reasonsLogged = new LinkedHashSet<>();
    private final Object faultLock = new Object();
    private ScheduledFuture<?> faultTimer;
    private boolean faultEmitted;
    private volatile boolean started;
    private volatile boolean closed;

    LineSource(String name, AsciiLineSettings settings, ByteLink link, EventSink sink,
               SourceStatusListener statusListener, Clock clock, java.util.Collection<String> portDevices) {
        this.name = name;
        this.settings = settings;
        this.link = link;
        this.sink = sink;
        this.clock = clock;
        this.status = new StatusTracker(name, statusListener);
        this.decoder = new AsciiLineDecoder(settings, name, clock);
        Set<String> devices = new LinkedHashSet<>();
        if (settings.device() != null) {
            devices.add(settings.device());
        }
        devices.addAll(new java.util.TreeSet<>(settings.deviceMap().values()));
        devices.addAll(new java.util.TreeSet<>(portDevices));
        this.knownDevices = List.copyOf(devices);
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
        scheduleFault();
        link.start(this);
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
        cancelFault();
        link.close();
        status.set(false, "closed");
    }

    @Override
    public void onUp(String reason) {
        decoder.reset();
        status.set(true, reason);
        boolean recovered;
        synchronized (faultLock) {
            if (faultTimer != null) {
                faultTimer.cancel(false);
                faultTimer = null;
            }
            recovered = faultEmitted;
            faultEmitted = false;
        }
        if (recovered) {
            emitToKnown(EventType.HEARTBEAT);
        }
    }

    @Override
    public void onBytes(byte[] data, int count) {
        List<Decoded> out;
        try {
            out = decoder.feed(data, 0, count);
        } catch (RuntimeException e) {
            // The decoder is meant never to throw; if it does, drop its state, keep reading.
            log.error("{}: decoder failed; partial line dropped", name, e);
            decoder.reset();
            return;
        }
        for (Decoded d : out) {
            deliver(d);
        }
    }

    @Override
    public void onDown(String reason) {
        if (closed) {
            return;
        }
        status.set(false, reason);
        scheduleFault();
    }

    private void deliver(Decoded d) {
        try {
            if (d instanceof Decoded.Event e) {
                DoorEvent ev = e.event();
                if (log.isDebugEnabled()) {
                    log.debug("{}: {} {} {} credential {}", name, ev.device(), ev.type(), ev.direction(),
                            Redact.credential(ev.credential()));
                }
                sink.onEvent(ev, name);
            } else if (d instanceof Decoded.Invalid i) {
                InvalidFrame f = i.frame();
                boolean first;
                synchronized (reasonsLogged) {
                    first = reasonsLogged.add(f.reason());
                }
                if (first) {
                    log.warn("{}: dropped a line ({}): {} (further ones of this kind at DEBUG)", name, f.reason(), f.message());
                } else {
                    log.debug("{}: dropped a line ({}): {}", name, f.reason(), f.message());
                }
                sink.onInvalid(f);
            }
        } catch (RuntimeException ex) {
            log.error("{}: event sink failed", name, ex);
        }
    }

    private void scheduleFault() {
        if (knownDevices.isEmpty() || closed) {
            return;
        }
        synchronized (faultLock) {
            if (faultTimer != null || faultEmitted || status.up()) {
                return;
            }
            faultTimer = Scheduling.shared().schedule(this::faultDue, settings.faultAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void faultDue() {
        synchronized (faultLock) {
            faultTimer = null;
            if (closed || status.up() || faultEmitted) {
                return;
            }
            faultEmitted = true;
        }
        log.warn("{}: down for {}; DEVICE_FAULT for {}", name, settings.faultAfter(), knownDevices);
        emitToKnown(EventType.DEVICE_FAULT);
    }

    private void cancelFault() {
        synchronized (faultLock) {
            if (faultTimer != null) {
                faultTimer.cancel(false);
                faultTimer = null;
            }
        }
    }

    private void emitToKnown(EventType type) {
        List<DoorEvent> events = new ArrayList<>();
        for (String device : knownDevices) {
            events.add(DoorEvent.device(clock.instant(), device, type));
        }
        for (DoorEvent e : events) {
            deliver(new Decoded.Event(e));
        }
    }

    /** Decoder counters, for tests and diagnostics. */
    AsciiLineDecoder decoder() {
        return decoder;
    }
}

package org.doorwatch.gateway.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.doorwatch.domain.DoorEvent;
import org.doorwatch.drivers.Backoff;
import org.doorwatch.drivers.DeviceSource;
import org.doorwatch.drivers.DeviceSources;
import org.doorwatch.drivers.EventCursors;
import org.doorwatch.drivers.EventSink;
import org.doorwatch.drivers.InvalidFrame;
import org.doorwatch.drivers.SourceStatusListener;
import org.doorwatch.gateway.config.GatewayConfig;
import org.doorwatch.gateway.config.GatewayConfig.PortConfig;
import org.doorwatch.gateway.health.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial lines, serial device servers and UDP access controllers of {@code ports:}, open
 * inside {@code gateway run}.
 *
 * <p>Each port is one {@link DeviceSource} from the drivers, on the gateway's clock (in the
 * site's zone), that keeps itself connected. What it reads goes into the same {@link Ingest} as
 * MQTT events, under the port's id: the id is the {@code source} label of
 * {@code doorwatch_events_in_total} and {@code doorwatch_bad_payloads_total}, the journal's
 * source, and the key of the port under {@code sources} in {@code /health}. (The drivers name
 * their sources by transport, {@code serial:/dev/ttyUSB0}; an installer knows the port by the
 * id they gave it, and the id stays the same when the adapter moves.)
 *
 * <p>A port's devices fault through the drivers: a line down for {@code faultAfter}, or a DI
 * module that stops answering, gives one DEVICE_FAULT per device and a HEARTBEAT when it is
 * back (a line port is told the devices the config hangs on it, so a reader that prints its
 * device ids faults them too); the engine turns those into the tamper alarm at once and the device-offline alarm after
 * {@code offlineAfter}, and the heartbeat resolves the latter (docs/DESIGN.md, "Serial and TCP
 * ports").
 *
 * <p>Reload: {@link #update} closes ports that were removed or changed and opens new or changed
 * ones; an unchanged port (same id, equal settings, same devices) keeps its connection. Start, reload and
 * close are serialized on this object.
 */
public final class DevicePorts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePorts.class);

    private final Ingest ingest;
    private final Health health;
    private final Clock clock;
    private final Backoff backoff;
    private final EventCursors cursors;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private boolean closed;

    /** One open port: its config, the devices on it, the driver's source, and the link that tags its output. */
    private record Open(PortConfig config, Set<String> devices, DeviceSource source, PortLink link) {}

    /**
     * @param clock the gateway's clock in the site's zone: receive times, and the zone of printed
     *              local times when a port names none
     */
    public DevicePorts(Ingest ingest, Health health, Clock clock, Backoff backoff) {
        this(ingest, health, clock, backoff, EventCursors.inMemory());
    }

    /**
     * @param cursors where {@code uhppote} ports keep the index of each controller's last stored
     *                event (the store's {@code ControllerCursors}), so a restart reads on from there
     */
    public DevicePorts(Ingest ingest, Health health, Clock clock, Backoff backoff, EventCursors cursors) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
    }

    /** Opens the ports of a config; each connects in the background. */
    public synchronized void open(GatewayConfig config) {
        update(config);
    }

    /** Brings the open ports in line with {@code next}: removed and changed ones close, new and changed ones open. */
    public synchronized void update(GatewayConfig next) {
        if (closed) {
            return; // a reload that races the stop must not reopen what the stop closed
        }
        Map<String, PortConfig> wanted = new LinkedHashMap<>();
        next.ports().forEach(p -> wanted.put(p.id(), p));
        Map<String, Set<String>> devices = devicesByPort(next);
        for (Open o : new ArrayList<>(open.values())) {
            PortConfig w = wanted.get(o.config().id());
            if (w == null || !w.equals(o.config()) || !devices.get(w.id()).equals(o.devices())) {
                LOG.info("port {} {}: closing {}", o.config().id(), w == null ? "removed" : "changed",
                        o.source().name());
                closeOne(o);
                if (w == null) {
                    health.removeSource(o.config().id());
                }
            }
        }
        for (PortConfig p : wanted.values()) {
            if (!open.containsKey(p.id())) {
                openOne(p, devices.get(p.id()));
            }
        }
    }

    private static Map<String, Set<String>> devicesByPort(GatewayConfig config) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        config.ports().forEach(p -> out.put(p.id(), new TreeSet<>()));
        for (GatewayConfig.DeviceConfig d : config.devices()) {
            if (d.port() != null && out.containsKey(d.port())) {
                out.get(d.port()).add(d.id());
            }
        }
        return out;
    }

    private void openOne(PortConfig p, Set<String> devices) {
        PortLink link = new PortLink(p.id(), ingest, health);
        health.source(p.id(), false, p.transport().sourceName() + ": connecting");
        try {
            DeviceSource source = DeviceSources.create(p.transport(), p.protocol(), link, link, clock, backoff, devices, cursors);
            open.put(p.id(), new Open(p, devices, source, link));
            source.start();
            LOG.info("port {}: {} on {}", p.id(), p.protocol().protocolName(), source.name());
        } catch (RuntimeException e) {
            // Settings were checked when the config was read; if the drivers still refuse, the
            // port shows down with the reason and the rest of the gateway carries on.
            link.closed = true;
            open.remove(p.id());
            health.source(p.id(), false, p.transport().sourceName() + ": cannot open: " + e.getMessage());
            LOG.error("port {}: cannot open {}: {}", p.id(), p.transport().sourceName(), e.getMessage());
        }
    }

    private void closeOne(Open o) {
        // Status reports of a closing source ("closed") must not overwrite what the port's
        // successor reports under the same id.
        o.link().closed = true;
        open.remove(o.config().id());
        try {
            o.source().close();
        } catch (RuntimeException e) {
            LOG.warn("port {}: closing {}: {}", o.config().id(), o.source().name(), e.toString());
        }
    }

    /** Ids of the ports open now, in config order. */
    synchronized Set<String> ids() {
        return Set.copyOf(open.keySet());
    }

    /** Closes every port (gateway stop): no more reading; what was read is already with the writer. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Open o : new ArrayList<>(open.values())) {
            closeOne(o);
            health.source(o.config().id(), false, "gateway stopping");
        }
    }

    /**
     * The drivers' sink and status listener for one port: events and invalid frames go to the
     * ingest, status to {@code /health}, all under the port id. Called from the source's own
     * threads.
     */
    static final class PortLink implements EventSink, SourceStatusListener {
        private final String portId;
        private final Ingest ingest;
        private final Health health;
        volatile boolean closed;

        PortLink(String portId, Ingest ingest, Health health) {
            this.portId = portId;
            this.ingest = ingest;
            this.health = health;
        }

        @Override
        public void onEvent(DoorEvent event, String source) {
            onEvent(event, source, Ingest.NO_ACK);
        }

        /** {@code afterCommit} runs on the writer thread after the commit: a uhppote port then moves its stored index on. */
        @Override
        public void onEvent(DoorEvent event, String source, Runnable afterCommit) {
            try {
                // Blocks while the writer's queue is full: the source stops reading and the
                // bytes wait in the serial or socket buffer instead of being dropped here.
                ingest.accept(event, portId, afterCommit);
            } catch (InterruptedException e) {
                // Only a closing source interrupts its thread; the event it was handing over
                // is the last one read before the close.
                Thread.currentThread().interrupt();
                LOG.warn("port {}: closed while handing over a {} event of {}", portId, event.type(), event.device());
            }
        }

        @Override
        public void onInvalid(InvalidFrame frame) {
            // The frame's message quotes the line with card-like numbers masked (drivers' Redact).
            ingest.reject(portId, null, frame.reason(), frame.message());
        }

        @Override
        public void onStatus(String source, boolean up, String reason) {
            if (closed) {
                return;
            }
            health.source(portId, up, source + ": " + reason);
        }
    }
}

package org.doorwatch.drivers;

import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Makes a {@link DeviceSource} from what the config says: where the bytes come from and what they
 * mean. Every combination works: {@code ascii-line} and {@code modbus-rtu-di}, each over a local
 * serial port or a TCP device server; and {@code uhppote}, an access controller over UDP.
 */
public final class DeviceSources {

    /** Modbus over TCP: a device server that does not accept within this is treated as unreachable. */
    private static final Duration MODBUS_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private DeviceSources() {
    }

    /** A source with the default reconnect backoff (1 s doubling to 30 s). Call {@link DeviceSource#start()}. */
    public static DeviceSource create(TransportSettings transport, ProtocolSettings protocol, EventSink sink,
                                      SourceStatusListener status, Clock clock) {
        return create(transport, protocol, sink, status, clock, Backoff.DEFAULT);
    }

    /**
     * @param clock gives receive times, and the zone of printed local times when the protocol names none:
     *              pass one in the site's timezone
     */
    public static DeviceSource create(TransportSettings transport, ProtocolSettings protocol, EventSink sink,
                                      SourceStatusListener status, Clock clock, Backoff backoff) {
        return create(transport, protocol, sink, status, clock, backoff, List.of());
    }

    /**
     * @param portDevices the devices the gateway's config puts on this port. An {@code ascii-line}
     *                    source faults them (with its fixed {@code device} and its {@code deviceMap}
     *                    values) when its link has been down for {@code faultAfter}: a reader whose
     *                    device ids come only from the printed text would otherwise fault nobody.
     *                    {@code modbus-rtu-di} ignores them: its inputs name its devices.
     */
    public static DeviceSource create(TransportSettings transport, ProtocolSettings protocol, EventSink sink,
                                      SourceStatusListener status, Clock clock, Backoff backoff,
                                      Collection<String> portDevices) {
        return create(transport, protocol, sink, status, clock, backoff, portDevices, EventCursors.inMemory());
    }

    /**
     * @param cursors where a {@code uhppote} source keeps the index of the last event it knows is
     *                stored, per controller (the gateway: its SQLite store), so that a restart reads
     *                on from there; the other protocols ignore it
     */
    public static DeviceSource create(TransportSettings transport, ProtocolSettings protocol, EventSink sink,
                                      SourceStatusListener status, Clock clock, Backoff backoff,
                                      Collection<String> portDevices, EventCursors cursors) {
        Objects.requireNonNull(portDevices, "portDevices");
        Objects.requireNonNull(cursors, "cursors");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(backoff, "backoff");
        SourceStatusListener listener = status == null ? SourceStatusListener.NONE : status;
        String name = transport.sourceName();
        if (protocol instanceof UhppoteSettings controller) {
            if (!(transport instanceof UdpEndpoint udp)) {
                throw new IllegalArgumentException("uhppote: expected the controller's UDP address, found " + name);
            }
            return new UhppoteSource(name, udp, controller, sink, listener, clock, backoff, cursors);
        }
        if (transport instanceof UdpEndpoint) {
            throw new IllegalArgumentException(protocol.protocolName() + ": expected a serial port or tcp:// device server, found " + name);
        }
        if (protocol instanceof AsciiLineSettings line) {
            ByteLink link = transport instanceof SerialSettings serial
                    ? new SerialLineLink(serial, backoff)
                    : new TcpLineLink((TcpEndpoint) transport, backoff);
            return new LineSource(name, line, link, sink, listener, clock, portDevices);
        }
        ModbusDiSettings di = (ModbusDiSettings) protocol;
        return new ModbusDiSource(name, di, rtuTransports(transport), sink, listener, clock, backoff);
    }

    /** A fresh library transport per connection: a port or channel is never reused after a failure. */
    private static ModbusDiSource.TransportFactory rtuTransports(TransportSettings transport) {
        if (transport instanceof SerialSettings serial) {
            // A dead port stays dead (isConnected() false): a new transport is opened each time.
            return onLost -> new SerialRtuTransport(serial);
        }
        TcpEndpoint tcp = (TcpEndpoint) transport;
        return onLost -> {
            NettyRtuClientTransport t = NettyRtuClientTransport.create(cfg -> cfg
                    .setHostname(tcp.host())
                    .setPort(tcp.port())
                    .setConnectTimeout(MODBUS_CONNECT_TIMEOUT)
                    .setConnectPersistent(false)
                    .setEventLoopGroup(NettyShared.eventLoop()));
            // The library reconnects a dropped channel on its own, quickly enough that a poll might never see
            // it down; we want the drop reported and our backoff applied, so a drop ends this transport.
            t.addConnectionListener(new NettyTcpClientTransport.ConnectionListener() {
                @Override
                public void onConnection() {
                }

                @Override
                public void onConnectionLost() {
                    onLost.run();
                }
            });
            return t;
        };
    }
}

package org.doorwatch.drivers;

/**
 * One serial line or device-server connection with its protocol. {@link #start()} returns at once;
 * the source then (re)connects on its own, with backoff, until {@link #close()}.
 */
public interface DeviceSource extends AutoCloseable {

    /** E.g. {@code serial:/dev/ttyUSB0} or {@code tcp:10.0.0.5:4001}; the {@code source} of its events. */
    String name();

    /** Starts connecting; idempotent. */
    void start();

    /** True while the port is open / the connection is established (for the Modbus protocol: and some module answers). */
    boolean isUp();

    /** Why the source is up or down, e.g. {@code "connection refused"}; never null. */
    String statusReason();

    /** Stops reading and releases the port; idempotent; does not throw. */
    @Override
    void close();
}

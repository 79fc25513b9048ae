package org.doorwatch.drivers;

/**
 * A byte stream from a serial port or a TCP device server that keeps itself connected: it opens,
 * delivers bytes, and on any failure reports down and retries with backoff until closed.
 * Listener calls for one link come from one thread at a time, in order.
 */
interface ByteLink extends AutoCloseable {

    interface Listener {
        /** The port is open / the connection is established. */
        void onUp(String reason);

        /** Bytes as read; {@code data} is reused after the call returns. */
        void onBytes(byte[] data, int count);

        /** The port could not be opened, or was lost; the link retries on its own. */
        void onDown(String reason);
    }

    void start(Listener listener);

    @Override
    void close();
}

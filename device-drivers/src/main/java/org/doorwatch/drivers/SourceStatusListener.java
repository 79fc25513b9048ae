package org.doorwatch.drivers;

/**
 * Told when a source's link goes up or down, for {@code /health}. Called from transport threads,
 * once per change; must be thread-safe.
 */
public interface SourceStatusListener {

    /**
     * @param up     true when the port is open / the connection is established
     * @param reason why, e.g. {@code "open"}, {@code "cannot open /dev/ttyUSB0: no such port"},
     *               {@code "connection lost"}; never null
     */
    void onStatus(String source, boolean up, String reason);

    SourceStatusListener NONE = (source, up, reason) -> { };
}

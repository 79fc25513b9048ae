package org.doorwatch.drivers;

/**
 * A device on the LAN that speaks UDP: for protocol {@code uhppote}, the access controller's own
 * address (it listens on port {@value #UHPPOTE_PORT}).
 */
public record UdpEndpoint(String host, int port) implements TransportSettings {

    public static final int UHPPOTE_PORT = 60000;

    public UdpEndpoint {
        var p = new Problems("UDP endpoint");
        p.check(host != null && !host.isBlank(), "host: expected a host name or IPv4 address, found nothing");
        p.check(port >= 1 && port <= 65535, "port: expected 1 to 65535, found " + port);
        p.throwIfAny();
    }

    /** Parses {@code host} or {@code host:port}; without a port, {@code defaultPort}. */
    public static UdpEndpoint parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected an address such as 192.168.1.100 or 192.168.1.100:60000, found nothing");
        }
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return new UdpEndpoint(t, defaultPort);
        }
        if (t.indexOf(':') != colon) {
            throw new IllegalArgumentException("expected an IPv4 address or host name with an optional :port, found '" + t + "'");
        }
        String host = t.substring(0, colon);
        String port = t.substring(colon + 1);
        try {
            return new UdpEndpoint(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a port number after ':' (1 to 65535), found '" + port + "' in '" + t + "'");
        }
    }

    @Override
    public String sourceName() {
        return "udp:" + host + ":" + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

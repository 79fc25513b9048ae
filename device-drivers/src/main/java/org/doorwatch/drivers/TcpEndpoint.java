package org.doorwatch.drivers;

import java.net.URI;
import java.net.URISyntaxException;

/** An RS-485/RS-232-to-Ethernet device server in TCP server mode (e.g. USR-TCP232, ZLAN, MOXA NPort). */
public record TcpEndpoint(String host, int port) implements TransportSettings {

    public TcpEndpoint {
        var p = new Problems("TCP endpoint");
        p.check(host != null && !host.isBlank(), "host: expected a host name or address, found nothing");
        p.check(port >= 1 && port <= 65535, "port: expected 1 to 65535, found " + port);
        p.throwIfAny();
    }

    /** Parses {@code tcp://host:port}. */
    public static TcpEndpoint parse(String url) {
        if (url == null || !url.startsWith("tcp://")) {
            throw new IllegalArgumentException("TCP endpoint: expected tcp://host:port, found "
                    + (url == null ? "nothing" : "'" + url + "'"));
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getPort() < 0 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("TCP endpoint: expected tcp://host:port, found '" + url + "'");
            }
            return new TcpEndpoint(uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("TCP endpoint: expected tcp://host:port, found '" + url + "'", e);
        }
    }

    @Override
    public String sourceName() {
        return "tcp:" + host + ":" + port;
    }
}

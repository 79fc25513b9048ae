package org.doorwatch.gateway.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered and whose output is not held back by Nagle's
 * algorithm. Nagle: Paho writes each packet with one flush; with TCP_NODELAY off, a small
 * packet (a PUBLISH of an alert, a PUBACK of an event) waits while an earlier one is
 * unacknowledged, and the broker's side acknowledges late (delayed ACK, 40 ms on Linux): alerts
 * and acknowledgements waited up to about 40 ms (BENCHMARKS.md, "Event to alert").
 *
 * <p>Input: Paho 1.2.5 reads each packet header byte by byte straight from the socket, one system call per byte; under a burst that caps a subscriber at
 * about a third of what {@code mosquitto_sub} receives (PITFALLS). A 64 KiB buffer turns those
 * reads into memory copies.
 */
final class BufferedSocketFactory extends SocketFactory {

    private static final int BUFFER = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = new BufferedSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new BufferedSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = new BufferedSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = new BufferedSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static final class BufferedSocket extends Socket {
        private InputStream in;

        BufferedSocket() {
            try {
                setTcpNoDelay(true);
            } catch (java.net.SocketException e) {
                // the platform refuses the option: Nagle stays, the socket still works
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), BUFFER);
            }
            return in;
        }
    }
}

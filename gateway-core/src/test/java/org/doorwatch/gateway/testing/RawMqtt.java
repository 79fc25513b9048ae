package org.doorwatch.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 client over a socket, for what no client library lets a test do: send a
 * PUBLISH with the DUP flag set, as a device does when it resends after a lost PUBACK. Only
 * CONNECT, QoS 1 PUBLISH and their acknowledgements.
 */
public final class RawMqtt implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        socket.setSoTimeout(15_000);
    }

    /** Connects with a clean session as {@code user}; returns after a CONNACK that accepted it. */
    public static RawMqtt connect(int port, String clientId, String user, String password) throws IOException {
        RawMqtt m = new RawMqtt(new Socket("127.0.0.1", port));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // 3.1.1
        body.write(0x80 | 0x40 | 0x02); // user name, password, clean session
        body.write(0);
        body.write(30); // keep-alive 30 s
        string(body, clientId);
        string(body, user);
        string(body, password);
        m.packet(0x10, body.toByteArray());
        int type = m.in.readUnsignedByte();
        int len = m.in.readUnsignedByte();
        byte[] rest = new byte[len];
        m.in.readFully(rest);
        if (type != 0x20 || rest[1] != 0) {
            m.close();
            throw new IOException("CONNACK refused: " + (rest.length > 1 ? rest[1] : -1));
        }
        return m;
    }

    /** A QoS 1 PUBLISH with {@code packetId}, DUP set or not; waits for its PUBACK. */
    public void publish(String topic, byte[] payload, int packetId, boolean dup) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.write(payload);
        packet(0x30 | (dup ? 0x08 : 0) | 0x02, body.toByteArray());
        int type = in.readUnsignedByte();
        int len = in.readUnsignedByte();
        byte[] rest = new byte[len];
        in.readFully(rest);
        int acked = ((rest[0] & 0xff) << 8) | (rest[1] & 0xff);
        if (type != 0x40 || acked != packetId) {
            throw new IOException("expected PUBACK " + packetId + ", got type " + type + " id " + acked);
        }
    }

    private void packet(int header, byte[] body) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int len = body.length;
        do {
            int b = len % 128;
            len /= 128;
            p.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        p.write(body);
        out.write(p.toByteArray());
        out.flush();
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >> 8);
        b.write(bytes.length & 0xff);
        b.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package org.doorwatch.simulator;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorwatch.domain.DoorEvent;

/**
 * A line-protocol reader ({@code ascii-line}): writes one line per event, CR LF terminated, in
 * the port's charset, either on a serial port or to the gateway connected to our TCP listener
 * (the device-server form: the gateway is the TCP client).
 */
final class LineOutput implements Output {

    private final String transport;
    private final LineLayout layout;
    private final Charset charset;
    private final SerialPort serial;
    private final ServerSocket listener;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private LineOutput(String transport, LineLayout layout, Charset charset, SerialPort serial, ServerSocket listener) {
        this.transport = transport;
        this.layout = layout;
        this.charset = charset;
        this.serial = serial;
        this.listener = listener;
        if (listener != null) {
            Thread accept = new Thread(this::acceptLoop, "sim-line-accept-" + listener.getLocalPort());
            accept.setDaemon(true);
            accept.start();
        }
    }

    static LineOutput serial(LineLayout layout, Charset charset, String path) throws IOException {
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(115200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 2000);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + path + " (jSerialComm error " + port.getLastErrorCode() + ")");
        }
        return new LineOutput("serial", layout, charset, port, null);
    }

    static LineOutput tcp(LineLayout layout, Charset charset, String host, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(host, port));
        return new LineOutput("tcp", layout, charset, null, listener);
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public boolean send(DoorEvent e) throws IOException {
        String line = layout.line(e);
        if (line == null) {
            return false;
        }
        byte[] bytes = (line + "\r\n").getBytes(charset);
        if (serial != null) {
            int written = serial.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                throw new IOException("serial write of " + bytes.length + " bytes wrote " + written);
            }
            return true;
        }
        boolean delivered = false;
        for (Socket s : clients) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.flush();
                delivered = true;
            } catch (IOException gone) {
                clients.remove(s);
                s.close();
            }
        }
        return delivered;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (serial != null) {
            serial.closePort();
        }
        if (listener != null) {
            listener.close();
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}

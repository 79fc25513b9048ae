package org.doorwatch.drivers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ByteLink} to a serial device server over TCP (Netty). Connects, delivers bytes on the
 * channel's event loop, and reconnects with backoff after a refused, failed or dropped connection.
 */
final class TcpLineLink implements ByteLink {

    /** A device server that does not accept within this is treated as unreachable. */
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final TcpEndpoint endpoint;
    private final Backoff backoff;
    private final Bootstrap bootstrap;
    private volatile boolean closed;
    private volatile Channel channel;
    /** Why the last connection failed, when the channel told us (e.g. a reset); else null. */
    private volatile String lastCause;
    private Listener listener;
    /** Failed attempts in a row; touched only on the event loop. */
    private int failures;

    TcpLineLink(TcpEndpoint endpoint, Backoff backoff) {
        this.endpoint = endpoint;
        this.backoff = backoff;
        this.bootstrap = new Bootstrap()
                .group(NettyShared.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Reader());
                    }
                });
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) {
            return;
        }
        this.listener = listener;
        NettyShared.eventLoop().execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture f = bootstrap.connect(endpoint.host(), endpoint.port());
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                listener.onDown("cannot connect to " + endpoint.host() + ":" + endpoint.port() + ": " + describe(cf.cause()));
                retryIn(backoff.delayAfter(failures++).toMillis());
                return;
            }
            Channel ch = cf.channel();
            if (closed) {
                ch.close();
                return;
            }
            failures = 0;
            lastCause = null;
            channel = ch;
            listener.onUp("connected");
            ch.closeFuture().addListener(x -> {
                channel = null;
                if (!closed) {
                    String cause = lastCause;
                    listener.onDown("connection to " + endpoint.host() + ":" + endpoint.port() + " lost"
                            + (cause == null ? "" : ": " + cause));
                    retryIn(backoff.delayAfter(0).toMillis());
                }
            });
        });
    }

    private void retryIn(long millis) {
        if (!closed) {
            NettyShared.eventLoop().schedule(this::connect, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
    }

    private final class Reader extends SimpleChannelInboundHandler<ByteBuf> {
        private final byte[] buffer = new byte[2048];

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            while (msg.isReadable()) {
                int n = Math.min(buffer.length, msg.readableBytes());
                msg.readBytes(buffer, 0, n);
                listener.onBytes(buffer, n);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset or a listener bug: drop the connection; closeFuture reconnects.
            lastCause = describe(cause);
            ctx.close();
        }
    }
}

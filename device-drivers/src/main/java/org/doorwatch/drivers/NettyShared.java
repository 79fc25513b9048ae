package org.doorwatch.drivers;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One event loop for every TCP device-server connection and every controller's UDP socket of the
 * process. A gateway has a handful of device servers each sending at most 11.5 KB/s (115200 baud)
 * and a few controllers sending a 64-byte packet per door event, which one thread carries easily.
 * Daemon threads: the loop lives as long as the process.
 */
final class NettyShared {

    private NettyShared() {
    }

    private static final class Holder {
        static final EventLoopGroup GROUP = new NioEventLoopGroup(1, new DefaultThreadFactory("doorwatch-tcp", true));
    }

    static EventLoopGroup eventLoop() {
        return Holder.GROUP;
    }
}

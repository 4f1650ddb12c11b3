package com.example.consumer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback echo server on a free port, counting the connections it accepted. */
final class EchoServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final AtomicInteger accepted = new AtomicInteger();

    EchoServer() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "consumer-echo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                accepted.incrementAndGet();
                Thread echo = new Thread(() -> echo(channel), "consumer-echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try (channel) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The client went away: the connection is over.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

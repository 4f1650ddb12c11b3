package io.noisepool.sample.noise;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A one-connection loopback server for tests whose server side is scripted by hand. */
final class Loopback implements AutoCloseable {

    /** What the server does with its one accepted connection. */
    @FunctionalInterface
    interface Script {
        void run(DataInputStream in, DataOutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private Loopback(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                script.run(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "loopback-script");
        thread.setDaemon(true);
        thread.start();
    }

    static Loopback serve(Script script) throws IOException {
        return new Loopback(script);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Completes when the script has finished, exceptionally if it threw. */
    Future<Void> done() {
        return done;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

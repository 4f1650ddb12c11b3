package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.Pool;
import io.noisepool.sample.noise.NoiseConnection;
import io.noisepool.sample.noise.NoiseKeyPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Closing the application with echoes in flight lets them finish before the pool closes. */
class GracefulShutdownTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int IN_FLIGHT = 3;

    @Test
    void contextCloseLetsInFlightEchoesFinishBeforeThePoolCloses() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .listeners((ApplicationListener<ContextClosedEvent>) event -> closing.countDown())
                .run("--server.port=0", "--spring.main.banner-mode=off");
        Pool pool = context.getBean(Pool.class);
        SampleHttp http = new SampleHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));

        try (HeldEchoPeer peer = new HeldEchoPeer(pool)) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                responses.add(http.echoAsync("?peer=127.0.0.1:" + peer.port(), ("slow " + i).getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(peer.received.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(pool.stats().inUse()).isEqualTo(IN_FLIGHT);

            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
            assertThat(closing.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            peer.release.countDown();

            for (int i = 0; i < IN_FLIGHT; i++) {
                HttpResponse<String> response = responses.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat((String) JsonPath.read(response.body(), "$.reply")).isEqualTo("slow " + i);
            }
            closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(peer.poolOpenWhenReplying).hasSize(IN_FLIGHT).containsOnly(true);
            assertThat(pool.isClosed()).isTrue();
            assertThat(pool.stats().inUse()).isZero();
        } finally {
            context.close();
        }
    }

    /** A Noise echo peer that holds every reply until released, noting whether the pool was still open. */
    private static final class HeldEchoPeer implements AutoCloseable {

        final CountDownLatch received = new CountDownLatch(IN_FLIGHT);
        final CountDownLatch release = new CountDownLatch(1);
        final Queue<Boolean> poolOpenWhenReplying = new ConcurrentLinkedQueue<>();
        private final ServerSocketChannel server;
        private final Pool pool;
        private final NoiseKeyPair key = NoiseKeyPair.generate();

        HeldEchoPeer(Pool pool) throws IOException {
            this.pool = pool;
            this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(this::accept, "held-echo-peer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        private void accept() {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    Thread worker = new Thread(() -> serve(channel), "held-echo-peer-conn");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(SocketChannel channel) {
            try (NoiseConnection conn = new NoiseConnection(channel, Duration.ZERO)) {
                conn.handshakeAsResponder(key, TIMEOUT);
                byte[] message = conn.receive();
                received.countDown();
                release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                poolOpenWhenReplying.add(!pool.isClosed());
                conn.send(ByteBuffer.wrap(message));
                conn.receive();
            } catch (IOException e) {
                // The client went away; nothing to record.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

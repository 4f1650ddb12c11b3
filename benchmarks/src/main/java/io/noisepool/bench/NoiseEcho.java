package io.noisepool.bench;

import io.noisepool.ConnPool;
import io.noisepool.Dialer;
import io.noisepool.PoolConfig;
import io.noisepool.PooledConnection;
import io.noisepool.sample.noise.NoiseConnection;
import io.noisepool.sample.noise.NoiseDialer;
import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import io.noisepool.sample.noise.PeerKeyPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark 6, what the pool saves: echo round trips of a 64-byte message to the sample's Noise
 * echo peer on loopback, through our pool (the Noise_XX session is reused) or dialing per request
 * (TCP connect, Noise_XX handshake, one round trip, close). Run it at 1 and 4 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoiseEcho {

    private static final int MESSAGE_BYTES = 64;
    // Generous: only there to fail a hung exchange instead of hanging the run.
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How requests reach the peer. */
    @Param({"POOLED", "DIAL_PER_REQUEST"})
    public Transport transport;

    private NoiseEchoPeer peer;
    private Dialer dialer;
    private ConnPool pool;
    private String address;

    /** Each thread's message, so threads share no buffer. */
    @State(Scope.Thread)
    public static class Message {
        private final ByteBuffer bytes = ByteBuffer.allocate(MESSAGE_BYTES);
    }

    /**
     * Starts the echo peer on a free loopback port and a pool in front of it.
     *
     * @throws IOException if the peer cannot bind
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        peer = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                NoiseKeyPair.generate(), TIMEOUT);
        dialer = new NoiseDialer(NoiseKeyPair.generate(), TIMEOUT)
                .dialerFor(peer.address(), PeerKeyPolicy.pinned(peer.publicKey()));
        pool = new ConnPool(PoolConfig.builder().build());
        address = peer.address().getHostString() + ":" + peer.address().getPort();
    }

    /** Closes the pool and the peer. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
        peer.close();
    }

    /**
     * One request and its echo.
     *
     * @param message this thread's message
     * @return the echo
     * @throws Exception if dialing or the exchange fails
     */
    @Benchmark
    public byte[] echo(Message message) throws Exception {
        if (transport == Transport.POOLED) {
            PooledConnection lease = pool.getOrDial(address, dialer);
            try {
                byte[] echo = roundTrip(lease.unwrap(NoiseConnection.class), message.bytes);
                lease.close();
                return echo;
            } catch (IOException | RuntimeException e) {
                lease.discard();
                throw e;
            }
        }
        try (NoiseConnection conn = (NoiseConnection) dialer.dial(TIMEOUT)) {
            return roundTrip(conn, message.bytes);
        }
    }

    private static byte[] roundTrip(NoiseConnection conn, ByteBuffer message) throws IOException {
        conn.send(message.clear());
        byte[] echo = conn.receive();
        if (echo == null || echo.length != MESSAGE_BYTES) {
            throw new UncheckedIOException(new IOException("The echo peer answered "
                    + (echo == null ? "by closing" : echo.length + " bytes") + " to " + MESSAGE_BYTES));
        }
        return echo;
    }
}

package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.noisepool.Conn;
import io.noisepool.Dialer;
import io.noisepool.Pool;
import io.noisepool.PooledConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The starter as a user meets it: the application starts, {@link Pool} is autowired from the
 * auto-configuration, and a plain loopback socket adapted by {@link Conn#of(SocketChannel)} is
 * dialed once and then reused.
 */
@SpringBootTest
class StarterFromStagingTest {

    @Autowired
    private Pool pool;

    private EchoServer server;
    private String address;
    private Dialer dialer;

    @BeforeEach
    void startServer() throws IOException {
        server = new EchoServer();
        address = "127.0.0.1:" + server.address().getPort();
        dialer = timeout -> Conn.of(SocketChannel.open(server.address()));
    }

    @AfterEach
    void stopServer() throws IOException {
        pool.evictIdle(address);
        server.close();
    }

    @Test
    void secondCheckoutReusesTheDialedConnection() throws IOException {
        try (PooledConnection first = pool.getOrDial(address, dialer)) {
            assertThat(first.fresh()).isTrue();
            assertThat(echo(first, "hello")).isEqualTo("hello");
        }
        try (PooledConnection second = pool.getOrDial(address, dialer)) {
            assertThat(second.fresh()).as("taken from the pool, not dialed").isFalse();
            assertThat(echo(second, "again")).isEqualTo("again");
        }
        assertThat(server.accepted()).isEqualTo(1);
        assertThat(pool.stats().dials()).isEqualTo(1);
    }

    private static String echo(PooledConnection conn, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        conn.write(ByteBuffer.wrap(bytes));
        ByteBuffer reply = ByteBuffer.allocate(bytes.length);
        while (reply.hasRemaining()) {
            assertThat(conn.read(reply)).as("echo server closed early").isNotNegative();
        }
        return new String(reply.array(), StandardCharsets.UTF_8);
    }
}

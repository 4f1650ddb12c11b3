package io.noisepool.sample.noise;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.HandshakeState;
import io.noisepool.Conn;
import io.noisepool.sample.noise.NoiseTransportException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.BadPaddingException;
import javax.crypto.ShortBufferException;

/**
 * A Noise session over a connected, blocking {@link SocketChannel}, in the {@link NoiseWire}
 * format. Created unestablished; {@link #handshakeAsInitiator} or {@link #handshakeAsResponder}
 * runs the handshake once. After that every {@link #send} or {@link #write} sends one encrypted
 * transport message and every {@link #receive} or {@link #read} takes plaintext from the next one.
 *
 * <p>Any protocol or I/O failure (a short read, a frame outside the limits, a failed MAC, a read
 * timeout) fails the connection for good: it closes the socket, {@link #isFailed()} turns
 * {@code true}, and every later operation throws a {@link NoiseTransportException} of kind
 * {@link Kind#BROKEN} whose cause is the first failure. A clean end of stream between messages
 * just closes it.
 *
 * <p>Thread safety: one thread reads and one writes at a time (the pool lends a connection to one
 * caller); {@link #close()}, {@link #isOpen()}, {@link #isFailed()} and
 * {@link #isHandshakeComplete()} work from any thread.
 */
public final class NoiseConnection implements Conn {

    private enum State { NEW, ESTABLISHED, FAILED, CLOSED }

    private final SocketChannel channel;
    // Reads go through the socket's stream adapter, which, unlike the channel, honours SO_TIMEOUT.
    private final ReadableByteChannel in;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final Duration readTimeout;
    private final NoiseFrameReader reader = new NoiseFrameReader(0, NoiseWire.MAX_MESSAGE_LENGTH);
    private final NoiseFrameWriter writer = new NoiseFrameWriter();

    // Moves NEW -> ESTABLISHED -> FAILED or CLOSED, never back; FAILED and CLOSED are final.
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    // Set once, before state leaves NEW or ESTABLISHED for FAILED; read after seeing FAILED.
    private volatile NoiseTransportException failure;
    // Written by the handshake thread before state becomes ESTABLISHED (a volatile write that publishes them).
    private CipherState sender;
    private CipherState receiver;
    private byte[] remoteStaticKey;
    // Turns true once, after the fields above are written; never back.
    private volatile boolean handshakeComplete;
    // Plaintext of the last message not yet consumed by read(ByteBuffer), in reader.buffer(); reader thread only.
    private int pendingStart;
    private int pendingEnd;

    /**
     * @param channel a connected, blocking channel, not {@code null}; this connection owns it
     * @param readTimeout how long a transport read waits for data before the connection fails with
     *     {@link Kind#TIMEOUT}; {@link Duration#ZERO} waits forever
     * @throws IOException if the channel's socket cannot be set up
     */
    public NoiseConnection(SocketChannel channel, Duration readTimeout) throws IOException {
        this.channel = channel;
        this.readTimeout = readTimeout;
        this.in = Channels.newChannel(channel.socket().getInputStream());
        this.remote = channel.getRemoteAddress();
        this.local = channel.getLocalAddress();
        channel.socket().setTcpNoDelay(true);
    }

    /**
     * Runs the initiator side of the handshake.
     *
     * @param localKey this side's static key pair
     * @param policy checks the responder's static key before this side reveals its own
     * @param timeout the most the whole handshake may take, positive
     * @throws NoiseTransportException if the handshake fails, times out or the key is refused;
     *     the connection is then failed
     * @throws IllegalStateException if a handshake already ran
     */
    public void handshakeAsInitiator(NoiseKeyPair localKey, PeerKeyPolicy policy, Duration timeout)
            throws NoiseTransportException {
        handshake(HandshakeState.INITIATOR, localKey, policy, timeout);
    }

    /**
     * Runs the responder side of the handshake, accepting any initiator key.
     *
     * @param localKey this side's static key pair
     * @param timeout the most the whole handshake may take, positive
     * @throws NoiseTransportException if the handshake fails or times out; the connection is then failed
     * @throws IllegalStateException if a handshake already ran
     */
    public void handshakeAsResponder(NoiseKeyPair localKey, Duration timeout) throws NoiseTransportException {
        handshake(HandshakeState.RESPONDER, localKey, null, timeout);
    }

    private void handshake(int role, NoiseKeyPair localKey, PeerKeyPolicy policy, Duration timeout)
            throws NoiseTransportException {
        if (state.get() != State.NEW || handshakeComplete) {
            throw new IllegalStateException("The Noise handshake on " + this + " already ran");
        }
        try {
            NoiseHandshake.Result result = new NoiseHandshake(channel.socket(), in, channel, reader, writer)
                    .run(role, localKey, policy, peerName(), timeout);
            sender = result.ciphers().getSender();
            receiver = result.ciphers().getReceiver();
            remoteStaticKey = result.remoteStaticKey();
            handshakeComplete = true;
            channel.socket().setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
        if (!state.compareAndSet(State.NEW, State.ESTABLISHED)) {
            // Closed by another thread while the handshake ran.
            throw fail(new ClosedChannelException());
        }
    }

    /**
     * @return whether the handshake completed; stays {@code true} after a later failure or close
     */
    public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    /**
     * @return whether the connection failed (see the class comment); {@code false} after a plain close
     */
    public boolean isFailed() {
        return state.get() == State.FAILED;
    }

    /**
     * @return the first failure, or {@code null} if the connection has not failed
     */
    public NoiseTransportException failure() {
        return failure;
    }

    /**
     * @return a copy of the peer's static public key as proven in the handshake
     * @throws IllegalStateException before the handshake completed
     */
    public byte[] remoteStaticKey() {
        if (!isHandshakeComplete()) {
            throw new IllegalStateException("The Noise handshake on " + this + " has not completed");
        }
        return remoteStaticKey.clone();
    }

    /**
     * Encrypts and sends the bytes as one transport message.
     *
     * @param plaintext the message, at most {@link NoiseWire#MAX_PLAINTEXT_LENGTH} bytes remaining;
     *     consumed entirely
     * @throws IllegalArgumentException if the message is too long for one Noise message
     * @throws IllegalStateException before the handshake completed
     * @throws ClosedChannelException if the connection was closed
     * @throws NoiseTransportException if sending fails, or the connection failed earlier
     */
    public void send(ByteBuffer plaintext) throws IOException {
        int length = plaintext.remaining();
        if (length > NoiseWire.MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("A Noise transport message carries at most "
                    + NoiseWire.MAX_PLAINTEXT_LENGTH + " bytes of plaintext, not " + length);
        }
        requireEstablished();
        byte[] buffer = writer.buffer();
        plaintext.get(buffer, NoiseFrameWriter.MESSAGE_OFFSET, length);
        try {
            int sealed = sender.encryptWithAd(null, buffer, NoiseFrameWriter.MESSAGE_OFFSET,
                    buffer, NoiseFrameWriter.MESSAGE_OFFSET, length);
            writer.writeFrame(channel, sealed);
        } catch (IOException | ShortBufferException | RuntimeException e) {
            throw fail(e);
        }
    }

    /**
     * Receives and decrypts the next transport message whole.
     *
     * @return the plaintext, possibly empty; {@code null} if the peer closed the connection cleanly
     *     between messages (the connection is then closed)
     * @throws IllegalStateException before the handshake completed, or while plaintext of a
     *     message partly consumed by {@link #read} remains
     * @throws ClosedChannelException if the connection was closed
     * @throws NoiseTransportException on a short read, a bad frame, a failed MAC or a read timeout,
     *     or if the connection failed earlier
     */
    public byte[] receive() throws IOException {
        if (pendingStart < pendingEnd) {
            throw new IllegalStateException("Plaintext of a message partly consumed by read() remains");
        }
        int length = nextMessage();
        if (length < 0) {
            return null;
        }
        byte[] message = new byte[length];
        System.arraycopy(reader.buffer(), 0, message, 0, length);
        return message;
    }

    /**
     * Reads plaintext: what remains of the last message, else the next non-empty message. Message
     * boundaries are not kept; use {@link #receive()} for that.
     *
     * @return the number of bytes read, or {@code -1} at a clean end of stream
     * @throws NoiseTransportException as {@link #receive()}
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            requireEstablished();
            return 0;
        }
        while (pendingStart == pendingEnd) {
            int length = nextMessage();
            if (length < 0) {
                return -1;
            }
            pendingStart = 0;
            pendingEnd = length;
        }
        int n = Math.min(dst.remaining(), pendingEnd - pendingStart);
        dst.put(reader.buffer(), pendingStart, n);
        pendingStart += n;
        return n;
    }

    /**
     * Sends up to {@link NoiseWire#MAX_PLAINTEXT_LENGTH} bytes of the buffer as one transport
     * message; a longer buffer is written in part, as {@link java.nio.channels.WritableByteChannel}
     * allows, and the rest needs another call.
     *
     * @return the number of bytes sent
     * @throws NoiseTransportException as {@link #send}
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = Math.min(src.remaining(), NoiseWire.MAX_PLAINTEXT_LENGTH);
        ByteBuffer slice = src.slice();
        slice.limit(n);
        send(slice);
        src.position(src.position() + n);
        return n;
    }

    /** Reads and decrypts one message into reader.buffer(); its length, or -1 at a clean end of stream. */
    private int nextMessage() throws IOException {
        requireEstablished();
        try {
            int length = reader.readFrame(in);
            if (length < 0) {
                close();
                return -1;
            }
            if (length < NoiseWire.MAC_LENGTH) {
                throw new NoiseTransportException(Kind.BAD_FRAME, "Transport frame of " + length
                        + " bytes from " + peerName() + " is shorter than its " + NoiseWire.MAC_LENGTH + "-byte MAC");
            }
            byte[] buffer = reader.buffer();
            return receiver.decryptWithAd(null, buffer, 0, buffer, 0, length);
        } catch (BadPaddingException e) {
            throw fail(new NoiseTransportException(Kind.BAD_MAC, "A transport message from " + peerName()
                    + " failed authentication: tampered, reordered or from another session", e));
        } catch (IOException | ShortBufferException | RuntimeException e) {
            throw fail(e);
        }
    }

    private void requireEstablished() throws IOException {
        State s = state.get();
        switch (s) {
            case ESTABLISHED -> { }
            case NEW -> throw new IllegalStateException("The Noise handshake on " + this + " has not completed");
            case FAILED -> throw new NoiseTransportException(Kind.BROKEN,
                    "The Noise connection " + this + " failed earlier: " + failure.getMessage(), failure);
            case CLOSED -> throw new ClosedChannelException();
        }
    }

    /** Fails the connection for good (unless it was closed first) and returns what to throw. */
    private NoiseTransportException fail(Throwable e) {
        NoiseTransportException ex = translate(e);
        if (failure == null) {
            failure = ex;
        }
        State s = state.get();
        while ((s == State.NEW || s == State.ESTABLISHED) && !state.compareAndSet(s, State.FAILED)) {
            s = state.get();
        }
        closeChannelQuietly();
        return ex;
    }

    private NoiseTransportException translate(Throwable e) {
        if (e instanceof NoiseTransportException nte) {
            return nte;
        }
        if (e instanceof SocketTimeoutException) {
            return new NoiseTransportException(Kind.TIMEOUT,
                    "No data from " + peerName() + " within " + readTimeout.toMillis() + " ms", e);
        }
        return new NoiseTransportException(Kind.BROKEN, "The Noise connection " + this + " broke: " + e, e);
    }

    /**
     * @return whether the socket is open and the connection has neither failed nor been closed
     */
    @Override
    public boolean isOpen() {
        State s = state.get();
        return (s == State.NEW || s == State.ESTABLISHED) && channel.isOpen();
    }

    /**
     * Checks, without waiting, that a connection nobody is using is still fit to carry the next
     * exchange: open, established, and with nothing to read. A peer that closed it shows as end of
     * stream (the connection is then closed), a reset as an error, and bytes that arrived unasked
     * would put the next reply out of step (the connection then fails). Costs one non-blocking read
     * and no traffic, so it suits a check run before every hand-out. Call it only while no other
     * thread reads or writes: it switches the channel to non-blocking mode for that one read.
     *
     * @return whether the connection may be used
     */
    public boolean isIdleAndAlive() {
        if (state.get() != State.ESTABLISHED || pendingStart < pendingEnd) {
            return false;
        }
        try {
            int read;
            channel.configureBlocking(false);
            try {
                read = channel.read(ByteBuffer.allocate(1));
            } finally {
                channel.configureBlocking(true);
            }
            if (read < 0) {
                close();
                return false;
            }
            if (read > 0) {
                fail(new NoiseTransportException(Kind.BAD_FRAME, "Data from " + peerName() + " arrived while "
                        + "the connection was idle; the next reply would be out of step"));
                return false;
            }
            return isOpen();
        } catch (IOException | RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** Closes the socket. Idempotent; a failed connection stays failed. */
    @Override
    public void close() throws IOException {
        State s = state.get();
        while ((s == State.NEW || s == State.ESTABLISHED) && !state.compareAndSet(s, State.CLOSED)) {
            s = state.get();
        }
        channel.close();
    }

    private void closeChannelQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The connection is already failed; a close error adds nothing the caller can act on.
        }
    }

    /** The peer as {@code host:port}, for messages. */
    private String peerName() {
        return remote instanceof InetSocketAddress isa ? isa.getHostString() + ":" + isa.getPort() : String.valueOf(remote);
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "NoiseConnection[" + local + " -> " + remote + ", " + state.get() + "]";
    }
}

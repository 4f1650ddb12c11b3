package io.noisepool.sample;

import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import io.noisepool.sample.noise.NoiseWire;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /echo[?peer=host:port]} sends the request body through a pooled Noise connection and
 * answers with the reply; {@code GET /peers/stats} shows the embedded peer's counts. Failures are
 * answered as {@code application/problem+json} by {@link EchoProblemHandler}.
 */
@RestController
class EchoController {

    /**
     * The echo's answer.
     *
     * @param peer the peer, {@code host:port}
     * @param connection {@code "reused"} for a pooled connection, {@code "new"} for a fresh handshake
     * @param bytes the reply's length
     * @param reply the reply, decoded as UTF-8
     */
    record EchoResponse(String peer, String connection, int bytes, String reply) {}

    /**
     * The embedded peer's counts.
     *
     * @param address where it listens, {@code host:port}
     * @param publicKey its static public key, hex
     * @param handshakes how many handshakes it completed since start
     * @param openConnections how many connections it holds now
     */
    record PeerStats(String address, String publicKey, long handshakes, int openConnections) {}

    private final EchoService echo;
    private final NoiseEchoPeer embeddedPeer;

    EchoController(EchoService echo, NoiseEchoPeer embeddedPeer) {
        this.echo = echo;
        this.embeddedPeer = embeddedPeer;
    }

    // The body comes first: reading it as a stream before any request parameter keeps the
    // servlet container from parsing a form-encoded body (curl -d) as parameters.
    @PostMapping(path = "/echo", produces = MediaType.APPLICATION_JSON_VALUE)
    EchoResponse echo(InputStream body, HttpServletRequest request, @RequestParam(name = "peer", required = false) String peer)
            throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > NoiseWire.MAX_PLAINTEXT_LENGTH) {
            throw EchoService.tooLarge(declared);
        }
        // One byte over the limit is enough to know the body is too large, without buffering it all.
        byte[] message = body.readNBytes(NoiseWire.MAX_PLAINTEXT_LENGTH + 1);
        if (message.length > NoiseWire.MAX_PLAINTEXT_LENGTH) {
            throw EchoService.tooLarge(message.length);
        }
        EchoService.Echo result = echo.echo(peer, message);
        return new EchoResponse(result.peer(), result.reused() ? "reused" : "new", result.reply().length,
                new String(result.reply(), StandardCharsets.UTF_8));
    }

    @GetMapping(path = "/peers/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    PeerStats peerStats() {
        return new PeerStats(PeerAddress.of(embeddedPeer.address()).key(),
                NoiseKeyPair.toHex(embeddedPeer.publicKey()), embeddedPeer.handshakes(), embeddedPeer.openConnections());
    }
}

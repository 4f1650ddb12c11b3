package io.noisepool.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Real HTTP to the sample on its port, with generous timeouts that only fail a hung test. */
final class SampleHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final int port;

    SampleHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build(), BodyHandlers.ofString());
    }

    HttpResponse<String> postEcho(String query, byte[] body) throws IOException, InterruptedException {
        return echoAsync(query, body).join();
    }

    CompletableFuture<HttpResponse<String>> echoAsync(String query, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri("/echo" + query)).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

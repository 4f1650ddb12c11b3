package io.noisepool.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * Real HTTP to the sample on its port, with generous timeouts that only fail a hung test;
 * anonymous, or with HTTP Basic credentials on every request ({@link #as}).
 */
final class SampleHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final int port;
    private final String authorization;

    SampleHttp(int port) {
        // HTTP/1.1 only: the default (HTTP/2) sends an h2c upgrade request over cleartext, a dance
        // Tomcat does not take part in and that only adds ways for a shutdown race to show.
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build(), port, null);
    }

    private SampleHttp(HttpClient client, int port, String authorization) {
        this.client = client;
        this.port = port;
        this.authorization = authorization;
    }

    /** The same client, sending these HTTP Basic credentials with every request. */
    SampleHttp as(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new SampleHttp(client, port, "Basic " + credentials);
    }

    /** As {@link #as(String, String)}, with an account's configured name and password. */
    SampleHttp as(SampleSecurityProperties.Account account) {
        return as(account.getName(), account.getPassword());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    HttpResponse<String> postEcho(String query, byte[] body) throws IOException, InterruptedException {
        return echoAsync(query, body).join();
    }

    CompletableFuture<HttpResponse<String>> echoAsync(String query, byte[] body) {
        HttpRequest request = request("/echo" + query).header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        return (authorization != null) ? request.header("Authorization", authorization) : request;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

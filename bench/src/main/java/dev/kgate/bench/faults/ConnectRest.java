package dev.kgate.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The Connect REST API calls a user makes on the connector: create or update, pause, resume, restart, status. */
final class ConnectRest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI worker;
    private final String connector;

    ConnectRest(URI worker, String connector) {
        this.worker = worker;
        this.connector = connector;
    }

    /** PUT /connectors/<name>/config: creates the connector, or updates it (Connect restarts its tasks). */
    void putConfig(Map<String, String> config) throws IOException, InterruptedException {
        String body = config.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        call("PUT", "/config", body);
    }

    void pause() throws IOException, InterruptedException {
        call("PUT", "/pause", "");
    }

    void resume() throws IOException, InterruptedException {
        call("PUT", "/resume", "");
    }

    void restartWithTasks() throws IOException, InterruptedException {
        call("POST", "/restart?includeTasks=true", "");
    }

    String status() throws IOException, InterruptedException {
        return call("GET", "/status", null);
    }

    /** A worker answers 409 while its group rebalances, and refuses connections while it starts: ask again. */
    private String call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(worker.resolve("/connectors/" + connector + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return response.body();
                }
                if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                            + ": " + response.body());
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(250);
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

package dev.kgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Creates (or updates) the connector through the worker's REST API, as a user would, and waits for its listener. */
final class ConnectorDeployer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI connectUrl;

    ConnectorDeployer(URI connectUrl) {
        this.connectUrl = connectUrl;
    }

    /**
     * @param connectorFile a {@code {"name": ..., "config": {...}}} file, the body of {@code POST /connectors}
     * @return the connector's name
     */
    String deploy(Path connectorFile, StackPorts ports) throws IOException, InterruptedException {
        JsonNode connector = JSON.readTree(connectorFile.toFile());
        String name = connector.get("name").asText();
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                connector.get("config").deepCopy();
        config.put("http.port", String.valueOf(ports.gateway()));
        config.put("kafka.bootstrap.servers", "localhost:" + ports.kafka());
        HttpRequest put = HttpRequest.newBuilder(connectUrl.resolve("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(config)))
                .build();
        HttpResponse<String> response = awaitWorker(put);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Connect refused the connector config from " + connectorFile + ": "
                    + response.statusCode() + " " + response.body());
        }
        return name;
    }

    /** The worker answers 409 while it joins its group; keep asking until it takes the request. */
    private HttpResponse<String> awaitWorker(HttpRequest request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(250);
        }
    }

    /** Waits until the gateway answers its health route, or fails with the connector's status. */
    void awaitListener(String name, URI gatewayUrl) throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(gatewayUrl.resolve("/monitoring/status"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                connectUrl.resolve("/connectors/" + name + "/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        throw new IllegalStateException("The gateway did not answer on " + gatewayUrl + " within 60 s; connector"
                + " status: " + status.body());
    }
}

package dev.kgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * Creates a variant of a connector config through the Connect REST API, as a user would (bench/run's TLS listener:
 * the benchmark's config with another name, port and TLS keys), and waits until the connector and its tasks run.
 *
 * <p>Usage: {@code DeployConnector <Connect URL> <config JSON, {"name","config"}> <new name> [key=value ...]}
 */
public final class DeployConnector {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployConnector() {
    }

    public static void main(String[] args) throws Exception {
        URI connect = URI.create(args[0]);
        JsonNode file = JSON.readTree(Path.of(args[1]).toFile());
        ObjectNode config = (ObjectNode) file.get("config").deepCopy();
        String name = args[2];
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(connect.resolve("/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
            throw new IllegalStateException("Connect refused " + name + ": " + put.statusCode() + " " + put.body());
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        String status = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    connect.resolve("/connectors/" + name + "/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            status = response.body();
            if (response.statusCode() == 200 && running(JSON.readTree(status))) {
                System.out.println("running: " + name);
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " is not running after 60 s: " + status);
    }

    private static boolean running(JsonNode status) {
        if (!"RUNNING".equals(status.path("connector").path("state").asText())
                || status.path("tasks").isEmpty()) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }
}

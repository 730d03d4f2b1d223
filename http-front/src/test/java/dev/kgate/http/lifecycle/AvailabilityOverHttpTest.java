package dev.kgate.http.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pause, stop and readiness on a real listener, without Kafka: what a client and a load balancer see. */
class AvailabilityOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final TestGateways.AckingSink sink = new TestGateways.AckingSink();
    private volatile boolean kafkaAnswers = true;
    private Gateway gateway;
    private ListenerRegistry.Membership listener;
    private String base;

    @BeforeEach
    void start() {
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics() {
            @Override
            public CompletionStage<Boolean> reachable() {
                return CompletableFuture.completedFuture(kafkaAnswers);
            }
        };
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null),
                new TopicExistence(kafka, true), new StationRules(List.of()), HeaderForwarding.none(), 1024, 10,
                30_000, 7);
        gateway = TestGateways.openGateway(ingest, kafka, sink);
        int port = TestGateways.freePort();
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "availability-" + port,
                gateway.handler());
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        listener.close();
        gateway.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/stations/t/produce/single"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("m")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode readiness(int status) throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertEquals(status, ready.statusCode(), ready.body());
        if (status == 503) {
            assertEquals("7", ready.headers().firstValue("Retry-After").orElse(null));
        }
        return JSON.readTree(ready.body());
    }

    @Test
    void readyWhileRunningAndKafkaAnswers() throws Exception {
        assertEquals("{\"ready\":true}", get("/ready").body());
        kafkaAnswers = false;
        assertEquals("Kafka does not answer", readiness(503).get("reason").asText());
    }

    @Test
    void aPausedTaskRefusesWorkAtOnceAndSaysWhy() throws Exception {
        gateway.pause();
        HttpResponse<String> refused = post();
        assertEquals(503, refused.statusCode());
        assertEquals("{\"success\":false,\"error\":\"The connector is paused: message not written, retry once it is"
                + " resumed\"}", refused.body());
        assertEquals("7", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, sink.written(), "nothing reached the sink");
        HttpResponse<String> socket = get("/socket/in?clientId=c&topic=t");
        assertEquals(503, socket.statusCode(), "no socket either: " + socket.body());
        assertTrue(socket.body().contains("\"message\":\"The connector is paused"), socket.body());
        assertEquals("The connector is paused", readiness(503).get("reason").asText());
        assertEquals(200, get("/healthcheck").statusCode(), "alive");

        gateway.resume();
        assertEquals(200, post().statusCode());
        readiness(200);
    }

    @Test
    void aStoppingOrStalledTaskIsNotReady() throws Exception {
        gateway.stalled(true);
        assertEquals("Kafka is not acknowledging this task's records", readiness(503).get("reason").asText());
        assertEquals(200, post().statusCode(), "a stall is not a refusal: the queue bounds what waits");
        gateway.stalled(false);
        gateway.stopping();
        assertEquals("The gateway task is stopping", readiness(503).get("reason").asText());
        assertEquals(503, post().statusCode());
    }
}

package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Form posts and other unaccepted types on a real listener: 415 naming what the route takes, nothing written. */
class ContentTypeRefusalsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestGateways.CollectingSink sink = new TestGateways.CollectingSink();
    private static ListenerRegistry.Membership listener;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = TestGateways.freePort();
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), 64 * 1024, 100, 30_000, 1);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "content-types",
                TestGateways.openGateway(ingest, kafka, sink).handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    private static JsonNode refused(String route, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/stations/t/produce/" + route)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode(), contentType + ": " + response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertFalse(reply.get("success").asBoolean());
        assertTrue(sink.written.isEmpty(), "nothing may be written");
        return reply;
    }

    @Test
    void formPostsAre415ListingExactlyWhatEachRouteAccepts() throws Exception {
        for (String form : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz")) {
            assertEquals("Unsupported content type: use " + ContentTypes.SINGLE_ACCEPTED,
                    refused("single", form, "message=hello").get("error").asText());
            assertEquals("Unsupported content type: use " + ContentTypes.BATCH_ACCEPTED,
                    refused("batch", form, "message=hello").get("error").asText());
        }
        assertTrue(refused("single", null, "x").get("error").asText().contains("application/octet-stream"));
        assertTrue(refused("batch", "text/plain", "x").get("error").asText().contains("application/x-ndjson"));
    }
}

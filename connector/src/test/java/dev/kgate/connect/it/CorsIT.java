package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser page on real Kafka, with authentication on: from the allowed origin it logs in, passes the preflight and
 * posts, and the record lands; from another origin it is refused 403 before its credentials are looked at, on the
 * REST routes and on a WebSocket handshake, and nothing is written.
 */
@ExtendWith(SharedGatewayCluster.class)
class CorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "https://app.example";
    private static final String FORBIDDEN = "https://evil.example";
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 1, "cors-.*"));
        props.put("http.cors.allowed.origins", ALLOWED + ",http://localhost:3000");
        cluster.startConnector("cors", props, 1);
    }

    private static HttpResponse<String> post(String path, String origin, String token, String body) throws Exception {
        HttpRequest.Builder request = GatewayCluster.postRequest(port, path, "application/json",
                body.getBytes(StandardCharsets.UTF_8)).header("Origin", origin);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return cluster.send(request);
    }

    /** Logs in as a page from {@code origin} would, and checks the page may read the answer. */
    private static String login(String origin) throws Exception {
        HttpResponse<String> response = post("/auth/authenticate", origin, null,
                "{\"username\":\"root\",\"connection_token\":\"memphis\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(origin, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        return JSON.readTree(response.body()).get("jwt").asText();
    }

    @Test
    void aPageFromTheAllowedOriginPassesThePreflightAndItsPostLands() throws Exception {
        String topic = "cors-allowed";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> preflight = cluster.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + GatewayCluster.singlePath(topic)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(ALLOWED, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

        HttpResponse<String> posted = post(GatewayCluster.singlePath(topic), ALLOWED, login(ALLOWED),
                "{\"from\":\"the page\"}");
        assertEquals(200, posted.statusCode(), posted.body());
        assertEquals(ALLOWED, posted.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        JsonNode ack = JSON.readTree(posted.body());
        assertEquals(topic, ack.get("topic").asText());
        assertEquals(List.of("{\"from\":\"the page\"}"), cluster.landedInOrder(topic));
    }

    @Test
    void aPostFromAnotherOriginIsRefusedBeforeAuthenticationAndWritesNothing() throws Exception {
        String topic = "cors-forbidden";
        cluster.connect.kafka().createTopic(topic, 1);
        String token = login(ALLOWED);
        for (String credentials : new String[]{token, null}) {
            HttpResponse<String> refused = post(GatewayCluster.singlePath(topic), FORBIDDEN, credentials,
                    "{\"from\":\"another site\"}");
            assertEquals(403, refused.statusCode(), refused.body());
            JsonNode body = JSON.readTree(refused.body());
            assertFalse(body.get("success").asBoolean());
            assertTrue(body.get("error").asText().startsWith("Origin not allowed"), refused.body());
            assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
        // Without a token the allowed origin gets 401: the 403 above came before authentication.
        assertEquals(401, post(GatewayCluster.singlePath(topic), ALLOWED, null, "{}").statusCode());
        // What lands after the refusals is all there is: the refused posts were never queued.
        assertEquals(200, post(GatewayCluster.singlePath(topic), ALLOWED, token, "\"after\"").statusCode());
        assertEquals(List.of("\"after\""), cluster.landedInOrder(topic));
    }

    @Test
    void aWebSocketFromAnotherOriginIsRefusedEvenWithCredentials() throws Exception {
        cluster.connect.kafka().createTopic("cors-socket", 1);
        String path = "/socket/in?clientId=web&topic=cors-socket";
        String bearer = "Bearer " + login(ALLOWED);
        Map<String, String> forbidden = Map.of("Origin", FORBIDDEN, "Authorization", bearer);
        AssertionError refused = assertThrows(AssertionError.class,
                () -> TestSocket.open(cluster.http, port, path, forbidden));
        assertTrue(refused.getMessage().startsWith("upgrade refused: 403"), refused.getMessage());
        TestSocket.Refusal body = TestSocket.upgrade(port, path, forbidden);
        assertEquals(403, body.status());
        assertTrue(body.body().get("message").asText().startsWith("Origin not allowed"), body.body().toString());
        try (TestSocket allowed = TestSocket.open(cluster.http, port, path,
                Map.of("Origin", ALLOWED, "Authorization", bearer))) {
            assertFalse(allowed.socket.isInputClosed());
        }
    }
}

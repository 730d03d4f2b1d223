package dev.kgate.http.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.http.Gateway;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.pipeline.CorsPolicy;
import dev.kgate.http.testing.TestGateways;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a real listener (no Kafka): every documented route answers (anything but 404 or 405: a 401 shows the route is
 * there), and the two documents are served to anyone, as JSON, cacheable, and behind CORS like every other route.
 */
class ApiDocumentsOverHttpTest {

    private static final String ALLOWED_ORIGIN = "http://allowed.example";
    private static final Set<String> DOCUMENTS = Set.of(ApiDocumentRoutes.OPENAPI_PATH, ApiDocumentRoutes.ASYNCAPI_PATH);

    private static Gateway gateway;
    private static ListenerRegistry.Membership listener;
    private static String base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        gateway = ApiDocuments.everyRoute(CorsPolicy.builder().allowedOrigins(List.of(ALLOWED_ORIGIN)).build());
        int port = TestGateways.freePort();
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "apidocs-" + port,
                gateway.handler());
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        listener.close();
        gateway.close();
    }

    @Test
    void everyDocumentedRouteAnswers() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String operation : ApiDocuments.documentedOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replace("{station}", "t");
            int status = send(method, path).statusCode();
            if (status == 404 || status == 405) {
                missing.add(operation + " -> " + status);
            }
        }
        assertEquals(List.of(), missing);
        // The listener does tell missing routes and methods apart, so the check above can fail.
        assertEquals(404, send("GET", "/no/such/route").statusCode());
        assertEquals(405, send("POST", "/healthcheck").statusCode());
    }

    @Test
    void theDocumentsAreServedToAnyoneAsCacheableJson() throws Exception {
        for (String path : DOCUMENTS) {
            HttpResponse<byte[]> answer = send("GET", path);
            assertEquals(200, answer.statusCode(), path);
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null), path);
            assertArrayEquals(ApiDocuments.bytes(path.substring(1)), answer.body(), path);
            assertEquals(StaticDocument.CACHE_CONTROL, answer.headers().firstValue("Cache-Control").orElse(null));
            String etag = answer.headers().firstValue("ETag").orElseThrow();

            HttpResponse<byte[]> current = send("GET", path, "If-None-Match", etag);
            assertEquals(304, current.statusCode(), path);
            assertEquals(0, current.body().length);
            assertEquals(etag, current.headers().firstValue("ETag").orElse(null));
            assertEquals(304, send("GET", path, "If-None-Match", "\"other\", W/" + etag).statusCode());
            assertEquals(200, send("GET", path, "If-None-Match", "\"other\"").statusCode());

            assertEquals(405, send("POST", path).statusCode(), "GET only");
        }
        assertFalse(send("GET", ApiDocumentRoutes.OPENAPI_PATH).headers().firstValue("ETag")
                .equals(send("GET", ApiDocumentRoutes.ASYNCAPI_PATH).headers().firstValue("ETag")));
    }

    @Test
    void theDocumentsPassCorsLikeEveryOtherRoute() throws Exception {
        for (String path : DOCUMENTS) {
            HttpResponse<byte[]> allowed = send("GET", path, "Origin", ALLOWED_ORIGIN);
            assertEquals(200, allowed.statusCode(), path);
            assertEquals(ALLOWED_ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            HttpResponse<byte[]> foreign = send("GET", path, "Origin", "http://elsewhere.example");
            assertEquals(403, foreign.statusCode(), path);
            JsonNode refusal = ApiDocuments.JSON.readTree(foreign.body());
            assertTrue(refusal.get("message").asText().startsWith("Origin not allowed"), refusal.toString());

            HttpResponse<byte[]> preflight = send("OPTIONS", path, "Origin", ALLOWED_ORIGIN,
                    "Access-Control-Request-Method", "GET");
            assertEquals(204, preflight.statusCode(), path);
        }
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

package dev.kgate.http.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CORS and Origin step on a real listener without Kafka: preflights answered before routing, the headers of
 * actual answers (refusals and errors included), refusals in each API's shape, and WebSocket handshakes from a
 * forbidden origin refused before the upgrade. One gateway allows {@link #ALLOWED} with credentials; the other is
 * configured with no origin at all.
 */
class CorsHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "https://app.example";
    private static final String FORBIDDEN = "https://evil.example";
    private static final String SINGLE = "/stations/t/produce/single";
    private static final String SOCKET_IN = "/socket/in?clientId=c&topic=t";
    private static final String SOCKET_OUT = "/socket/out?clientId=r&topic=t&groupId=g";
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final TestGateways.AckingSink sink = new TestGateways.AckingSink();
    private static Gateway gateway;
    private static ListenerRegistry.Membership listener;
    private static ListenerRegistry.Membership noOriginsListener;
    private static int port;
    private static int noOriginsPort;

    @BeforeAll
    static void start() {
        KafkaView kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), 64 * 1024, 10, 30_000, 1);
        CorsPolicy cors = CorsPolicy.builder().allowedOrigins(List.of(ALLOWED)).allowCredentials(true)
                .alsoAllowedHeaders(List.of("X-Request-Id")).build();
        gateway = Gateway.create(new GatewaySettings(ingest, null, TestGateways.everyoneMay(true), kafka, 100,
                InSocketSettings.BytesOnly.NEITHER, new TopicPolicy(Set.of("t"), null),
                (parameters, credentials) -> new TestGateways.EmptyTopic()).withCors(cors), sink);
        port = TestGateways.freePort();
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "cors-test",
                gateway.handler());
        noOriginsPort = TestGateways.freePort();
        noOriginsListener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", noOriginsPort, null, 1),
                "cors-test-none", TestGateways.openGateway(ingest, kafka, sink).handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
        noOriginsListener.close();
    }

    private static HttpResponse<String> send(int port, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        return send(port, "OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    private static HttpResponse<String> post(int port, String origin, String contentType) throws Exception {
        return send(port, "POST", SINGLE, "{\"a\":1}", "Origin", origin, "Content-Type", contentType);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static void assertNoCorsGrant(HttpResponse<?> response) {
        assertFalse(response.headers().firstValue("Access-Control-Allow-Origin").isPresent(), response.toString());
        assertFalse(response.headers().firstValue("Access-Control-Allow-Credentials").isPresent());
    }

    /** A refusal in the REST gateway's shape ({@code /stations/*}). */
    private static String restError(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("success").asBoolean(), response.body());
        return body.get("error").asText();
    }

    /** A refusal in the WebSocket proxy's shape (every other route). */
    private static String proxyMessage(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        assertEquals(1, body.size(), response.body());
        return body.get("message").asText();
    }

    @Test
    void anAllowedPreflightIsAnsweredHereOnEveryPathWithoutCredentials() throws Exception {
        int written = sink.written();
        for (String path : List.of(SINGLE, "/stations/t/produce/batch", "/kafka/cluster/info", "/no/such/route")) {
            HttpResponse<String> response = preflight(path, ALLOWED, "POST",
                    "authorization, content-type, x-request-id");
            assertEquals(204, response.statusCode(), path + ": " + response.body());
            assertEquals(ALLOWED, header(response, "Access-Control-Allow-Origin"));
            assertEquals("GET, POST", header(response, "Access-Control-Allow-Methods"));
            assertEquals("Authorization, Content-Type, Content-Encoding, X-Request-Id",
                    header(response, "Access-Control-Allow-Headers"));
            assertEquals("600", header(response, "Access-Control-Max-Age"));
            assertEquals("true", header(response, "Access-Control-Allow-Credentials"));
            assertEquals("Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                    header(response, "Vary"));
            assertEquals("", response.body());
        }
        assertEquals(written, sink.written());
    }

    @Test
    void aPreflightAskingForAnOriginMethodOrHeaderNotAllowedIsRefusedInTheApisShape() throws Exception {
        HttpResponse<String> origin = preflight(SINGLE, FORBIDDEN, "POST", "authorization");
        assertEquals(403, origin.statusCode());
        assertTrue(restError(origin).startsWith("Origin not allowed"), origin.body());
        assertNoCorsGrant(origin);
        assertEquals("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", header(origin, "Vary"));

        HttpResponse<String> method = preflight(SINGLE, ALLOWED, "DELETE", "authorization");
        assertEquals(403, method.statusCode());
        assertTrue(restError(method).contains("method 'DELETE'"), method.body());
        assertNoCorsGrant(method);

        HttpResponse<String> headers = preflight("/kafka/cluster/info", ALLOWED, "GET", "authorization, x-other");
        assertEquals(403, headers.statusCode());
        assertTrue(proxyMessage(headers).contains("header 'x-other'"), headers.body());
        assertNoCorsGrant(headers);
    }

    @Test
    void anOptionsRequestWithoutTheTwoPreflightHeadersGoesOnToTheRoutes() throws Exception {
        HttpResponse<String> plain = send(port, "OPTIONS", SINGLE, null);
        assertEquals(405, plain.statusCode());
        assertNoCorsGrant(plain);
        HttpResponse<String> withOrigin = send(port, "OPTIONS", SINGLE, null, "Origin", ALLOWED);
        assertEquals(405, withOrigin.statusCode());
        assertEquals(ALLOWED, header(withOrigin, "Access-Control-Allow-Origin"));
        HttpResponse<String> forbidden = send(port, "OPTIONS", SINGLE, null, "Origin", FORBIDDEN);
        assertEquals(403, forbidden.statusCode());
    }

    @Test
    void everyAnswerToAnAllowedOriginCarriesTheCorsHeadersErrorsIncluded() throws Exception {
        int written = sink.written();
        HttpResponse<String> ok = post(port, ALLOWED, "application/json");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(written + 1, sink.written());
        HttpResponse<String> unsupported = post(port, ALLOWED, "image/png");
        HttpResponse<String> missing = send(port, "GET", "/no/such/route", null, "Origin", ALLOWED);
        assertEquals(415, unsupported.statusCode());
        assertEquals(404, missing.statusCode());
        for (HttpResponse<String> response : List.of(ok, unsupported, missing)) {
            assertEquals(ALLOWED, header(response, "Access-Control-Allow-Origin"));
            assertEquals("true", header(response, "Access-Control-Allow-Credentials"));
            assertEquals("Retry-After, WWW-Authenticate", header(response, "Access-Control-Expose-Headers"));
            assertEquals("Origin", header(response, "Vary"));
            assertFalse(response.headers().firstValue("Access-Control-Allow-Methods").isPresent());
        }
        HttpResponse<String> upperCase = post(port, "HTTPS://APP.EXAMPLE", "application/json");
        assertEquals(200, upperCase.statusCode());
        assertEquals(ALLOWED, header(upperCase, "Access-Control-Allow-Origin"));
    }

    @Test
    void aForbiddenOriginIsRefusedBeforeTheRouteInTheShapeOfItsApi() throws Exception {
        int written = sink.written();
        HttpResponse<String> produce = post(port, FORBIDDEN, "application/json");
        assertEquals(403, produce.statusCode());
        assertTrue(restError(produce).startsWith("Origin not allowed"), produce.body());
        assertNoCorsGrant(produce);
        assertEquals("Origin", header(produce, "Vary"));
        for (String path : List.of("/healthcheck", "/kafka/cluster/info", "/schemas/avro/producer/record")) {
            HttpResponse<String> response = send(port, "GET", path, null, "Origin", FORBIDDEN);
            assertEquals(403, response.statusCode(), path);
            assertTrue(proxyMessage(response).startsWith("Origin not allowed"), response.body());
        }
        assertEquals(403, post(port, "null", "application/json").statusCode());
        assertEquals(403, post(port, "", "application/json").statusCode());
        assertEquals(403, send(port, "POST", SINGLE, "{}", "Origin", ALLOWED, "Origin", ALLOWED,
                "Content-Type", "application/json").statusCode());
        assertEquals(403, post(port, ALLOWED + "x".repeat(16 * 1024), "application/json").statusCode());
        assertEquals(written, sink.written());
    }

    @Test
    void aForbiddenOriginIsAnsweredWithoutWaitingForTheBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + SINGLE + " HTTP/1.1\r\nHost: x\r\nOrigin: " + FORBIDDEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
        }
    }

    @Test
    void requestsWithoutOriginAreServedAsBefore() throws Exception {
        int written = sink.written();
        HttpResponse<String> response = send(port, "POST", SINGLE, "{\"a\":1}", "Content-Type", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        assertNoCorsGrant(response);
        assertFalse(response.headers().firstValue("Access-Control-Expose-Headers").isPresent());
        assertEquals(written + 1, sink.written());
    }

    @Test
    void withNoOriginConfiguredEveryRequestCarryingOneIsRefused() throws Exception {
        int written = sink.written();
        HttpResponse<String> browser = post(noOriginsPort, ALLOWED, "application/json");
        assertEquals(403, browser.statusCode());
        assertTrue(restError(browser).startsWith("Origin not allowed"));
        HttpResponse<String> preflight = send(noOriginsPort, "OPTIONS", SINGLE, null, "Origin", ALLOWED,
                "Access-Control-Request-Method", "POST");
        assertEquals(403, preflight.statusCode());
        assertNoCorsGrant(preflight);
        assertEquals(written, sink.written());
        HttpResponse<String> tool = send(noOriginsPort, "POST", SINGLE, "{}", "Content-Type", "application/json");
        assertEquals(200, tool.statusCode());
        assertEquals(written + 1, sink.written());
    }

    @Test
    void aWebSocketFromAForbiddenOriginIsRefusedBeforeTheUpgrade() throws Exception {
        for (String path : List.of(SOCKET_IN, SOCKET_OUT)) {
            assertEquals(403, refusedHandshake(port, path, FORBIDDEN), path);
            assertEquals(403, refusedHandshake(noOriginsPort, path, ALLOWED), path);
        }
        assertEquals(0, gateway.openSockets());
        HttpResponse<String> refusal = send(port, "GET", SOCKET_IN, null, "Origin", FORBIDDEN);
        assertTrue(proxyMessage(refusal).startsWith("Origin not allowed"), refusal.body());
    }

    @Test
    void aWebSocketFromAnAllowedOriginOrWithoutOneIsUpgraded() throws Exception {
        for (String origin : new String[]{ALLOWED, null}) {
            Frames frames = new Frames();
            WebSocket socket = handshake(port, SOCKET_IN, origin, frames).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"value\":{\"value\":\"x\"},\"messageId\":\"1\"}", true);
            assertTrue(frames.next().contains("\"messageId\":\"1\""));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            WebSocket reader = handshake(port, SOCKET_OUT, origin, new Frames()).get(10, TimeUnit.SECONDS);
            reader.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<WebSocket> handshake(int port, String path, String origin, Frames frames) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), frames);
    }

    private static int refusedHandshake(int port, String path, String origin) {
        CompletionException failed = assertThrows(CompletionException.class,
                () -> handshake(port, path, origin, new Frames()).join());
        return assertInstanceOf(WebSocketHandshakeException.class, failed.getCause()).getResponse().statusCode();
    }

    /** Text frames as they arrive. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            texts.add(data.toString());
            socket.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            assertTrue(text != null, "no frame within 10 s");
            return text;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}

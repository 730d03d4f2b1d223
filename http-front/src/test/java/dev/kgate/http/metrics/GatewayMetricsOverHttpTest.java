package dev.kgate.http.metrics;

import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.pipeline.RequestIdHandler;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.TopicReaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the front reports to its {@link GatewayMetrics} on a real listener: each exchange once with its route
 * template (never the path sent), status and bytes; refusals with their reason; 401s as authentication failures;
 * sockets opened and closed. And the access log line: route, status, principal, bytes, time, id, and no secret.
 */
class GatewayMetricsOverHttpTest {

    private static final String SINGLE = "/stations/{station}/produce/single";
    private static final Recording recorded = new Recording();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static ListenerRegistry.Membership listener;
    private static int port;
    private static String apiKey;

    /** Every call, as a line, in order. */
    static final class Recording implements GatewayMetrics {
        final Queue<String> calls = new ConcurrentLinkedQueue<>();

        @Override
        public void requestCompleted(String route, int status, long bytesIn, long bytesOut) {
            calls.add("request " + route + " " + status + " in=" + bytesIn + " out=" + (bytesOut > 0));
        }

        @Override
        public void refused(RefusalReason reason) {
            calls.add("refused " + reason.tag());
        }

        @Override
        public void authenticationFailed(String route) {
            calls.add("auth-failed " + route);
        }

        @Override
        public void socketOpened(SocketSide side) {
            calls.add("opened " + side.route());
        }

        @Override
        public void socketClosed(SocketSide side) {
            calls.add("closed " + side.route());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        port = TestGateways.freePort();
        String[] key = ApiKeys.generate("tool");
        apiKey = key[0];
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t"), null), new TopicExistence(kafka, true),
                new StationRules(List.of()), HeaderForwarding.none(), 1024 * 1024, 100, 30_000, 1);
        AccessSettings access = new AccessSettings(Permissions.parse(List.of("tool=write:*"), List.of()),
                ApiKeys.parse(List.of(key[1])), null, false);
        Gateway gateway = Gateway.create(new GatewaySettings(ingest, null, access, kafka, 100,
                InSocketSettings.BytesOnly.NEITHER, new TopicPolicy(Set.of(), null), (parameters, caller) -> {
                    throw new TopicReaders.Refusal(403, "no reading here");
                }).withAccessLog(true).withMetrics(recorded), new TestGateways.AckingSink());
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "metrics-" + port,
                gateway.handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    @BeforeEach
    void clear() {
        recorded.calls.clear();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The listener reports an exchange when it has ended, which may be just after the client read the answer. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), recorded.calls.toString());
    }

    private static void awaitCalls(String... calls) throws InterruptedException {
        await(() -> recorded.calls.size() >= calls.length);
        assertEquals(List.of(calls), List.copyOf(recorded.calls));
    }

    @Test
    void anAcceptedMessageIsOneRequestOnItsRouteTemplate() throws Exception {
        HttpResponse<String> answer = send("POST", "/stations/t/produce/single", "{\"a\":1}",
                "Content-Type", "application/json", "Authorization", "Bearer " + apiKey);

        assertEquals(200, answer.statusCode(), answer.body());
        awaitCalls("request " + SINGLE + " 200 in=7 out=true");
    }

    @Test
    void refusalsCarryTheirReasonAndA401IsAnAuthenticationFailure() throws Exception {
        assertEquals(401, send("POST", "/stations/t/produce/single", "{}", "Content-Type", "application/json")
                .statusCode());
        awaitCalls("request " + SINGLE + " 401 in=2 out=true", "refused unauthenticated", "auth-failed " + SINGLE);
        recorded.calls.clear();

        assertEquals(400, send("POST", "/stations/t/produce/single", "not gzip", "Content-Type", "application/json",
                "Content-Encoding", "gzip", "Authorization", "Bearer " + apiKey).statusCode());
        awaitCalls("request " + SINGLE + " 400 in=8 out=true", "refused invalid");
        recorded.calls.clear();

        assertEquals(404, send("GET", "/no/such/place", null).statusCode());
        awaitCalls("request other 404 in=0 out=true", "refused not-found");
        recorded.calls.clear();

        assertEquals(405, send("GET", "/stations/t/produce/single", null).statusCode());
        awaitCalls("request other 405 in=0 out=true", "refused method-not-allowed");
    }

    @Test
    void aSocketIsCountedOpenUntilItCloses() throws Exception {
        WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + apiKey)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket/in?clientId=c&topic=t"),
                        new WebSocket.Listener() { })
                .get();
        await(() -> recorded.calls.contains("opened /socket/in"));
        assertTrue(recorded.calls.contains("request /socket/in 101 in=0 out=false"), recorded.calls.toString());
        assertFalse(recorded.calls.contains("closed /socket/in"));

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get();
        await(() -> recorded.calls.contains("closed /socket/in"));
    }

    @Test
    void theAccessLogLineHasEveryFieldAndNoSecret() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        HttpResponse<String> answer;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            answer = send("POST", "/stations/t/produce/single?authorization=" + apiKey, "{\"a\":1}",
                    "Content-Type", "application/json", "Authorization", "Bearer " + apiKey,
                    RequestIdHandler.REQUEST_ID.toString(), "req-42");
            await(() -> captured.toString(StandardCharsets.UTF_8).contains("id=req-42"));
        } finally {
            System.setErr(stderr);
        }
        assertEquals(200, answer.statusCode());
        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(text -> text.contains("id=req-42")).findFirst().orElseThrow();
        assertTrue(line.contains(RequestIdHandler.ACCESS_LOGGER), line);
        assertTrue(line.contains("POST /stations/t/produce/single 200 route=" + SINGLE + " principal=tool in=7 out="),
                line);
        assertTrue(line.matches(".* ms=\\d+ id=req-42$"), line);
        assertFalse(line.contains(apiKey), line);
        assertFalse(line.contains("authorization="), line);
        assertFalse(line.contains("Bearer"), line);
    }
}

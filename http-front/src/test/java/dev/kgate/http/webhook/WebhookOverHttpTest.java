package dev.kgate.http.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.GatewaySettings;
import dev.kgate.http.access.AccessSettings;
import dev.kgate.http.access.ApiKeys;
import dev.kgate.http.access.Permissions;
import dev.kgate.http.access.PrincipalLimits;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.WriteResult;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.rest.IngestSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.ws.InSocketSettings;
import dev.kgate.http.ws.out.TopicReaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed stations on a real listener: a webhook without other credentials gets in on its signature alone (and only to
 * its rule's stations), every request to a signed station needs a valid signature whatever it carries, replays are
 * 409, a request that was not written may be sent again, and nothing refused reaches the sink.
 */
class WebhookOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_SECRET = "github-webhook-secret-0123456789";
    private static final String STRIPE_SECRET = "whsec_timestamped-secret-abcdefgh";
    private static final String USER_HEADER = "X-Written-By";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final CollectingSink sink = new CollectingSink();
    private static String apiKey;
    private static String apiKeyEntry;
    private static ListenerRegistry.Membership listener;
    private static int port;

    /** Acknowledges and keeps every message; says FULL while {@link #full} is set. */
    private static final class CollectingSink implements MessageSink {
        final List<IngestMessage> written = Collections.synchronizedList(new ArrayList<>());
        volatile boolean full;

        @Override
        public Offer offer(IngestMessage message) {
            if (full) {
                return Offer.FULL;
            }
            message.startSending();
            written.add(message);
            message.written(new WriteResult(message.topic(), 0, written.size() - 1, 1L));
            return Offer.ACCEPTED;
        }

        @Override
        public boolean hasRoomFor(long bytes) {
            return true;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        port = TestGateways.freePort();
        String[] key = ApiKeys.generate("tool");
        apiKey = key[0];
        apiKeyEntry = key[1];
        listener = listen(port, PrincipalLimits.NONE);
    }

    /** A gateway with two signed rules, on its own listener, writing to {@link #sink}. */
    private static ListenerRegistry.Membership listen(int port, PrincipalLimits limits) throws IOException {
        StationRule hooks = new StationRule("hooks", Pattern.compile("gh-.*|__gh"), null, null,
                WebhookSignature.builder(SignatureStyle.GITHUB,
                        List.of(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8))).only(true).build());
        StationRule signed = new StationRule("signed", Pattern.compile("ts"), null, null,
                WebhookSignature.builder(SignatureStyle.TIMESTAMPED,
                        List.of(STRIPE_SECRET.getBytes(StandardCharsets.UTF_8))).build());
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t", "ts", "gh-a", "gh-b", "__gh"), null),
                new TopicExistence(kafka, true), new StationRules(List.of(hooks, signed)),
                new HeaderForwarding(Set.of(), List.of(), USER_HEADER), 1024 * 1024, 100, 30_000, 1);
        AccessSettings access = new AccessSettings(Permissions.parse(List.of("tool=write:*"), List.of()),
                ApiKeys.parse(List.of(apiKeyEntry)), null, false, limits);
        Gateway gateway = Gateway.create(new GatewaySettings(ingest, null, access, kafka, 100,
                InSocketSettings.BytesOnly.NEITHER, new TopicPolicy(Set.of(), null), (parameters, caller) -> {
                    throw new TopicReaders.Refusal(403, "no reading here");
                }), sink);
        return ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "webhooks-" + port,
                gateway.handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    @BeforeEach
    void clear() {
        sink.written.clear();
        sink.full = false;
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return post(port, path, body, headers);
    }

    private static HttpResponse<String> post(int port, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String github(String body) {
        return WebhookSignatureTest.githubHeader(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String stripe(long t, String body) {
        return WebhookSignatureTest.timestampedHeader(STRIPE_SECRET, t, body.getBytes(StandardCharsets.UTF_8));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A refusal in the REST gateway's shape, whose error says {@code words}, and nothing written. */
    private static void refused(HttpResponse<String> response, int status, String words) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("error").asText().contains(words), response.body());
        assertTrue(sink.written.isEmpty(), "nothing may be written");
    }

    @Test
    void aSignedWebhookWithoutCredentialsIsWrittenAsItsRule() throws Exception {
        String body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}";
        HttpResponse<String> response = post("/stations/gh-a/produce/single", body,
                "X-Hub-Signature-256", github(body));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, sink.written.size());
        IngestMessage message = sink.written.get(0);
        assertEquals("gh-a", message.topic());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), (byte[]) message.value().value());
        assertTrue(message.headers().contains(new MessageHeader(USER_HEADER, "webhook:hooks")), message.headers()
                .toString());

        String batch = "[{\"a\":1},{\"b\":2}]";
        response = post("/stations/gh-b/produce/batch", batch, "X-Hub-Signature-256", github(batch));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(3, sink.written.size());
    }

    @Test
    void aMissingWrongOrMalformedSignatureIsRefused401() throws Exception {
        String body = "{\"n\":2}";
        HttpResponse<String> missing = post("/stations/gh-a/produce/single", body);
        refused(missing, 401, "not signed");
        assertTrue(missing.headers().firstValue("WWW-Authenticate").isPresent());
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github("{\"n\":3}")), 401,
                "does not match");
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256",
                WebhookSignatureTest.githubHeader("another-secret-of-enough-length", body.getBytes())), 401,
                "does not match");
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", "sha256=xyz"), 401, "hex");
        refused(post("/stations/gh-a/produce/batch", "[1]", "X-Hub-Signature-256", github("[2]")), 401,
                "does not match");
        // Two headers: which one was meant is not guessed.
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body),
                "X-Hub-Signature-256", github(body)), 401, "more than one");
    }

    @Test
    void aReplayIsRefused409() throws Exception {
        String body = "{\"delivery\":\"replayed\"}";
        assertEquals(200, post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body))
                .statusCode());
        sink.written.clear();
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body)), 409, "replay");
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256",
                github(body).toUpperCase(java.util.Locale.ROOT)), 409, "replay");
    }

    @Test
    void aSignedRequestThatWasNotWrittenMaySendAgain() throws Exception {
        String body = "{\"delivery\":\"queue was full\"}";
        sink.full = true;
        HttpResponse<String> full = post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body));
        refused(full, 503, "full");
        sink.full = false;
        assertEquals(200, post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body))
                .statusCode());
        assertEquals(1, sink.written.size());
    }

    @Test
    void aWebhookReachesOnlyItsOwnRulesStations() throws Exception {
        String body = "{\"n\":1}";
        // A station without a signature rule: no credentials, no way in.
        refused(post("/stations/t/produce/single", body, "X-Hub-Signature-256", github(body)), 401, "no credentials");
        // A station the rule's pattern names, but internal or closed to writing.
        refused(post("/stations/__gh/produce/single", body, "X-Hub-Signature-256", github(body)), 403, "internal");
        refused(post("/stations/gh-closed/produce/single", body, "X-Hub-Signature-256", github(body)), 403,
                "not open");
        // Another signed rule that does not let a signature alone in.
        refused(post("/stations/ts/produce/single", body, "Stripe-Signature", stripe(now(), body)), 401,
                "no credentials");
        // Not the socket: it carries no signature.
        HttpResponse<String> socket = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/socket/in?clientId=c&topic=gh-a")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, socket.statusCode(), socket.body());
        // Wrong credentials are never passed over for the signature.
        refused(post("/stations/gh-a/produce/single", body, "X-Hub-Signature-256", github(body),
                "Authorization", "Bearer " + ApiKeys.PREFIX + "not-a-configured-key"), 401, "API key");
    }

    @Test
    void credentialsDoNotReplaceTheSignature() throws Exception {
        String bearer = "Bearer " + apiKey;
        String body = "{\"n\":\"with a key\"}";
        refused(post("/stations/ts/produce/single", body, "Authorization", bearer), 401, "Stripe-Signature");
        refused(post("/stations/gh-a/produce/single", body, "Authorization", bearer, "X-Hub-Signature-256",
                github("{}")), 401, "does not match");
        refused(post("/stations/ts/produce/single", body, "Authorization", bearer, "Stripe-Signature",
                stripe(now() - 301, body)), 401, "tolerance");
        refused(post("/stations/ts/produce/single", body, "Authorization", bearer, "Stripe-Signature",
                stripe(now() + 301, body)), 401, "tolerance");
        assertEquals(200, post("/stations/ts/produce/single", body, "Authorization", bearer, "Stripe-Signature",
                stripe(now(), body)).statusCode());
        assertEquals(200, post("/stations/gh-a/produce/single", body, "Authorization", bearer,
                "X-Hub-Signature-256", github(body)).statusCode());
        assertEquals(List.of("tool", "tool"), sink.written.stream().map(m -> m.headers().get(0).value()).toList());
        // A station without a signature rule takes the key alone.
        assertEquals(200, post("/stations/t/produce/single", body, "Authorization", bearer).statusCode());
    }

    @Test
    void onlyVerifiedRequestsSpendTheWebhooksRate() throws Exception {
        int limited = TestGateways.freePort();
        // One write a second, the bucket holding one.
        try (ListenerRegistry.Membership ignored = listen(limited, new PrincipalLimits(1, 0, 0, System::nanoTime))) {
            for (int i = 0; i < 5; i++) {
                refused(post(limited, "/stations/gh-a/produce/single", "{\"forged\":" + i + "}",
                        "X-Hub-Signature-256", github("{}")), 401, "does not match");
            }
            String first = "{\"delivery\":1}";
            assertEquals(200, post(limited, "/stations/gh-a/produce/single", first, "X-Hub-Signature-256",
                    github(first)).statusCode());
            String second = "{\"delivery\":2}";
            HttpResponse<String> over = post(limited, "/stations/gh-a/produce/single", second,
                    "X-Hub-Signature-256", github(second));
            assertEquals(429, over.statusCode(), over.body());
            assertTrue(over.body().contains("'webhook:hooks'"), over.body());
            // Refused, so not remembered: the sender's retry is written, not taken for a replay.
            HttpResponse<String> retried = over;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (retried.statusCode() == 429 && System.nanoTime() < deadline) {
                Thread.sleep(Math.max(1, retried.headers().firstValue("Retry-After").map(Long::parseLong)
                        .orElse(1L) * 100));
                retried = post(limited, "/stations/gh-a/produce/single", second, "X-Hub-Signature-256",
                        github(second));
            }
            assertEquals(200, retried.statusCode(), retried.body());
            assertEquals(2, sink.written.size());
        }
    }

    @Test
    void aSocketCannotWriteToASignedStation() throws Exception {
        HttpResponse<String> socket = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/socket/in?clientId=c&topic=ts")).header("Authorization", "Bearer " + apiKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, socket.statusCode(), socket.body());
        assertTrue(JSON.readTree(socket.body()).get("message").asText().contains("signed"), socket.body());
    }
}

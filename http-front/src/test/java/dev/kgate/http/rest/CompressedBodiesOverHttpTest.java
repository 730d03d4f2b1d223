package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.webhook.SignatureStyle;
import dev.kgate.http.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gzip-compressed bodies on a real listener: inflated before anything reads them, within the body limit counted on
 * the inflated bytes, a bomb refused 413 without being written, corrupt data 400, other encodings 415, and a signed
 * station's signature checked on the bytes as they came.
 */
class CompressedBodiesOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static final String SECRET = "compressed-webhook-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestGateways.CollectingSink sink = new TestGateways.CollectingSink();
    private static ListenerRegistry.Membership listener;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = TestGateways.freePort();
        StationRule signed = new StationRule("hooks", Pattern.compile("signed"), null, null,
                WebhookSignature.builder(SignatureStyle.GITHUB, List.of(SECRET.getBytes(StandardCharsets.UTF_8)))
                        .build());
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t", "signed"), null),
                new TopicExistence(kafka, true), new StationRules(List.of(signed)), HeaderForwarding.none(),
                MAX_BODY, 100, 30_000, 1);
        Gateway gateway = TestGateways.openGateway(ingest, kafka, sink);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "compressed",
                gateway.handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    @BeforeEach
    void clear() {
        sink.written.clear();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void refused(HttpResponse<String> response, int status, String words) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("success").asBoolean(), response.body());
        assertTrue(body.get("error").asText().contains(words), response.body());
        assertTrue(sink.written.isEmpty(), "nothing may be written");
    }

    private static byte[] valueOf(IngestMessage message) {
        return (byte[]) message.value().value();
    }

    @Test
    void aGzipBodyIsWrittenInflatedOnBothRoutesUnderBothNames() throws Exception {
        byte[] text = "{\"message\": \"New Message\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/stations/t/produce/single", "application/json", gzip(text),
                "Content-Encoding", "gzip").statusCode());
        assertEquals(200, post("/stations/t/produce/single", "text/plain", gzip("plain".getBytes()),
                "Content-Encoding", "X-GZIP").statusCode());
        HttpResponse<String> batch = post("/stations/t/produce/batch", "application/x-ndjson",
                gzip("{\"a\":1}\n{\"b\":2}\n".getBytes()), "Content-Encoding", "gzip");
        assertEquals(200, batch.statusCode(), batch.body());
        assertEquals(4, sink.written.size());
        assertArrayEquals(text, valueOf(sink.written.get(0)));
        assertEquals("plain", new String(valueOf(sink.written.get(1)), StandardCharsets.UTF_8));
        assertEquals("{\"a\":1}", new String(valueOf(sink.written.get(2)), StandardCharsets.UTF_8));
        assertEquals("{\"b\":2}", new String(valueOf(sink.written.get(3)), StandardCharsets.UTF_8));
    }

    @Test
    void theLimitCountsInflatedBytes() throws Exception {
        byte[] atLimit = "x".repeat(MAX_BODY).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> fits = post("/stations/t/produce/single", "text/plain", gzip(atLimit),
                "Content-Encoding", "gzip");
        assertEquals(200, fits.statusCode(), fits.body());
        assertEquals(MAX_BODY, valueOf(sink.written.get(0)).length);
        sink.written.clear();

        byte[] over = "x".repeat(MAX_BODY + 1).getBytes(StandardCharsets.US_ASCII);
        refused(post("/stations/t/produce/single", "text/plain", gzip(over), "Content-Encoding", "gzip"), 413,
                "larger than " + MAX_BODY + " bytes once decompressed");
        refused(post("/stations/t/produce/batch", "application/json",
                gzip(("[\"" + "y".repeat(MAX_BODY) + "\"]").getBytes()), "Content-Encoding", "gzip"), 413,
                "once decompressed");
    }

    @Test
    void aGzipBombIs413AndWritesNothing() throws Exception {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertTrue(bomb.length < MAX_BODY, "the bomb itself is within the limit: " + bomb.length);
        refused(post("/stations/t/produce/single", "application/octet-stream", bomb, "Content-Encoding", "gzip"),
                413, "once decompressed");
        refused(post("/stations/t/produce/batch", "application/json", bomb, "Content-Encoding", "gzip"), 413,
                "once decompressed");
        // The connection and the gateway are fine afterwards.
        assertEquals(200, post("/stations/t/produce/single", "text/plain", gzip("after".getBytes()),
                "Content-Encoding", "gzip").statusCode());
    }

    @Test
    void aBodyThatIsNotGzipIs400() throws Exception {
        refused(post("/stations/t/produce/single", "text/plain", "x".getBytes(), "Content-Encoding", "gzip"), 400,
                "not gzip");
        byte[] cut = gzip("some text that is cut off".getBytes());
        refused(post("/stations/t/produce/single", "text/plain", java.util.Arrays.copyOf(cut, cut.length - 3),
                "Content-Encoding", "gzip"), 400, "cut off");
    }

    @Test
    void otherEncodingsAre415NamingWhatIsAccepted() throws Exception {
        for (String encoding : List.of("deflate", "br", "zstd", "compress", "gzip, br", "gzip, identity")) {
            refused(post("/stations/t/produce/single", "text/plain", "x".getBytes(), "Content-Encoding", encoding),
                    415, "Content-Encoding: gzip");
        }
        refused(post("/stations/t/produce/batch", "application/json", gzip("[1]".getBytes()),
                "Content-Encoding", "gzip", "Content-Encoding", "br"), 415, "one encoding only");
    }

    @Test
    void aSignedStationChecksTheSignatureOnTheCompressedBytes() throws Exception {
        byte[] body = "{\"zen\":\"compressed\"}".getBytes(StandardCharsets.UTF_8);
        byte[] compressed = gzip(body);
        refused(post("/stations/signed/produce/single", "application/json", compressed, "Content-Encoding", "gzip",
                "X-Hub-Signature-256", github(body)), 401, "does not match");
        HttpResponse<String> ok = post("/stations/signed/produce/single", "application/json", compressed,
                "Content-Encoding", "gzip", "X-Hub-Signature-256", github(compressed));
        assertEquals(200, ok.statusCode(), ok.body());
        assertArrayEquals(body, valueOf(sink.written.get(0)));
    }

    private static String github(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}

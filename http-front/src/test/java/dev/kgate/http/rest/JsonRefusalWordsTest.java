package dev.kgate.http.rest;

import dev.kgate.http.testing.TestGateways;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.Gateway;
import dev.kgate.http.cluster.KafkaView;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.RecordSizeLimit;
import dev.kgate.http.listener.ListenerLimits;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.validate.JsonSchemaCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.kgate.http.util.PlainMessages.assertPlain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 14 of issue 9: JSON the REST routes cannot read is refused 400 in the API's shape and the product's words
 * (no parser class or setting), with nothing written; on a plain station and on one validating a JSON Schema.
 */
class JsonRefusalWordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestGateways.AckingSink sink = new TestGateways.AckingSink();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ListenerRegistry.Membership listener;
    private static int port;



    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaView kafka = new TestGateways.ExistingTopics();
        StationRule checked = new StationRule("checked", Pattern.compile("checked"),
                JsonSchemaCheck.compile("{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}"), null);
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("plain", "checked"), null),
                new TopicExistence(kafka, true), new StationRules(List.of(checked)), HeaderForwarding.none(),
                4 * 1024 * 1024, 100, 30_000, 1, 30_000, new RecordSizeLimit(4 * 1024 * 1024, t -> Integer.MAX_VALUE));
        Gateway gateway = TestGateways.openGateway(ingest, kafka, sink);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 2,
                new ListenerLimits(64L * 1024 * 1024, 60_000, 30_000)), "json-refusals", gateway.handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> hostileBodies() {
        return Stream.of(
                Arguments.of("100k [", utf8("[".repeat(100_000)), "nests deeper than 1000 levels"),
                Arguments.of("100k {", utf8("[" + "{\"a\":".repeat(100_000)), "nests deeper than 1000 levels"),
                Arguments.of("huge number", utf8("[" + "7".repeat(5_000) + "]"), "a number is longer than 1000"),
                Arguments.of("truncated", utf8("[{\"a\":[1,2"), "the JSON ends after"),
                Arguments.of("invalid UTF-8", new byte[]{'[', '"', (byte) 0xff, '"', ']'}, "Invalid UTF-8"),
                Arguments.of("NUL", utf8("[1,\u0000]"), "JSON must be UTF-8"),
                Arguments.of("NUL later", utf8("[1, 2,\u0000]"), "malformed at byte 8"),
                Arguments.of("NaN", utf8("[NaN]"), "NaN and Infinity"),
                Arguments.of("two values", utf8("[1] [2]"), ""));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("stationsAndBodies")
    void unreadableJsonIsRefusedInTheProductsWords(String name, String path, byte[] body, String expected)
            throws Exception {
        int before = sink.written();
        HttpResponse<String> answer = post(path, body);
        assertEquals(400, answer.statusCode(), answer.body());
        JsonNode reply = JSON.readTree(answer.body());
        assertFalse(reply.get("success").asBoolean());
        String error = reply.get("error").asText() + (reply.has("errors") ? " " + reply.get("errors") : "");
        assertPlain(error);
        assertTrue(error.contains(expected), error);
        assertEquals(before, sink.written(), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepButReadable")
    void jsonAsDeepAsTheParserTakesIsAnsweredOnASchemaStation(String path, byte[] body) throws Exception {
        HttpResponse<String> answer = post(path, body);
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 400, answer.statusCode() + " "
                + answer.body());
        if (answer.statusCode() == 400) {
            assertPlain(answer.body());
            assertTrue(answer.body().contains("nests too deeply"), answer.body());
        }
        assertEquals(200, post(path, utf8(path.endsWith("batch") ? "[[[]]]" : "[[]]")).statusCode(),
                "the next request is served");
    }

    @org.junit.jupiter.api.Test
    void schemaViolationsAreToldPlainly() throws Exception {
        for (String body : new String[]{"[1]", "[[[\"x\"]]]", "{\"a\":[]}", "[" + "9".repeat(999) + "]", "null"}) {
            HttpResponse<String> answer = post("/stations/checked/produce/single", utf8(body));
            assertEquals(400, answer.statusCode(), answer.body());
            assertPlain(answer.body());
            assertTrue(answer.body().contains("Schema validation has failed"), answer.body());
        }
    }

    static Stream<Arguments> deepButReadable() {
        String deepest = "[".repeat(1000) + "]".repeat(1000);
        String deepestElement = "[" + "[".repeat(999) + "]".repeat(999) + "]";
        return Stream.of(Arguments.of("/stations/checked/produce/single", utf8(deepest)),
                Arguments.of("/stations/checked/produce/batch", utf8(deepestElement)));
    }

    static Stream<Arguments> stationsAndBodies() {
        return Stream.of("/stations/plain/produce/single", "/stations/checked/produce/single",
                        "/stations/plain/produce/batch", "/stations/checked/produce/batch")
                .flatMap(path -> hostileBodies().map(a -> Arguments.of(a.get()[0], path, a.get()[1], a.get()[2])));
    }
}

package dev.kgate.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.cluster.TopicExistence;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageHeader;
import dev.kgate.http.listener.ListenerRegistry;
import dev.kgate.http.listener.ListenerSettings;
import dev.kgate.http.route.HeaderForwarding;
import dev.kgate.http.route.StationRule;
import dev.kgate.http.route.StationRules;
import dev.kgate.http.testing.TestGateways;
import dev.kgate.http.topic.TopicPolicy;
import dev.kgate.http.validate.JsonSchemaCheck;
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
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CloudEvents over HTTP on a real listener, each mode on its route: the record's value is the event's data, its
 * headers the event's attributes (as the Kafka binding names them) beside the forwarded ones, which cannot forge
 * them; invalid events are 400 (a batch's are that element's error) and a schema station validates JSON data.
 */
class CloudEventsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUIRED = "\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/orders\","
            + "\"type\":\"order.created\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestGateways.CollectingSink sink = new TestGateways.CollectingSink();
    private static ListenerRegistry.Membership listener;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = TestGateways.freePort();
        StationRule validated = new StationRule("validated", Pattern.compile("validated"),
                JsonSchemaCheck.compile("{\"type\":\"object\",\"required\":[\"order\"]}"), null);
        TestGateways.ExistingTopics kafka = new TestGateways.ExistingTopics();
        // A careless allow-list: it forwards whatever starts with "ce" and Content-Type too.
        HeaderForwarding forwarding = new HeaderForwarding(Set.of("X-Request-Id", "Content-Type"), List.of("ce"),
                "kgate-user");
        IngestSettings ingest = new IngestSettings(new TopicPolicy(Set.of("t", "validated"), null),
                new TopicExistence(kafka, true), new StationRules(List.of(validated)), forwarding, 64 * 1024, 10,
                30_000, 1);
        listener = ListenerRegistry.join(new ListenerSettings("127.0.0.1", port, null, 1), "cloudevents",
                TestGateways.openGateway(ingest, kafka, sink).handler());
    }

    @AfterAll
    static void stop() {
        listener.close();
    }

    @BeforeEach
    void clear() {
        sink.written.clear();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws Exception {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void refused(HttpResponse<String> response, int status, String words) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertFalse(body.get("success").asBoolean(), response.body());
        assertTrue(body.get("error").asText().contains(words), response.body());
        assertTrue(sink.written.isEmpty(), "nothing may be written");
    }

    private static String value(IngestMessage message) {
        return new String((byte[]) message.value().value(), StandardCharsets.UTF_8);
    }

    private static String header(IngestMessage message, String key) {
        List<String> values = message.headers().stream().filter(h -> h.key().equals(key)).map(MessageHeader::value)
                .toList();
        assertTrue(values.size() <= 1, key + " more than once: " + message.headers());
        return values.isEmpty() ? null : values.get(0);
    }

    @Test
    void aStructuredEventIsWrittenAsItsDataWithItsAttributesAsHeaders() throws Exception {
        String data = "{\"order\": 17, \"total\": 9.90}";
        HttpResponse<String> response = post("/stations/t/produce/single", "application/cloudevents+json; charset=utf-8",
                "{" + REQUIRED + ",\"time\":\"2026-12-01T10:00:00Z\",\"tenant\":\"acme\",\"data\":" + data + "}",
                "X-Request-Id", "r-1", "ce_id", "forged", "ce-type", "forged");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode ack = JSON.readTree(response.body());
        assertTrue(ack.get("success").asBoolean());
        assertEquals("t", ack.get("topic").asText());
        IngestMessage message = sink.written.get(0);
        assertEquals(data, value(message));
        assertEquals(List.of(new MessageHeader("X-Request-Id", "r-1"),
                new MessageHeader("ce_specversion", "1.0"), new MessageHeader("ce_id", "e-1"),
                new MessageHeader("ce_source", "/orders"), new MessageHeader("ce_type", "order.created"),
                new MessageHeader("content-type", "application/json"),
                new MessageHeader("ce_time", "2026-12-01T10:00:00Z"), new MessageHeader("ce_tenant", "acme")),
                message.headers());
    }

    @Test
    void aBinaryEventIsWrittenAsItsBodyWithItsHeaders() throws Exception {
        HttpResponse<String> response = post("/stations/t/produce/single", "application/xml", "<order id=\"17\"/>",
                "ce-specversion", "1.0", "ce-id", "b-1", "ce-source", "urn:shop", "ce-type", "order.created",
                "ce-tenant", "acme", "ce_id", "forged", "X-Request-Id", "r-2");
        assertEquals(200, response.statusCode(), response.body());
        IngestMessage message = sink.written.get(0);
        assertEquals("<order id=\"17\"/>", value(message));
        assertEquals("b-1", header(message, "ce_id"));
        assertEquals("urn:shop", header(message, "ce_source"));
        assertEquals("acme", header(message, "ce_tenant"));
        assertEquals("application/xml", header(message, "content-type"));
        assertEquals("r-2", header(message, "X-Request-Id"));
        assertTrue(message.headers().stream().noneMatch(h -> h.key().toLowerCase().startsWith("ce-")
                || h.key().equals("Content-Type")), message.headers().toString());

        // Without data, and without a Content-Type: an event all the same.
        HttpResponse<String> empty = post("/stations/t/produce/single", null, new byte[0], "ce-specversion", "1.0",
                "ce-id", "b-2", "ce-source", "urn:shop", "ce-type", "order.pinged");
        assertEquals(200, empty.statusCode(), empty.body());
        assertEquals("", value(sink.written.get(1)));
        assertEquals("b-2", header(sink.written.get(1), "ce_id"));
    }

    @Test
    void aBatchOfEventsWritesTheValidOnesAndNamesTheOthers() throws Exception {
        String batch = "[{" + REQUIRED + ",\"data\":{\"n\":1}},"
                + "{\"specversion\":\"1.0\",\"source\":\"/orders\",\"type\":\"order.created\",\"data\":{}},"
                + "{" + REQUIRED.replace("e-1", "e-3") + ",\"datacontenttype\":\"application/octet-stream\","
                + "\"data_base64\":\"AAEC\"},"
                + "\"not an event\"]";
        HttpResponse<String> response = post("/stations/t/produce/batch", "application/cloudevents-batch+json", batch);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertEquals(2, reply.get("sent").asInt());
        assertEquals(2, reply.get("fail").asInt());
        assertEquals("message 1: not a valid CloudEvent: the required attribute 'id' is missing",
                reply.get("errors").get(0).asText());
        assertTrue(reply.get("errors").get(1).asText().startsWith("message 3: not a valid CloudEvent: an event is a"
                + " JSON object"), response.body());
        assertEquals(0, reply.get("results").get(0).get("index").asInt());
        assertEquals(2, reply.get("results").get(1).get("index").asInt());
        assertEquals(2, sink.written.size());
        assertEquals("{\"n\":1}", value(sink.written.get(0)));
        assertArrayEquals(new byte[]{0, 1, 2}, (byte[]) sink.written.get(1).value().value());
        assertEquals("e-3", header(sink.written.get(1), "ce_id"));
        assertEquals("application/octet-stream", header(sink.written.get(1), "content-type"));
    }

    @Test
    void anInvalidEventIs400AndWritesNothing() throws Exception {
        refused(post("/stations/t/produce/single", "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}"), 400,
                "Not a valid CloudEvent: the required attribute 'type' is missing");
        refused(post("/stations/t/produce/single", "application/cloudevents+json", "{" + REQUIRED
                + ",\"data\":1,\"data_base64\":\"AA==\"}"), 400, "either 'data' or 'data_base64', not both");
        refused(post("/stations/t/produce/single", "text/plain", "hi", "ce-specversion", "1.0", "ce-id", "1",
                "ce-type", "t"), 400, "Not a valid CloudEvent: the required attribute 'source' is missing");
        refused(post("/stations/t/produce/single", "application/json", "{not json", "ce-specversion", "1.0",
                "ce-id", "1", "ce-type", "t", "ce-source", "/s"), 400, "The body is not valid JSON");
        refused(post("/stations/t/produce/batch", "application/cloudevents-batch+json", "{" + REQUIRED + "}"), 400,
                "not a valid JSON array");
    }

    @Test
    void eachModeOnlyOnItsRoute() throws Exception {
        refused(post("/stations/t/produce/single", "application/cloudevents-batch+json", "[{" + REQUIRED + "}]"), 415,
                "Unsupported content type: use " + ContentTypes.SINGLE_ACCEPTED);
        refused(post("/stations/t/produce/batch", "application/cloudevents+json", "{" + REQUIRED + "}"), 415,
                "Unsupported content type: use " + ContentTypes.BATCH_ACCEPTED);
    }

    @Test
    void aSchemaStationValidatesTheEventsJsonData() throws Exception {
        refused(post("/stations/validated/produce/single", "application/cloudevents+json",
                "{" + REQUIRED + ",\"data\":{\"total\":1}}"), 400, "Schema validation has failed");
        refused(post("/stations/validated/produce/single", "application/cloudevents+json",
                "{" + REQUIRED + ",\"datacontenttype\":\"text/plain\",\"data\":\"order 17\"}"), 400,
                "as CloudEvents whose data is JSON");
        refused(post("/stations/validated/produce/single", "application/json", "{\"total\":1}", "ce-specversion",
                "1.0", "ce-id", "1", "ce-type", "t", "ce-source", "/s"), 400, "Schema validation has failed");
        assertEquals(200, post("/stations/validated/produce/single", "application/cloudevents+json",
                "{" + REQUIRED + ",\"data\":{\"order\":17}}").statusCode());

        HttpResponse<String> batch = post("/stations/validated/produce/batch", "application/cloudevents-batch+json",
                "[{" + REQUIRED + ",\"data\":{\"order\":1}},{" + REQUIRED + ",\"data\":{\"x\":1}},{" + REQUIRED
                        + ",\"data_base64\":\"AA==\"}]");
        JsonNode reply = JSON.readTree(batch.body());
        assertEquals(1, reply.get("sent").asInt(), batch.body());
        assertTrue(reply.get("errors").get(0).asText().startsWith("message 1: Schema validation has failed"));
        assertTrue(reply.get("errors").get(1).asText().contains("message 2: the station validates messages against"
                + " a JSON Schema, and this event's data is not JSON"), batch.body());
    }

    @Test
    void aGzipCompressedEventIsReadAfterInflating() throws Exception {
        byte[] event = ("{" + REQUIRED + ",\"data\":{\"order\":5}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post("/stations/t/produce/single", "application/cloudevents+json",
                CompressedBodiesOverHttpTest.gzip(event), "Content-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"order\":5}", value(sink.written.get(0)));
    }

    @Test
    void aPlainPostKeepsWhatTheAllowListForwards() throws Exception {
        // No event, so nothing to contradict: the allow-list decides, as for any other header.
        assertEquals(200, post("/stations/t/produce/single", "application/json", "{}", "ce_id", "plain")
                .statusCode());
        assertEquals("plain", header(sink.written.get(0), "ce_id"));
        assertEquals("application/json", header(sink.written.get(0), "Content-Type"));
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CloudEvents posted over HTTP in each mode, checked against what landed in Kafka: one record per event, its data as
 * the value, its attributes as the Kafka protocol binding's binary-mode headers ({@code ce_*}, {@code content-type}),
 * never a forged one, and nothing at all for an invalid event.
 */
@ExtendWith(SharedGatewayCluster.class)
class CloudEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUIRED = "\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/shop/orders\","
            + "\"type\":\"com.example.order.created\"";
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "ce-.*");
        // An allow-list that would forward ce_* and Content-Type request headers: on events, it may not.
        props.put("headers.forward", "X-Request-Id,Content-Type");
        props.put("headers.forward.prefixes", "ce");
        props.put("stations.rules", "orders");
        props.put("stations.rule.orders.topics", "ce-validated");
        props.put("stations.rule.orders.schema", "{\"type\":\"object\",\"required\":[\"order\"]}");
        cluster.startConnector("cloudevents", props, 1);
    }

    private static String required(String id) {
        return String.format(REQUIRED, id);
    }

    private static HttpResponse<String> post(String topic, String route, String contentType, byte[] body,
                                             String... headers) throws Exception {
        HttpRequest.Builder request = GatewayCluster.postRequest(port, "/stations/" + topic + "/produce/" + route,
                contentType, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return cluster.send(request);
    }

    private static HttpResponse<String> post(String topic, String route, String contentType, String body,
                                             String... headers) throws Exception {
        return post(topic, route, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A record's headers in order, as text; a name seen twice fails. */
    private static Map<String, String> headersOf(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            String previous = headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            assertNull(previous, header.key() + " twice on " + record);
        }
        return headers;
    }

    @Test
    void aStructuredEventLandsAsItsDataWithItsAttributesAsHeaders() throws Exception {
        String topic = "ce-structured";
        cluster.connect.kafka().createTopic(topic, 1);
        String data = "{\"order\": 17, \"total\": 9.90, \"items\": [ \"a\", \"b\" ]}";
        HttpResponse<String> response = post(topic, "single", "application/cloudevents+json",
                "{" + required("o-17") + ",\"time\":\"2026-12-01T10:00:00.123Z\",\"subject\":\"order/17\","
                        + "\"datacontenttype\":\"application/json\",\"tenant\":\"acme\",\"priority\":2,"
                        + "\"data\":" + data + "}",
                "X-Request-Id", "req-1", "ce_id", "forged", "ce-source", "forged", "ce_extra", "forged");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode ack = JSON.readTree(response.body());
        assertTrue(ack.get("success").asBoolean());

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(1, landed.size());
        ConsumerRecord<byte[], byte[]> record = landed.get(0);
        assertEquals(ack.get("offset").asLong(), record.offset());
        assertEquals(data, new String(record.value(), StandardCharsets.UTF_8), "the data exactly as sent");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("X-Request-Id", "req-1");
        expected.put("ce_specversion", "1.0");
        expected.put("ce_id", "o-17");
        expected.put("ce_source", "/shop/orders");
        expected.put("ce_type", "com.example.order.created");
        expected.put("content-type", "application/json");
        expected.put("ce_subject", "order/17");
        expected.put("ce_time", "2026-12-01T10:00:00.123Z");
        expected.put("ce_tenant", "acme");
        expected.put("ce_priority", "2");
        assertEquals(expected, headersOf(record));
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(headersOf(record).keySet()));
    }

    @Test
    void aBinaryEventLandsAsItsBodyWithItsHeaders() throws Exception {
        String topic = "ce-binary";
        cluster.connect.kafka().createTopic(topic, 1);
        byte[] body = {0x0a, 0x03, 'a', 'b', 'c', (byte) 0xff, 0x00};
        HttpResponse<String> response = post(topic, "single", "application/protobuf", body,
                "ce-specversion", "1.0", "ce-id", "b-1", "ce-source", "urn:shop", "ce-type", "order.packed",
                "ce-subject", "caf%C3%A9", "ce-traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "ce_id", "forged");
        assertEquals(200, response.statusCode(), response.body());

        ConsumerRecord<byte[], byte[]> record = cluster.consumeAll(topic).get(0);
        assertArrayEquals(body, record.value());
        Map<String, String> headers = headersOf(record);
        assertEquals("1.0", headers.get("ce_specversion"));
        assertEquals("b-1", headers.get("ce_id"));
        assertEquals("urn:shop", headers.get("ce_source"));
        assertEquals("order.packed", headers.get("ce_type"));
        assertEquals("café", headers.get("ce_subject"), "percent-decoded");
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", headers.get("ce_traceparent"));
        assertEquals("application/protobuf", headers.get("content-type"));
        assertEquals(7, headers.size(), "only the event's headers: " + headers);
    }

    @Test
    void aBatchOfEventsWritesTheValidOnesOnly() throws Exception {
        String topic = "ce-batch";
        cluster.connect.kafka().createTopic(topic, 1);
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a};
        String batch = "[{" + required("b-0") + ",\"data\":{\"order\":1}},"
                + "{\"specversion\":\"1.0\",\"id\":\"b-1\",\"type\":\"t\",\"data\":{\"order\":2}},"
                + "{" + required("b-2") + ",\"datacontenttype\":\"image/png\",\"data_base64\":\""
                + Base64.getEncoder().encodeToString(image) + "\"},"
                + "{" + required("b-3") + ",\"datacontenttype\":\"text/plain\",\"data\":\"hello, events\"},"
                + "{" + required("b-4").replace("\"1.0\"", "\"0.3\"") + "}]";
        HttpResponse<String> response = post(topic, "batch", "application/cloudevents-batch+json", batch);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertEquals(3, reply.get("sent").asInt());
        assertEquals(List.of("message 1: not a valid CloudEvent: the required attribute 'source' is missing",
                        "message 4: not a valid CloudEvent: specversion '0.3' is not supported: use 1.0"),
                List.of(reply.get("errors").get(0).asText(), reply.get("errors").get(1).asText()));

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(3, landed.size());
        assertEquals("{\"order\":1}", new String(landed.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("b-0", headersOf(landed.get(0)).get("ce_id"));
        assertArrayEquals(image, landed.get(1).value());
        assertEquals("image/png", headersOf(landed.get(1)).get("content-type"));
        assertEquals("hello, events", new String(landed.get(2).value(), StandardCharsets.UTF_8));
        assertEquals("text/plain", headersOf(landed.get(2)).get("content-type"));
        for (int i = 0; i < 3; i++) {
            assertEquals(landed.get(i).offset(), reply.get("results").get(i).get("offset").asLong());
        }
    }

    @Test
    void anInvalidEventIs400AndWritesNothing() throws Exception {
        String topic = "ce-invalid";
        cluster.connect.kafka().createTopic(topic, 1);
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\"}", "'id' is missing");
        refusals.put("{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}", "'source' is missing");
        refusals.put("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\"}", "'type' is missing");
        refusals.put("{\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}", "'specversion' is missing");
        refusals.put("{" + required("1") + ",\"data\":{},\"data_base64\":\"AA==\"}", "not both");
        refusals.put("{" + required("1") + ",\"time\":\"tomorrow\"}", "RFC 3339");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = post(topic, "single", "application/cloudevents+json", refusal.getKey());
            assertEquals(400, response.statusCode(), response.body());
            JsonNode reply = JSON.readTree(response.body());
            assertFalse(reply.get("success").asBoolean());
            assertTrue(reply.get("error").asText().startsWith("Not a valid CloudEvent: "), response.body());
            assertTrue(reply.get("error").asText().contains(refusal.getValue()), response.body());
        }
        HttpResponse<String> binary = post(topic, "single", "text/plain", "x", "ce-specversion", "1.0",
                "ce-id", "1", "ce-source", "/s");
        assertEquals(400, binary.statusCode(), binary.body());
        assertTrue(binary.body().contains("'type' is missing"), binary.body());
        assertEquals(0, cluster.consumeAll(topic).size());
    }

    @Test
    void aSchemaStationValidatesTheEventsData() throws Exception {
        String topic = "ce-validated";
        cluster.connect.kafka().createTopic(topic, 1);
        assertEquals(400, post(topic, "single", "application/cloudevents+json",
                "{" + required("v-1") + ",\"data\":{\"total\":1}}").statusCode());
        assertEquals(400, post(topic, "single", "application/cloudevents+json",
                "{" + required("v-2") + ",\"datacontenttype\":\"text/plain\",\"data\":\"order 1\"}").statusCode());
        assertEquals(200, post(topic, "single", "application/json", "{\"order\":3}", "ce-specversion", "1.0",
                "ce-id", "v-3", "ce-source", "/s", "ce-type", "t").statusCode());
        assertEquals(List.of("{\"order\":3}"), cluster.landedInOrder(topic));
    }

    @Test
    void aGzipCompressedEventLandsInflated() throws Exception {
        String topic = "ce-gzip";
        cluster.connect.kafka().createTopic(topic, 1);
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
            gzip.write(("[{" + required("g-1") + ",\"data\":{\"order\":1}},{" + required("g-2")
                    + ",\"data\":{\"order\":2}}]").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = post(topic, "batch", "application/cloudevents-batch+json",
                compressed.toByteArray(), "Content-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("{\"order\":1}", "{\"order\":2}"), cluster.landedInOrder(topic));
        assertEquals("g-2", headersOf(cluster.consumeAll(topic).get(1)).get("ce_id"));
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Value modes on a real worker whose value converter is the JsonConverter with schemas: what lands is the converter's
 * envelope, so the test sees the Connect schema and value each mode produced, and a transform chain on a struct
 * station (InsertField, ReplaceField, a Filter with a predicate) works on typed fields.
 */
@ExtendWith(SharedGatewayCluster.class)
class ValueModesIT {

    static final String ORDER_SCHEMA = """
            {"type": "object", "required": ["id", "placed"], "properties": {
              "id": {"type": "integer"}, "total": {"type": "number"}, "internal": {"type": "string"},
              "placed": {"type": "string", "format": "date-time"},
              "lines": {"type": "array", "items": {"type": "object", "required": ["sku"],
                        "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}}}}}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "vm-.*");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "true");
        props.put("headers.forward", "X-Discard");
        props.put("stations.rules", "orders,json,text,raw");
        props.put("stations.rule.orders.topics", "vm-orders.*");
        props.put("stations.rule.orders.schema", ORDER_SCHEMA);
        props.put("stations.rule.orders.value", "struct");
        props.put("stations.rule.orders.value.schema.name", "shop.Order");
        props.put("stations.rule.orders.value.schema.version", "1");
        props.put("stations.rule.json.topics", "vm-json");
        props.put("stations.rule.json.value", "json");
        props.put("stations.rule.text.topics", "vm-text");
        props.put("stations.rule.text.value", "string");
        props.put("stations.rule.raw.topics", "vm-raw");
        props.put("stations.rule.raw.value", "bytes");
        // A typical chain, on the struct station only: stamp the origin, rename and drop fields, discard on demand.
        props.put("transforms", "origin,rename,discard");
        props.put("transforms.origin.type", "org.apache.kafka.connect.transforms.InsertField$Value");
        props.put("transforms.origin.static.field", "origin");
        props.put("transforms.origin.static.value", "kgate");
        props.put("transforms.origin.predicate", "isOrder");
        props.put("transforms.rename.type", "org.apache.kafka.connect.transforms.ReplaceField$Value");
        props.put("transforms.rename.renames", "total:amount");
        props.put("transforms.rename.exclude", "internal");
        props.put("transforms.rename.predicate", "isOrder");
        props.put("transforms.discard.type", "org.apache.kafka.connect.transforms.Filter");
        props.put("transforms.discard.predicate", "wantsDiscard");
        props.put("predicates", "isOrder,wantsDiscard");
        props.put("predicates.isOrder.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        props.put("predicates.isOrder.pattern", "vm-orders.*");
        props.put("predicates.wantsDiscard.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
        props.put("predicates.wantsDiscard.name", "X-Discard");
        cluster.startConnector("values", props, 1);
    }

    private static HttpResponse<String> post(String topic, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic), contentType,
                body.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return cluster.send(request);
    }

    /** The JsonConverter envelopes of every record in the topic. */
    private static List<JsonNode> landed(String topic) throws Exception {
        List<JsonNode> envelopes = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic)) {
            envelopes.add(JSON.readTree(record.value()));
        }
        return envelopes;
    }

    @Test
    void aStructStationWritesTypedFieldsThatTransformsCanWorkOn() throws Exception {
        String topic = "vm-orders";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> reply = post(topic, "application/json", """
                {"id": 42, "total": 9.5, "internal": "x", "placed": "2026-12-01T10:00:00Z",
                 "lines": [{"sku": "A-1", "qty": 2}]}""");
        assertEquals(200, reply.statusCode(), reply.body());

        List<JsonNode> envelopes = landed(topic);
        assertEquals(1, envelopes.size());
        JsonNode schema = envelopes.get(0).get("schema");
        assertEquals("struct", schema.get("type").asText());
        assertEquals("shop.Order", schema.get("name").asText());
        assertEquals(1, schema.get("version").asInt());
        JsonNode payload = envelopes.get(0).get("payload");
        assertEquals(42, payload.get("id").asLong());
        assertTrue(payload.get("id").isIntegralNumber());
        assertEquals(9.5, payload.get("amount").asDouble(), "renamed by ReplaceField");
        assertFalse(payload.has("total"));
        assertFalse(payload.has("internal"), "excluded by ReplaceField");
        assertEquals("kgate", payload.get("origin").asText(), "inserted by InsertField");
        assertEquals(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), payload.get("placed").asLong(),
                "a Connect Timestamp");
        assertEquals("org.apache.kafka.connect.data.Timestamp", fieldSchema(schema, "placed").get("name").asText());
        assertEquals("int64", fieldSchema(schema, "id").get("type").asText());
        assertFalse(fieldSchema(schema, "id").get("optional").asBoolean());
        assertEquals("A-1", payload.get("lines").get(0).get("sku").asText());
    }

    private static JsonNode fieldSchema(JsonNode struct, String name) {
        for (JsonNode field : struct.get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + struct);
    }

    @Test
    void aFilteredRecordsClientIsToldItWasDroppedNotWritten() throws Exception {
        String topic = "vm-orders-discarded";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> reply = post(topic, "application/json", "{\"id\": 1, \"placed\":"
                + " \"2026-12-01T10:00:00Z\"}", "X-Discard", "yes");
        assertEquals(422, reply.statusCode(), reply.body());
        JsonNode body = JSON.readTree(reply.body());
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("error").asText().contains("not written"), reply.body());
        assertEquals(200, post(topic, "application/json", "{\"id\": 2, \"placed\": \"2026-12-01T10:00:00Z\"}")
                .statusCode());
        List<JsonNode> envelopes = landed(topic);
        assertEquals(1, envelopes.size(), "only the record without X-Discard");
        assertEquals(2, envelopes.get(0).get("payload").get("id").asLong());
    }

    @Test
    void whatAStructCannotHoldIsRefusedAndWritesNothing() throws Exception {
        String topic = "vm-orders-refused";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> undeclared = post(topic, "application/json", "{\"id\": 1, \"placed\":"
                + " \"2026-12-01T10:00:00Z\", \"colour\": \"red\"}");
        assertEquals(400, undeclared.statusCode());
        assertEquals("Invalid message: the value: property 'colour' is not in the station's schema, and a struct"
                + " keeps only the declared properties", JSON.readTree(undeclared.body()).get("error").asText());
        HttpResponse<String> tooBig = post(topic, "application/json", "{\"id\": 99999999999999999999, \"placed\":"
                + " \"2026-12-01T10:00:00Z\"}");
        assertEquals(400, tooBig.statusCode());
        assertTrue(tooBig.body().contains("/id: 99999999999999999999 is outside the 64-bit integer range"),
                tooBig.body());
        HttpResponse<String> notADate = post(topic, "application/json", "{\"id\": 1, \"placed\": \"soon\"}");
        assertEquals(400, notADate.statusCode());
        assertTrue(notADate.body().contains("/placed: 'soon' is not an RFC 3339 timestamp"), notADate.body());
        HttpResponse<String> invalid = post(topic, "application/json", "{\"placed\": \"2026-12-01T10:00:00Z\"}");
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("Schema validation has failed"), invalid.body());
        HttpResponse<String> notJson = post(topic, "application/octet-stream", "{\"id\": 1}");
        assertEquals(415, notJson.statusCode());
        assertTrue(notJson.body().contains("takes JSON values (value mode struct)"), notJson.body());
        HttpResponse<String> batch = cluster.send(GatewayCluster.postRequest(port, "/stations/" + topic
                + "/produce/batch", "application/json", ("[{\"id\": 7, \"placed\": \"2026-12-01T10:00:00Z\"},"
                + " {\"id\": 8, \"placed\": \"2026-12-01T10:00:00Z\", \"x\": 1}]").getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, batch.statusCode(), batch.body());
        assertTrue(batch.body().contains("message 1: Invalid message: the value: property 'x'"), batch.body());
        List<JsonNode> envelopes = landed(topic);
        assertEquals(1, envelopes.size(), "only the batch's valid element");
        assertEquals(7, envelopes.get(0).get("payload").get("id").asLong());
    }

    @Test
    void aJsonStationWritesASchemalessValueWithExactNumbers() throws Exception {
        cluster.connect.kafka().createTopic("vm-json", 1);
        assertEquals(200, post("vm-json", "application/json", "{\"n\": 9007199254740993, \"p\": 0.1, \"tags\":"
                + " [\"a\"], \"nested\": {\"ok\": true}}").statusCode());
        HttpResponse<String> inexact = post("vm-json", "application/json", "{\"p\": 0.1000000000000000055}");
        assertEquals(400, inexact.statusCode());
        assertTrue(inexact.body().contains("/p: 0.1000000000000000055 cannot be held exactly"), inexact.body());
        JsonNode envelope = landed("vm-json").get(0);
        assertTrue(envelope.get("schema").isNull());
        assertEquals(JSON.readTree("{\"n\": 9007199254740993, \"p\": 0.1, \"tags\": [\"a\"], \"nested\": {\"ok\":"
                + " true}}"), envelope.get("payload"));
    }

    @Test
    void stringAndBytesStationsWriteTheTextAndTheBytes() throws Exception {
        cluster.connect.kafka().createTopic("vm-text", 1);
        cluster.connect.kafka().createTopic("vm-raw", 1);
        assertEquals(200, post("vm-text", "application/json", "{\"a\": 1}").statusCode());
        assertEquals(200, post("vm-text", "text/plain", "héllo").statusCode());
        HttpResponse<String> latin1 = cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(
                "vm-text"), "application/octet-stream", new byte[]{'c', 'a', 'f', (byte) 0xE9}));
        assertEquals(400, latin1.statusCode());
        assertTrue(latin1.body().contains("not UTF-8"), latin1.body());
        List<JsonNode> texts = landed("vm-text");
        assertEquals("string", texts.get(0).get("schema").get("type").asText());
        assertEquals("{\"a\": 1}", texts.get(0).get("payload").asText());
        assertEquals("héllo", texts.get(1).get("payload").asText());

        assertEquals(200, post("vm-raw", "application/json", "{\"a\": 1}").statusCode());
        JsonNode raw = landed("vm-raw").get(0);
        assertEquals("bytes", raw.get("schema").get("type").asText());
        assertEquals("{\"a\": 1}", new String(raw.get("payload").binaryValue(), StandardCharsets.UTF_8));
    }

    @Test
    void webSocketJsonValuesTakeTheStationsSchemaAndMode() throws Exception {
        String topic = "vm-orders-socket";
        cluster.connect.kafka().createTopic(topic, 1);
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=c&topic=" + topic
                + "&valType=json", Map.of())) {
            socket.send("{\"value\": {\"value\": {\"id\": 5, \"placed\": \"2026-12-01T10:00:00Z\"}}, \"messageId\":"
                    + " \"m1\"}");
            JsonNode written = socket.next();
            assertEquals("m1", written.get("clientMessageId").asText(), written.toString());
            assertTrue(written.has("offset"), written.toString());
            socket.send("{\"value\": {\"value\": {\"id\": 6, \"placed\": \"2026-12-01T10:00:00Z\", \"x\": 1}},"
                    + " \"messageId\": \"m2\"}");
            JsonNode undeclared = socket.next();
            assertEquals("INVALID", undeclared.get("outcome").asText(), undeclared.toString());
            assertTrue(undeclared.get("error").asText().contains("property 'x' is not in the station's schema"),
                    undeclared.toString());
            socket.send("{\"value\": {\"value\": {\"placed\": \"2026-12-01T10:00:00Z\"}}, \"messageId\": \"m3\"}");
            JsonNode invalid = socket.next();
            assertEquals("INVALID", invalid.get("outcome").asText(), invalid.toString());
            assertTrue(invalid.get("error").asText().contains("Schema validation has failed"), invalid.toString());
            socket.send("{\"value\": {\"value\": \"text\", \"format\": \"string\"}, \"messageId\": \"m4\"}");
            JsonNode notJson = socket.next();
            assertEquals("INVALID", notJson.get("outcome").asText(), notJson.toString());
        }
        List<JsonNode> envelopes = landed(topic);
        assertEquals(1, envelopes.size());
        assertEquals("shop.Order", envelopes.get(0).get("schema").get("name").asText());
        assertEquals(5, envelopes.get(0).get("payload").get("id").asLong());
    }
}

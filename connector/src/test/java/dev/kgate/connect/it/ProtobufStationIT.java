package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.UnknownFieldSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protobuf stations on a real worker whose value converter is the JsonConverter with schemas: the example station's
 * message type (config/protobuf/orders.proto) posted as protobuf, landing as a typed struct, as a schemaless map and
 * as the bytes sent; bytes that are not such a message, and JSON, written nowhere.
 */
@ExtendWith(SharedGatewayCluster.class)
class ProtobufStationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "pb-.*");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "true");
        props.put("stations.rules", "typed,maps,raw");
        for (String rule : List.of("typed", "maps", "raw")) {
            props.put("stations.rule." + rule + ".topics", "pb-" + rule + ".*");
            props.put("stations.rule." + rule + ".protobuf.message", "shop.v1.Order");
            props.put("stations.rule." + rule + ".protobuf.descriptor.file", ExampleOrders.DESCRIPTOR_SET.toString());
        }
        props.put("stations.rule.typed.value", "struct");
        props.put("stations.rule.maps.value", "json");
        props.put("stations.rule.raw.value", "bytes");
        cluster.startConnector("protobuf", props, 1);
    }

    private static DynamicMessage order(long id) {
        return ExampleOrders.order(id);
    }

    /** An order from a newer sender, with a field this type does not declare. */
    private static byte[] withUnknownField() {
        return DynamicMessage.newBuilder(order(1)).setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(77, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build().toByteArray();
    }

    private static HttpResponse<String> post(String topic, String contentType, byte[] body) throws Exception {
        return cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic), contentType, body));
    }

    private static List<ConsumerRecord<byte[], byte[]>> landed(String topic) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        cluster.consumeAll(topic).forEach(records::add);
        return records;
    }

    @Test
    void aStructStationWritesTheMessageAsTypedFields() throws Exception {
        String topic = "pb-typed";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> reply = post(topic, "application/x-protobuf", order(42).toByteArray());
        assertEquals(200, reply.statusCode(), reply.body());
        HttpResponse<String> empty = post(topic, "application/protobuf", new byte[0]);
        assertEquals(200, empty.statusCode(), "every field at its default: " + empty.body());

        List<ConsumerRecord<byte[], byte[]>> records = landed(topic);
        assertEquals(2, records.size());
        JsonNode envelope = JSON.readTree(records.get(0).value());
        JsonNode schema = envelope.get("schema");
        assertEquals("shop.v1.Order", schema.get("name").asText());
        assertEquals("int64", fieldSchema(schema, "id").get("type").asText());
        assertFalse(fieldSchema(schema, "id").get("optional").asBoolean());
        assertEquals("org.apache.kafka.connect.data.Timestamp", fieldSchema(schema, "placed").get("name").asText());
        assertEquals("map", fieldSchema(schema, "tags").get("type").asText());
        assertTrue(fieldSchema(schema, "discount").get("optional").asBoolean());
        JsonNode payload = envelope.get("payload");
        assertEquals(42, payload.get("id").asLong());
        assertEquals("ada", payload.get("customer").asText());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), payload.get("placed").asLong());
        assertEquals("A-1", payload.get("lines").get(0).get("sku").asText());
        assertEquals(2, payload.get("lines").get(0).get("qty").asInt());
        assertEquals("PLACED", payload.get("status").asText());
        assertEquals("web", payload.get("tags").get("channel").asText());
        assertEquals("4111", payload.get("card").asText());
        assertTrue(payload.get("iban").isNull());
        assertTrue(payload.get("discount").isNull());
        JsonNode defaults = JSON.readTree(records.get(1).value()).get("payload");
        assertEquals(0, defaults.get("id").asLong());
        assertEquals("STATUS_UNSPECIFIED", defaults.get("status").asText());
    }

    @Test
    void otherModesWriteMapsOrTheBytesSent() throws Exception {
        cluster.connect.kafka().createTopic("pb-maps", 1);
        cluster.connect.kafka().createTopic("pb-raw", 1);
        byte[] message = order(7).toByteArray();
        assertEquals(200, post("pb-maps", "application/x-protobuf", message).statusCode());
        assertEquals(200, post("pb-raw", "application/x-protobuf", message).statusCode());
        // Bytes as sent keep the fields a newer sender added, so they are not refused there.
        assertEquals(200, post("pb-raw", "application/x-protobuf", withUnknownField()).statusCode());

        JsonNode map = JSON.readTree(landed("pb-maps").get(0).value());
        assertTrue(map.get("schema").isNull(), "schemaless: " + map);
        assertEquals(7, map.get("payload").get("id").asLong());
        assertEquals("2026-12-01T10:00:00Z", map.get("payload").get("placed").asText());
        assertFalse(map.get("payload").has("discount"), "unset fields with presence are left out");
        List<ConsumerRecord<byte[], byte[]>> raw = landed("pb-raw");
        assertEquals(2, raw.size());
        assertArrayEquals(message, Base64.getDecoder().decode(JSON.readTree(raw.get(0).value()).get("payload")
                .asText()), "the bytes as sent");
        assertArrayEquals(withUnknownField(), Base64.getDecoder().decode(JSON.readTree(raw.get(1).value())
                .get("payload").asText()));
    }

    @Test
    void whatIsNotTheMessageIsRefusedAndWritesNothing() throws Exception {
        String topic = "pb-typed-refusals";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> garbage = post(topic, "application/x-protobuf", new byte[]{(byte) 0xFF, (byte) 0xFF});
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertTrue(garbage.body().contains("Invalid message: the body is not a protobuf shop.v1.Order"),
                garbage.body());
        HttpResponse<String> unknown = post(topic, "application/x-protobuf", withUnknownField());
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("field number 77 is not in shop.v1.Order"), unknown.body());
        HttpResponse<String> json = post(topic, "application/json", "{\"id\": 1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, json.statusCode(), json.body());
        assertTrue(json.body().contains("takes protobuf messages of type shop.v1.Order: send them as"
                + " application/x-protobuf"), json.body());
        HttpResponse<String> batch = cluster.send(GatewayCluster.postRequest(port, "/stations/" + topic
                + "/produce/batch", "application/json", "[{\"id\": 1}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, batch.statusCode(), batch.body());
        assertEquals(0, landed(topic).size());
    }

    @Test
    void aWebSocketSendsMessagesAsBytearrayValues() throws Exception {
        String topic = "pb-typed-socket";
        cluster.connect.kafka().createTopic(topic, 1);
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=c&topic=" + topic,
                Map.of())) {
            socket.send("{\"value\": {\"value\": \"" + Base64.getEncoder().encodeToString(order(9).toByteArray())
                    + "\", \"format\": \"bytearray\"}, \"messageId\": \"m1\"}");
            JsonNode written = socket.next();
            assertTrue(written.has("offset"), written.toString());
            socket.send("{\"value\": {\"value\": \"//8=\", \"format\": \"bytearray\"}, \"messageId\": \"m2\"}");
            JsonNode invalid = socket.next();
            assertEquals("INVALID", invalid.get("outcome").asText(), invalid.toString());
            assertTrue(invalid.get("error").asText().contains("not a protobuf shop.v1.Order"), invalid.toString());
            socket.send("{\"value\": {\"value\": {\"id\": 1}, \"format\": \"json\"}, \"messageId\": \"m3\"}");
            JsonNode json = socket.next();
            assertEquals("INVALID", json.get("outcome").asText(), json.toString());
        }
        List<ConsumerRecord<byte[], byte[]>> records = landed(topic);
        assertEquals(1, records.size());
        assertEquals(9, JSON.readTree(records.get(0).value()).get("payload").get("id").asLong());
    }

    @Test
    void cloudEventsCarryMessagesAsTheirData() throws Exception {
        String topic = "pb-typed-events";
        cluster.connect.kafka().createTopic(topic, 1);
        String message = Base64.getEncoder().encodeToString(order(11).toByteArray());
        String batch = "[{\"specversion\": \"1.0\", \"id\": \"e1\", \"source\": \"/shop\", \"type\": \"order.placed\","
                + " \"datacontenttype\": \"application/x-protobuf\", \"data_base64\": \"" + message + "\"},"
                + " {\"specversion\": \"1.0\", \"id\": \"e2\", \"source\": \"/shop\", \"type\": \"order.placed\","
                + " \"datacontenttype\": \"application/json\", \"data\": {\"id\": 12}}]";
        HttpResponse<String> reply = cluster.send(GatewayCluster.postRequest(port, "/stations/" + topic
                + "/produce/batch", "application/cloudevents-batch+json", batch.getBytes(StandardCharsets.UTF_8)));
        JsonNode answer = JSON.readTree(reply.body());
        assertTrue(answer.has("sent"), reply.statusCode() + " " + reply.body());
        assertEquals(1, answer.get("sent").asInt(), reply.body());
        String error = answer.get("errors").get(0).asText();
        assertTrue(error.startsWith("message 1: ") && error.contains("datacontenttype is not application/x-protobuf"),
                reply.body());
        HttpResponse<String> binary = cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic),
                "application/protobuf", order(13).toByteArray()).header("ce-specversion", "1.0")
                .header("ce-id", "e3").header("ce-source", "/shop").header("ce-type", "order.placed"));
        assertEquals(200, binary.statusCode(), binary.body());
        List<ConsumerRecord<byte[], byte[]>> records = landed(topic);
        assertEquals(2, records.size());
        assertEquals(11, JSON.readTree(records.get(0).value()).get("payload").get("id").asLong());
        assertEquals(13, JSON.readTree(records.get(1).value()).get("payload").get("id").asLong());
    }

    private static JsonNode fieldSchema(JsonNode struct, String name) {
        for (JsonNode field : struct.get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + struct);
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.connect.convert.KafkaSerdeConverter;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /socket/in} and the WebSocket proxy API's HTTP endpoints, with a real WebSocket client on real Kafka. */
@ExtendWith(SharedGatewayCluster.class)
class WebSocketInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "websocket-test-secret-of-at-least-32-bytes";
    private static final Map<String, String> BASIC = Map.of("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("root:memphis".getBytes(StandardCharsets.UTF_8)));

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "ws-.*");
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "root:memphis");
        props.put("auth.jwt.secret", SECRET);
        props.put("headers.user", "kgate-user");
        props.put("key.converter", KafkaSerdeConverter.class.getName());
        props.put("value.converter", KafkaSerdeConverter.class.getName());
        props.put("websocket.max.in.flight", "64");
        cluster.startConnector("ws", props, 1);
    }

    private static TestSocket open(String query) {
        return TestSocket.open(cluster.http, port, "/socket/in?" + query, BASIC);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<Long, ConsumerRecord<byte[], byte[]>> byOffset(String topic) throws Exception {
        Map<Long, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic)) {
            records.put(record.offset(), record);
        }
        return records;
    }

    @Test
    void refusesBadUpgradesBeforeTheHandshakeWithAMessage() throws Exception {
        cluster.connect.kafka().createTopic("ws-refusals", 1);
        TestSocket.Refusal noClient = TestSocket.upgrade(port, "/socket/in?topic=ws-refusals", BASIC);
        assertEquals(400, noClient.status());
        assertTrue(noClient.body().get("message").asText().contains("clientId"), noClient.body().toString());

        TestSocket.Refusal noTopic = TestSocket.upgrade(port, "/socket/in?clientId=c", BASIC);
        assertEquals(400, noTopic.status());
        assertTrue(noTopic.body().get("message").asText().contains("topic"), noTopic.body().toString());

        TestSocket.Refusal unknown = TestSocket.upgrade(port, "/socket/in?clientId=c&topic=ws-never-created", BASIC);
        assertEquals(404, unknown.status());
        assertEquals("Topic 'ws-never-created' does not exist", unknown.body().get("message").asText());

        TestSocket.Refusal notAllowed = TestSocket.upgrade(port, "/socket/in?clientId=c&topic=other", BASIC);
        assertEquals(403, notAllowed.status());

        TestSocket.Refusal badType = TestSocket.upgrade(port,
                "/socket/in?clientId=c&topic=ws-refusals&valType=integer", BASIC);
        assertEquals(400, badType.status());
        assertTrue(badType.body().get("message").asText().contains("valType"));

        TestSocket.Refusal anonymous = TestSocket.upgrade(port, "/socket/in?clientId=c&topic=ws-refusals", Map.of());
        assertEquals(401, anonymous.status());
        TestSocket.Refusal wrongPassword = TestSocket.upgrade(port, "/socket/in?clientId=c&topic=ws-refusals",
                Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes())));
        assertEquals(401, wrongPassword.status());
        assertEquals("Unauthorized: wrong username or password", wrongPassword.body().get("message").asText());
        assertTrue(cluster.consumeAll("ws-refusals").isEmpty(), "a refused socket writes nothing");
    }

    @Test
    void keyAndValueAreAcknowledgedWithTheirOffsetAndLand() throws Exception {
        cluster.connect.kafka().createTopic("ws-key-value", 1);
        try (TestSocket socket = open("clientId=c1&topic=ws-key-value&keyType=string&valType=string")) {
            socket.send("{\"key\":{\"value\":\"k1\",\"format\":\"string\"},"
                    + "\"value\":{\"value\":\"v1\",\"format\":\"string\"}}");
            JsonNode result = socket.next();
            assertEquals("ws-key-value", result.get("topic").asText());
            assertEquals(0, result.get("partition").asInt());
            assertEquals(0, result.get("offset").asLong());
            assertTrue(result.get("timestamp").asLong() > 0);
            assertFalse(result.has("messageId"), "no id was given");
        }
        ConsumerRecord<byte[], byte[]> record = cluster.consumeAll("ws-key-value").get(0);
        assertEquals("k1", utf8(record.key()));
        assertEquals("v1", utf8(record.value()));
        assertEquals("root", utf8(record.headers().lastHeader("kgate-user").value()));
    }

    @Test
    void aStringValueAloneUsesTheDefaultValType() throws Exception {
        cluster.connect.kafka().createTopic("ws-string", 1);
        try (TestSocket socket = open("clientId=c2&topic=ws-string")) {
            socket.send("{\"value\":{\"value\":\"hello\"}}");
            assertEquals(0, socket.next().get("offset").asLong());
        }
        ConsumerRecord<byte[], byte[]> record = cluster.consumeAll("ws-string").get(0);
        assertNull(record.key());
        assertEquals("hello", utf8(record.value()));
    }

    @Test
    void headersKeyValueAndMessageIdTravel() throws Exception {
        cluster.connect.kafka().createTopic("ws-headers", 1);
        try (TestSocket socket = open("clientId=c3&topic=ws-headers&keyType=string")) {
            socket.send("{\"headers\":[{\"key\":\"my_header\",\"value\":\"header_value\"},"
                    + "{\"key\":\"trace\",\"value\":\"t-1\"}],"
                    + "\"key\":{\"value\":\"foo\",\"format\":\"string\"},"
                    + "\"value\":{\"value\":\"bar\",\"format\":\"string\"},\"messageId\":\"client_generated_id\"}");
            JsonNode result = socket.next();
            assertEquals("client_generated_id", result.get("messageId").asText());
            assertEquals("client_generated_id", result.get("clientMessageId").asText());
            // A client may not pose as another user through a header.
            socket.send("{\"headers\":[{\"key\":\"kgate-user\",\"value\":\"admin\"}],"
                    + "\"value\":{\"value\":\"x\"},\"messageId\":\"forged\"}");
            JsonNode refused = socket.next();
            assertEquals("forged", refused.get("messageId").asText());
            assertEquals("INVALID", refused.get("outcome").asText());
        }
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll("ws-headers");
        assertEquals(1, landed.size());
        ConsumerRecord<byte[], byte[]> record = landed.get(0);
        assertEquals("foo", utf8(record.key()));
        assertEquals("bar", utf8(record.value()));
        assertEquals("header_value", utf8(record.headers().lastHeader("my_header").value()));
        assertEquals("t-1", utf8(record.headers().lastHeader("trace").value()));
        assertEquals("root", utf8(record.headers().lastHeader("kgate-user").value()));
    }

    @Test
    void everyFormatTypeLandsAsKafkasOwnSerializerWritesIt() throws Exception {
        String topic = "ws-formats";
        cluster.connect.kafka().createTopic(topic, 1);
        byte[] binary = {0, 1, 2, (byte) 0xff};
        String base64 = Base64.getEncoder().encodeToString(binary);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("json", "{\"a\": [1, 2], \"b\": null}");
        values.put("avro", "\"" + base64 + "\"");
        values.put("bytearray", "\"" + base64 + "\"");
        values.put("string", "\"text\"");
        values.put("int", "2147483647");
        values.put("short", "-32768");
        values.put("long", "9007199254740993");
        values.put("double", "3.5e300");
        values.put("float", "1.25");
        Map<String, byte[]> expected = Map.of(
                "json", "{\"a\":[1,2],\"b\":null}".getBytes(StandardCharsets.UTF_8),
                "avro", binary,
                "bytearray", binary,
                "string", "text".getBytes(StandardCharsets.UTF_8),
                "int", new IntegerSerializer().serialize(topic, Integer.MAX_VALUE),
                "short", new ShortSerializer().serialize(topic, Short.MIN_VALUE),
                "long", new LongSerializer().serialize(topic, 9007199254740993L),
                "double", new DoubleSerializer().serialize(topic, 3.5e300),
                "float", new FloatSerializer().serialize(topic, 1.25f));
        Map<String, Long> offsets = new HashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String type = entry.getKey();
            try (TestSocket socket = open("clientId=types&topic=" + topic + "&keyType=" + type + "&valType=" + type)) {
                socket.send("{\"key\":{\"value\":" + entry.getValue() + ",\"format\":\"" + type + "\"},"
                        + "\"value\":{\"value\":" + entry.getValue() + ",\"format\":\"" + type + "\"},"
                        + "\"messageId\":\"" + type + "\"}");
                JsonNode result = socket.next();
                assertEquals(type, result.get("messageId").asText(), result.toString());
                assertTrue(result.has("offset"), result.toString());
                offsets.put(type, result.get("offset").asLong());
            }
        }
        Map<Long, ConsumerRecord<byte[], byte[]>> landed = byOffset(topic);
        for (String type : values.keySet()) {
            ConsumerRecord<byte[], byte[]> record = landed.get(offsets.get(type));
            assertArrayEquals(expected.get(type), record.value(), type);
            assertArrayEquals(expected.get(type), record.key(), type + " key");
        }
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsRefusedNotGuessed() throws Exception {
        String topic = "ws-misfits";
        cluster.connect.kafka().createTopic(topic, 1);
        String[][] misfits = {
                {"int", "\"12\""}, {"int", "1.5"}, {"int", "2147483648"}, {"short", "40000"},
                {"long", "1e30"}, {"float", "1e300"}, {"string", "5"}, {"bytearray", "\"not base64!\""},
                {"double", "\"NaN\""}};
        for (String[] misfit : misfits) {
            try (TestSocket socket = open("clientId=m&topic=" + topic + "&valType=" + misfit[0])) {
                socket.send("{\"value\":{\"value\":" + misfit[1] + "},\"messageId\":\"bad\"}");
                JsonNode error = socket.next();
                assertEquals("INVALID", error.get("outcome").asText(), String.join(" ", misfit));
                assertEquals("bad", error.get("messageId").asText());
                assertTrue(error.get("error").asText().contains(misfit[0]), error.toString());
            }
        }
        try (TestSocket socket = open("clientId=m&topic=" + topic + "&valType=int")) {
            socket.send("{\"value\":{\"value\":\"x\",\"format\":\"string\"},\"messageId\":\"contradicts\"}");
            assertTrue(socket.next().get("error").asText().contains("declares valType=int"));
        }
        assertTrue(cluster.consumeAll(topic).isEmpty(), "nothing that did not fit was written");
    }

    @Test
    void aThousandPipelinedMessagesAreAnsweredInOrderWithIncreasingOffsets() throws Exception {
        String topic = "ws-pipeline";
        cluster.connect.kafka().createTopic(topic, 3);
        int count = 1_000;
        List<JsonNode> results = new ArrayList<>();
        try (TestSocket socket = open("clientId=p&topic=" + topic + "&keyType=string")) {
            for (int i = 0; i < count; i++) {
                socket.send("{\"key\":{\"value\":\"k" + (i % 7) + "\"},\"value\":{\"value\":\"v" + i + "\"},"
                        + "\"messageId\":\"m" + i + "\"}");
            }
            for (int i = 0; i < count; i++) {
                results.add(socket.next());
            }
        }
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (int i = 0; i < count; i++) {
            JsonNode result = results.get(i);
            assertEquals("m" + i, result.get("messageId").asText(), "answers come in input order");
            int partition = result.get("partition").asInt();
            long offset = result.get("offset").asLong();
            Long previous = lastOffset.put(partition, offset);
            assertTrue(previous == null || offset > previous, "offsets increase per partition");
        }
        assertEquals(3, lastOffset.size(), "keys spread over the partitions");
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(count, landed.size());
        Set<String> values = new HashSet<>();
        landed.forEach(r -> values.add(utf8(r.value())));
        for (int i = 0; i < count; i++) {
            assertTrue(values.contains("v" + i));
        }
    }

    @Test
    void aMalformedFrameGetsAnErrorAndTheSocketStaysOpen() throws Exception {
        String topic = "ws-malformed";
        cluster.connect.kafka().createTopic(topic, 1);
        try (TestSocket socket = open("clientId=mal&topic=" + topic)) {
            socket.send("{not json");
            JsonNode error = socket.next();
            assertEquals("INVALID", error.get("outcome").asText());
            assertTrue(error.get("error").asText().startsWith("The frame is not valid JSON"), error.toString());
            socket.send("{\"value\":{\"value\":\"good\"},\"messageId\":\"after\"}");
            JsonNode result = socket.next();
            assertEquals("after", result.get("messageId").asText());
            assertEquals(0, result.get("offset").asLong());
            assertFalse(socket.closeCode.isDone());
        }
        assertEquals(List.of("good"), cluster.landedInOrder(topic));
    }

    @Test
    void aBinaryFrameOnAJsonSocketIsAnsweredThenClosedWith1003() throws Exception {
        cluster.connect.kafka().createTopic("ws-binary", 1);
        try (TestSocket socket = open("clientId=b&topic=ws-binary")) {
            socket.send(new byte[]{1, 2, 3});
            assertEquals("INVALID", socket.next().get("outcome").asText());
            assertEquals(1003, socket.closeCode.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theAvroWrapperRoundTrips() throws Exception {
        String topic = "ws-avro";
        cluster.connect.kafka().createTopic(topic, 1);
        GenericRecord header = new GenericData.Record(
                WrapperSchemas.PRODUCER_RECORD.getField("headers").schema().getTypes().get(1).getElementType());
        header.put("key", "source");
        header.put("value", "avro-client");
        GenericRecord wrapper = new GenericData.Record(WrapperSchemas.PRODUCER_RECORD);
        wrapper.put("key", "avro-key");
        wrapper.put("value", ByteBuffer.wrap(new byte[]{10, 20, 30}));
        wrapper.put("headers", List.of(header));
        wrapper.put("clientMessageId", "a-1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(WrapperSchemas.PRODUCER_RECORD).write(wrapper, encoder);
        encoder.flush();
        GenericRecord result;
        try (TestSocket socket = open("clientId=av&topic=" + topic + "&socketPayload=avro&keyType=string"
                + "&valType=avro")) {
            socket.send(out.toByteArray());
            byte[] frame = socket.nextBinary();
            result = new GenericDatumReader<GenericRecord>(WrapperSchemas.PRODUCER_RESULT)
                    .read(null, DecoderFactory.get().binaryDecoder(frame, null));
            socket.send(new byte[]{(byte) 0x99});
            assertEquals("INVALID", socket.next().get("outcome").asText(), "an undecodable frame gets an error");
        }
        assertEquals("a-1", result.get("clientMessageId").toString());
        assertEquals(topic, result.get("topic").toString());
        assertEquals(0L, result.get("offset"));
        ConsumerRecord<byte[], byte[]> record = cluster.consumeAll(topic).get(0);
        assertEquals("avro-key", utf8(record.key()));
        assertArrayEquals(new byte[]{10, 20, 30}, record.value());
        Header source = record.headers().lastHeader("source");
        assertEquals("avro-client", utf8(source.value()));
    }

    @Test
    void severalSocketsAtOnceEachGetTheirOwnAnswersInOrder() throws Exception {
        String topic = "ws-many";
        cluster.connect.kafka().createTopic(topic, 2);
        int sockets = 4;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(sockets);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                int id = s;
                answers.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (TestSocket socket = open("clientId=many-" + id + "&topic=" + topic)) {
                        for (int i = 0; i < each; i++) {
                            socket.send("{\"value\":{\"value\":\"s" + id + "-" + i + "\"},\"messageId\":\"s"
                                    + id + "-" + i + "\"}");
                        }
                        for (int i = 0; i < each; i++) {
                            ids.add(socket.next().get("messageId").asText());
                        }
                    }
                    return ids;
                }));
            }
            Set<String> expected = new HashSet<>();
            for (int s = 0; s < sockets; s++) {
                List<String> ids = answers.get(s).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < each; i++) {
                    assertEquals("s" + s + "-" + i, ids.get(i));
                    expected.add("s" + s + "-" + i);
                }
            }
            assertEquals(expected, cluster.landedValues(topic));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBrowserCanSendItsTokenAsASubprotocol() throws Exception {
        cluster.connect.kafka().createTopic("ws-browser", 1);
        HttpResponse<String> login = cluster.post(port, "/auth/authenticate", "application/json",
                "{\"username\":\"root\",\"connection_token\":\"memphis\"}");
        String token = JSON.readTree(login.body()).get("jwt").asText();
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=web&topic=ws-browser",
                Map.of(), "kgate", "bearer." + token)) {
            assertEquals("kgate", socket.socket.getSubprotocol(), "the token is not echoed back");
            socket.send("{\"value\":{\"value\":\"from a browser\"}}");
            assertEquals(0, socket.next().get("offset").asLong());
        }
        assertEquals(List.of("from a browser"), cluster.landedInOrder("ws-browser"));
        TestSocket.Refusal forged = TestSocket.upgrade(port, "/socket/in?clientId=web&topic=ws-browser",
                Map.of("Sec-WebSocket-Protocol", "kgate, bearer." + token + "x"));
        assertEquals(401, forged.status());
    }

    @Test
    void healthcheckClusterInfoAndAvroSchemas() throws Exception {
        HttpResponse<String> health = cluster.get(port, "/healthcheck");
        assertEquals(200, health.statusCode());
        assertEquals("{\"response\":\"I'm healthy\"}", health.body());

        HttpResponse<String> anonymous = cluster.get(port, "/kafka/cluster/info");
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> info = cluster.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/kafka/cluster/info"))
                .header("Authorization", BASIC.get("Authorization")).GET());
        assertEquals(200, info.statusCode(), info.body());
        JsonNode brokers = JSON.readTree(info.body());
        assertEquals(1, brokers.size());
        String bootstrap = cluster.connect.kafka().bootstrapServers();
        assertTrue(bootstrap.endsWith(":" + brokers.get(0).get("port").asInt()), bootstrap + " vs " + brokers);
        assertTrue(brokers.get(0).has("id") && brokers.get(0).has("host") && brokers.get(0).has("rack"));

        for (String[] schema : new String[][]{{"producer/record", "AvroProducerRecord"},
                {"producer/result", "AvroProducerResult"}, {"consumer/record", "AvroConsumerRecord"},
                {"consumer/commit", "AvroCommit"}}) {
            HttpResponse<String> response = cluster.get(port, "/schemas/avro/" + schema[0]);
            assertEquals(200, response.statusCode());
            JsonNode parsed = JSON.readTree(response.body());
            assertEquals(schema[1], parsed.get("name").asText());
            assertEquals("net.scalytica.kafka.wsproxy.avro", parsed.get("namespace").asText());
        }
    }

    @Test
    void aBytesOnlyConverterGetsBytesAndAStoppingTaskClosesItsSocketsWith1012() throws Exception {
        cluster.connect.kafka().createTopic("ws-bytes", 1);
        int bytesPort = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(bytesPort, 1, "ws-.*");
        cluster.startConnector("ws-bytes-only", props, 1);
        TestSocket socket = TestSocket.open(cluster.http, bytesPort, "/socket/in?clientId=b&topic=ws-bytes", Map.of());
        try {
            socket.send("{\"value\":{\"value\":\"text\"},\"messageId\":\"s\"}");
            JsonNode refused = socket.next();
            assertEquals("INVALID", refused.get("outcome").asText());
            assertTrue(refused.get("error").asText().contains("value.converter writes bytes only"), refused.toString());
            socket.send("{\"value\":{\"value\":\"AAE=\",\"format\":\"bytearray\"},\"messageId\":\"b\"}");
            assertEquals("b", socket.next().get("messageId").asText());

            cluster.connect.deleteConnector("ws-bytes-only");
            assertEquals(1012, socket.closeCode.get(30, TimeUnit.SECONDS), "reconnect: the task is gone");
        } finally {
            socket.close();
        }
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll("ws-bytes");
        assertEquals(1, landed.size());
        assertArrayEquals(new byte[]{0, 1}, landed.get(0).value());
    }

    @Test
    void restRoutesRefuseATopicThatDoesNotExist() throws Exception {
        HttpResponse<String> login = cluster.post(port, "/auth/authenticate", "application/json",
                "{\"username\":\"root\",\"connection_token\":\"memphis\"}");
        String token = JSON.readTree(login.body()).get("jwt").asText();
        HttpResponse<String> response = cluster.send(GatewayCluster.postRequest(port,
                GatewayCluster.singlePath("ws-no-such-station"), "text/plain", "x".getBytes())
                .header("Authorization", "Bearer " + token));
        assertEquals(404, response.statusCode());
        assertEquals("Topic 'ws-no-such-station' does not exist", JSON.readTree(response.body()).get("error").asText());
    }
}

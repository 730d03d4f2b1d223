package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.apicurio.registry.utils.converter.ExtJsonConverter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema registry harness with Connect's real converters: a running Apicurio Registry
 * ({@link SchemaRegistryServer}), a worker whose value converter is Apicurio's {@link AvroConverter} in Confluent's
 * framing, and Kafka clients that read back what was written: first the converters alone, then the gateway's own
 * {@code struct} station through the worker's AvroConverter and through the ExtJsonConverter.
 */
class SchemaRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "gateway";
    private static int port;
    private static int jsonPort;

    private static final Schema ORDER = SchemaBuilder.struct().name("dev.kgate.it.Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("placed", Timestamp.SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();
    private static final Date PLACED = new Date(1_764_590_400_123L);

    private static SchemaRegistryServer registry;
    private static GatewayCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        long begin = System.nanoTime();
        // One after the other: started side by side on 2 cores they are ready no sooner.
        registry = SchemaRegistryServer.start();
        Map<String, String> worker = new HashMap<>();
        worker.put("value.converter", AvroConverter.class.getName());
        avroConverterSettings().forEach((key, value) -> worker.put("value.converter." + key, value));
        cluster = new GatewayCluster(1, new Properties(), Map.of(), worker);
        port = GatewayCluster.freePort();
        cluster.startConnector(CONNECTOR, withOrderStation(GatewayCluster.connectorConfig(port, 1, "registry-.*")), 1);
        // The same station through Apicurio's ExtJsonConverter, set on the connector.
        jsonPort = GatewayCluster.freePort();
        Map<String, String> json = withOrderStation(GatewayCluster.connectorConfig(jsonPort, 1, "registry-.*"));
        json.put("value.converter", ExtJsonConverter.class.getName());
        json.put("value.converter.apicurio.registry.url", registry.url());
        json.put("value.converter.apicurio.registry.auto-register", "true");
        cluster.startConnector(CONNECTOR + "-json", json, 1);
        System.out.printf("schema registry: ready in %d ms; registry and cluster ready in %d ms%n",
                registry.startup().toMillis(), (System.nanoTime() - begin) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            System.out.printf("schema registry: resident %d MiB after the tests%n", registry.residentKiB() / 1024);
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Topics registry-orders* are a struct station of JSON, registry-proto* one of protobuf messages; the worker's
     * converter writes the values (none set here).
     */
    private static Map<String, String> withOrderStation(Map<String, String> props) {
        props.remove("value.converter");
        props.put("stations.rules", "orders,proto");
        props.put("stations.rule.proto.topics", "registry-proto.*");
        props.put("stations.rule.proto.protobuf.message", "shop.v1.Order");
        props.put("stations.rule.proto.protobuf.descriptor.file", ExampleOrders.DESCRIPTOR_SET.toString());
        props.put("stations.rule.proto.value", "struct");
        props.put("stations.rule.orders.topics", "registry-orders.*");
        props.put("stations.rule.orders.schema", ValueModesIT.ORDER_SCHEMA);
        props.put("stations.rule.orders.value", "struct");
        props.put("stations.rule.orders.value.schema.name", "shop.Order");
        return props;
    }

    /** Apicurio's AvroConverter as the worker's value converter: auto-registered schemas, Confluent's framing. */
    private static Map<String, String> avroConverterSettings() {
        return Map.of(
                "apicurio.registry.url", registry.url(),
                "apicurio.registry.auto-register", "true",
                // magic byte 0 and a 4-byte id, the id being the content id (what Confluent's schema id is)
                "apicurio.registry.as-confluent", "true",
                "apicurio.registry.use-id", "contentId");
    }

    /** A plain consumer's settings for Apicurio's Avro deserializer, matching the converter's framing. */
    private static Map<String, Object> avroConsumerSettings() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        props.put("apicurio.registry.url", registry.url());
        props.put("apicurio.registry.as-confluent", "true");
        props.put("apicurio.registry.use-id", "contentId");
        return props;
    }

    private static Struct order(long id, String note) {
        return new Struct(ORDER).put("id", id).put("customer", "c-" + id).put("note", note)
                .put("placed", PLACED).put("tags", List.of("a", "b" + id));
    }

    @Test
    void avroConverterRegistersTheStructsSchemaAndAPlainConsumerReadsTheTypedFields() throws Exception {
        String topic = "registry-avro";
        cluster.connect.kafka().createTopic(topic, 1);
        AvroConverter<Object> converter = new AvroConverter<>();
        converter.configure(new HashMap<>(avroConverterSettings()), false);

        byte[] first = converter.fromConnectData(topic, ORDER, order(1, "first"));
        byte[] second = converter.fromConnectData(topic, ORDER, order(2, null));

        // Confluent's framing: magic byte 0, then the 4-byte content id of the registered schema.
        String subject = topic + "-value";
        JsonNode metadata = registry.artifactMetadata(subject);
        assertEquals("AVRO", metadata.get("type").asText());
        assertEquals(0, first[0]);
        int id = ByteBuffer.wrap(first, 1, 4).getInt();
        assertEquals(metadata.get("contentId").asLong(), id);
        assertEquals(id, ByteBuffer.wrap(second, 1, 4).getInt());
        // The registry holds the schema, through both of its APIs, once for the two writes.
        assertTrue(registry.artifactIds().contains(subject), registry.artifactIds().toString());
        assertTrue(registry.subjects().contains(subject), registry.subjects().toString());
        assertEquals(1, registry.versionCount(subject));
        assertEquals(1, registry.subjectVersionCount(subject));
        JsonNode schema = JSON.readTree(registry.latestSchema(subject));
        assertEquals(JSON.readTree(registry.schemaByContentId(id)), schema);
        assertEquals(JSON.readTree(registry.latestSubjectSchema(subject)), schema);
        assertEquals("record", schema.get("type").asText());
        assertEquals("Order", schema.get("name").asText());
        List<String> fields = new ArrayList<>();
        schema.get("fields").forEach(f -> fields.add(f.get("name").asText()));
        assertEquals(List.of("id", "customer", "note", "placed", "tags"), fields);

        produce(topic, first, second);
        List<Object> values = consumeAll(topic, avroConsumerSettings(), 2);

        GenericRecord one = (GenericRecord) values.get(0);
        assertEquals(1L, one.get("id"));
        assertEquals("c-1", one.get("customer").toString());
        assertEquals("first", one.get("note").toString());
        // timestamp-millis without a logical-type conversion registered: epoch milliseconds as a long
        assertEquals(PLACED.getTime(), one.get("placed"));
        assertEquals(List.of("a", "b1"), strings(one.get("tags")));
        GenericRecord two = (GenericRecord) values.get(1);
        assertEquals(2L, two.get("id"));
        assertNull(two.get("note"));
        // And back into Connect through the converter.
        Struct back = (Struct) converter.toConnectData(topic, second).value();
        assertEquals(2L, back.getInt64("id"));
        assertNull(back.getString("note"));
        assertEquals(PLACED, back.get("placed"));
        assertEquals(List.of("a", "b2"), back.getArray("tags"));
        converter.close();
    }

    @Test
    void anEvolvedSchemaIsASecondVersionOfTheSubject() throws Exception {
        String topic = "registry-evolved";
        String subject = topic + "-value";
        AvroConverter<Object> converter = new AvroConverter<>();
        converter.configure(new HashMap<>(avroConverterSettings()), false);
        Schema evolved = SchemaBuilder.struct().name("dev.kgate.it.Order")
                .field("id", Schema.INT64_SCHEMA)
                .field("channel", SchemaBuilder.string().optional().defaultValue("web").build())
                .build();

        byte[] before = converter.fromConnectData(topic, ORDER, order(1, null));
        byte[] after = converter.fromConnectData(topic, evolved, new Struct(evolved).put("id", 2L));

        assertEquals(2, registry.versionCount(subject));
        assertEquals(2, registry.subjectVersionCount(subject));
        int beforeId = ByteBuffer.wrap(before, 1, 4).getInt();
        int afterId = ByteBuffer.wrap(after, 1, 4).getInt();
        assertNotEquals(beforeId, afterId);
        assertEquals(afterId, registry.artifactMetadata(subject).get("contentId").asLong());
        assertTrue(registry.latestSubjectSchema(subject).contains("\"channel\""));
        converter.close();
    }

    @Test
    void extJsonConverterRegistersTheConnectSchemaAndTheStructComesBack() throws Exception {
        String topic = "registry-json";
        String subject = topic + "-value";
        cluster.connect.kafka().createTopic(topic, 1);
        ExtJsonConverter converter = new ExtJsonConverter();
        // A mutable map: the converter writes into the one it is given (the worker's is mutable).
        converter.configure(new HashMap<>(Map.of(
                "apicurio.registry.url", registry.url(),
                "apicurio.registry.auto-register", "true")), false);

        byte[] written = converter.fromConnectData(topic, ORDER, order(7, "json"));

        // {"schemaId": <global id>, "payload": <the value as Connect's JsonConverter writes it>}
        JsonNode envelope = JSON.readTree(written);
        JsonNode metadata = registry.artifactMetadata(subject);
        assertEquals("KCONNECT", metadata.get("type").asText());
        assertEquals(metadata.get("globalId").asLong(), envelope.get("schemaId").asLong());
        assertEquals(7L, envelope.get("payload").get("id").asLong());
        assertEquals(PLACED.getTime(), envelope.get("payload").get("placed").asLong());
        JsonNode schema = JSON.readTree(registry.latestSchema(subject));
        assertEquals("struct", schema.get("type").asText());
        assertEquals("dev.kgate.it.Order", schema.get("name").asText());
        assertEquals(5, schema.get("fields").size());

        produce(topic, written);
        byte[] landed = cluster.consumeAll(topic).get(0).value();
        assertArrayEquals(written, landed);
        SchemaAndValue back = converter.toConnectData(topic, landed);
        Struct struct = (Struct) back.value();
        assertEquals(7L, struct.getInt64("id"));
        assertEquals("c-7", struct.getString("customer"));
        assertEquals("json", struct.getString("note"));
        assertEquals(PLACED, struct.get("placed"));
        assertEquals(List.of("a", "b7"), struct.getArray("tags"));
        assertEquals(Timestamp.LOGICAL_NAME, back.schema().field("placed").schema().name());
        converter.close();
    }

    @Test
    void theWorkersAvroConverterWritesTheGatewaysRecords() throws Exception {
        String topic = "registry-gateway";
        cluster.connect.kafka().createTopic(topic, 1);
        String body = "{\"message\": \"through the registry\"}";

        HttpResponse<String> response = cluster.post(port, GatewayCluster.singlePath(topic), "application/json", body);

        assertEquals(200, response.statusCode(), response.body());
        String subject = topic + "-value";
        assertEquals("[\"null\",\"bytes\"]", JSON.readTree(registry.latestSchema(subject)).toString());
        List<Object> values = consumeAll(topic, avroConsumerSettings(), 1);
        ByteBuffer value = (ByteBuffer) values.get(0);
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        assertEquals(body, new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void aStructStationsSchemaIsRegisteredAndAnAvroConsumerReadsTypedFields() throws Exception {
        String topic = "registry-orders";
        cluster.connect.kafka().createTopic(topic, 1);
        String order = "{\"id\": 42, \"total\": 9.5, \"placed\": \"2026-12-01T10:00:00Z\","
                + " \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]}";
        assertEquals(200, cluster.post(port, GatewayCluster.singlePath(topic), "application/json", order)
                .statusCode());
        assertEquals(200, cluster.post(port, GatewayCluster.singlePath(topic), "application/json",
                "{\"id\": 43, \"placed\": \"2026-12-02T10:00:00Z\"}").statusCode());

        // The registry holds the Avro form of the schema derived from the JSON Schema, once for both records.
        String subject = topic + "-value";
        assertEquals(1, registry.versionCount(subject));
        JsonNode avro = JSON.readTree(registry.latestSchema(subject));
        assertEquals("record", avro.get("type").asText());
        assertEquals("Order", avro.get("name").asText());
        assertEquals("shop", avro.get("namespace").asText());
        List<String> fields = new ArrayList<>();
        avro.get("fields").forEach(f -> fields.add(f.get("name").asText()));
        assertEquals(List.of("id", "total", "internal", "placed", "lines"), fields);
        assertEquals("\"long\"", avro.get("fields").get(0).get("type").toString(), "required integer: long");

        List<Object> values = consumeAll(topic, avroConsumerSettings(), 2);
        GenericRecord first = (GenericRecord) values.get(0);
        assertEquals(42L, first.get("id"));
        assertEquals(9.5, first.get("total"));
        assertNull(first.get("internal"));
        assertEquals(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), first.get("placed"),
                "timestamp-millis");
        GenericRecord line = (GenericRecord) ((List<?>) first.get("lines")).get(0);
        assertEquals("A-1", line.get("sku").toString());
        assertEquals(2L, line.get("qty"));
        assertNull(((GenericRecord) values.get(1)).get("total"));
    }

    @Test
    void aProtobufStationsStructIsRegisteredAsAvroAndReadBackTyped() throws Exception {
        String topic = "registry-proto";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> reply = cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic),
                "application/x-protobuf", ExampleOrders.order(42).toByteArray()));
        assertEquals(200, reply.statusCode(), reply.body());

        JsonNode avro = JSON.readTree(registry.latestSchema(topic + "-value"));
        assertEquals("Order", avro.get("name").asText());
        assertEquals("shop.v1", avro.get("namespace").asText());
        GenericRecord order = (GenericRecord) consumeAll(topic, avroConsumerSettings(), 1).get(0);
        assertEquals(42L, order.get("id"));
        assertEquals("ada", order.get("customer").toString());
        assertEquals(ExampleOrders.PLACED.toEpochMilli(), order.get("placed"), "timestamp-millis");
        GenericRecord line = (GenericRecord) ((List<?>) order.get("lines")).get(0);
        assertEquals("A-1", line.get("sku").toString());
        assertEquals(2, line.get("qty"), "int32 stays an Avro int");
        assertEquals("PLACED", order.get("status").toString());
        assertEquals("web", ((Map<?, ?>) order.get("tags")).entrySet().stream()
                .filter(e -> e.getKey().toString().equals("channel")).findFirst().orElseThrow().getValue().toString());
        assertEquals("4111", order.get("card").toString());
        assertNull(order.get("iban"));
        assertNull(order.get("discount"));
    }

    @Test
    void theExtJsonConverterRegistersTheStructStationsConnectSchema() throws Exception {
        String topic = "registry-orders-json";
        cluster.connect.kafka().createTopic(topic, 1);
        assertEquals(200, cluster.post(jsonPort, GatewayCluster.singlePath(topic), "application/json",
                "{\"id\": 7, \"placed\": \"2026-12-01T10:00:00Z\"}").statusCode());

        String subject = topic + "-value";
        JsonNode metadata = registry.artifactMetadata(subject);
        assertEquals("KCONNECT", metadata.get("type").asText());
        JsonNode schema = JSON.readTree(registry.latestSchema(subject));
        assertEquals("shop.Order", schema.get("name").asText());
        assertEquals("struct", schema.get("type").asText());
        JsonNode envelope = JSON.readTree(cluster.consumeAll(topic).get(0).value());
        assertEquals(metadata.get("globalId").asLong(), envelope.get("schemaId").asLong());
        assertEquals(7L, envelope.get("payload").get("id").asLong());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli(), envelope.get("payload").get("placed")
                .asLong());
    }

    private static void produce(String topic, byte[]... values) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.connect.kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }

    /** The values of partition 0 from the beginning, read by a plain consumer with these settings. */
    private static List<Object> consumeAll(String topic, Map<String, Object> settings, int expected) {
        List<Object> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], Object> consumer = new KafkaConsumer<>(settings)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], Object> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        assertEquals(expected, values.size(), "records read from " + topic);
        return values;
    }

    private static List<String> strings(Object array) {
        List<String> out = new ArrayList<>();
        ((List<?>) array).forEach(item -> out.add(item.toString()));
        return out;
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kgate.connect.convert.KafkaSerdeConverter;
import dev.kgate.http.ws.avro.WrapperSchemas;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /socket/out} on real Kafka: frames, commits and resumption, groups, rate, and no leaks. */
@ExtendWith(SharedGatewayCluster.class)
class WebSocketOutIT {

    private static final Map<String, String> BASIC = Map.of("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("root:memphis".getBytes(StandardCharsets.UTF_8)));

    private static GatewayCluster cluster;
    private static int port;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "out-.*");
        props.put("out.topics.allowed.regex", "out-.*");
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "root:memphis");
        props.put("auth.jwt.secret", "websocket-out-test-secret-of-32-bytes-at-least");
        props.put("key.converter", KafkaSerdeConverter.class.getName());
        props.put("value.converter", KafkaSerdeConverter.class.getName());
        cluster.startConnector("out", props, 1);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.connect.kafka().bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of("bootstrap.servers", cluster.connect.kafka().bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
    }

    private static void produce(String topic, int partition, String key, String value, String header)
            throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        if (header != null) {
            record.headers().add("source", header.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get();
    }

    private static TestSocket open(String query) {
        return TestSocket.open(cluster.http, port, "/socket/out?" + query, BASIC);
    }

    @Test
    void refusesBadRequestsBeforeTheUpgrade() throws Exception {
        cluster.connect.kafka().createTopic("out-refusals", 1);
        assertEquals(400, TestSocket.upgrade(port, "/socket/out?topic=out-refusals", BASIC).status());
        assertEquals(400, TestSocket.upgrade(port, "/socket/out?clientId=c", BASIC).status());
        assertEquals(400, TestSocket.upgrade(port, "/socket/out?clientId=c&topic=out-refusals&rate=0", BASIC).status());
        assertEquals(400, TestSocket.upgrade(port,
                "/socket/out?clientId=c&topic=out-refusals&offsetResetStrategy=middle", BASIC).status());
        TestSocket.Refusal notReadable = TestSocket.upgrade(port, "/socket/out?clientId=c&topic=elsewhere", BASIC);
        assertEquals(403, notReadable.status());
        assertTrue(notReadable.body().get("message").asText().contains("not open for reading"));
        assertEquals(404, TestSocket.upgrade(port, "/socket/out?clientId=c&topic=out-missing", BASIC).status());
        assertEquals(401, TestSocket.upgrade(port, "/socket/out?clientId=c&topic=out-refusals", Map.of()).status());
    }

    /**
     * Defect 13 of issue 9: a topic the gateway saw a moment ago (its existence is cached) and that is gone now is a
     * 404 in our words, not a 503 with Kafka's text; and a socket reading a topic that is deleted closes saying so.
     */
    @Test
    void aDeletedTopicIsA404BeforeTheUpgradeAndClosesAnOpenSocket() throws Exception {
        String topic = "out-deleted";
        cluster.connect.kafka().createTopic(topic, 1);
        produce(topic, 0, null, "d0", null);
        try (TestSocket reading = open("clientId=deleted-a&topic=" + topic)) {
            assertEquals("d0", reading.next().get("value").get("value").asText());
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            TestUtils.waitForCondition(() -> !admin.listTopics().names().get().contains(topic), 30_000,
                    "topic deleted");
            assertEquals(1011, reading.closeCode.get(60, TimeUnit.SECONDS));
            assertEquals("Topic '" + topic + "' was deleted", reading.closeReason);
        }
        TestSocket.Refusal refusal = TestSocket.upgrade(port, "/socket/out?clientId=deleted-b&topic=" + topic, BASIC);
        assertEquals(404, refusal.status(), String.valueOf(refusal.body()));
        assertEquals("Topic '" + topic + "' does not exist", refusal.body().get("message").asText());
        awaitConsumerClosed("deleted-a-group");
    }

    @Test
    void badParametersAndCommitIdsAreAnsweredInOurWords() throws Exception {
        String topic = "out-bad-ids";
        cluster.connect.kafka().createTopic(topic, 1);
        for (String query : new String[]{"batchSize=1073741824", "batchSize=0", "batchSize=-1", "batchSize=x",
                "rate=2147483648", "rate=1e3", "batchSize=5&batchSize=6"}) {
            TestSocket.Refusal refusal = TestSocket.upgrade(port, "/socket/out?clientId=bad&topic=" + topic + "&"
                    + query, BASIC);
            assertEquals(400, refusal.status(), query);
            assertTrue(refusal.body().get("message").asText().toLowerCase().contains("query parameter"),
                    refusal.body().toString());
        }
        produce(topic, 0, null, "t", null);
        String query = "clientId=ids&groupId=ids-group&topic=" + topic + "&autoCommit=false&batchSize=10000";
        try (TestSocket socket = open(query)) {
            socket.next();
            // The id of a record without a timestamp (-1, as other producers may write them) ends in "--1".
            String id = topic + "-0-0--1";
            socket.send("{\"wsProxyMessageId\":\"" + topic + "-0-0-x\"}");
            JsonNode malformed = socket.next();
            assertTrue(malformed.get("error").asText().startsWith("Malformed wsProxyMessageId"), malformed.toString());
            socket.send("{\"wsProxyMessageId\":" + "[".repeat(50_000) + "}");
            JsonNode deep = socket.next();
            assertFalse(deep.toString().contains("Constraints"), deep.toString());
            socket.send("{\"wsProxyMessageId\":\"" + id + "\"}");
            TestUtils.waitForCondition(() -> Long.valueOf(1L).equals(committed("ids-group", topic)), 15_000,
                    "the commit of " + id + " reached Kafka");
        }
    }

    @Test
    void fiveRecordsWithKeyValueAndHeaders() throws Exception {
        String topic = "out-five";
        cluster.connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < 5; i++) {
            produce(topic, 0, "k" + i, "v" + i, "h" + i);
        }
        try (TestSocket socket = open("clientId=five&topic=" + topic + "&keyType=string&valType=string")) {
            for (int i = 0; i < 5; i++) {
                JsonNode frame = socket.next();
                assertEquals(topic, frame.get("topic").asText());
                assertEquals(i, frame.get("offset").asLong());
                assertEquals(topic + "-0-" + i + "-" + frame.get("timestamp").asLong(),
                        frame.get("wsProxyMessageId").asText());
                assertEquals("k" + i, frame.get("key").get("value").asText());
                assertEquals("string", frame.get("key").get("format").asText());
                assertEquals("v" + i, frame.get("value").get("value").asText());
                assertEquals("h" + i, frame.get("headers").get(0).get("value").asText());
            }
        }
    }

    @Test
    void valueOnlyAndAvroFrames() throws Exception {
        String topic = "out-value";
        cluster.connect.kafka().createTopic(topic, 1);
        produce(topic, 0, "ignored-key", "{\"a\":1}", null);
        try (TestSocket socket = open("clientId=value&topic=" + topic + "&valType=json")) {
            JsonNode frame = socket.next();
            assertFalse(frame.has("key"), "no keyType, no key");
            assertEquals(1, frame.get("value").get("value").get("a").asInt(), "json values are JSON");
        }
        try (TestSocket socket = open("clientId=avro&topic=" + topic + "&socketPayload=avro&keyType=string")) {
            GenericRecord record = new GenericDatumReader<GenericRecord>(WrapperSchemas.CONSUMER_RECORD)
                    .read(null, DecoderFactory.get().binaryDecoder(socket.nextBinary(), null));
            assertEquals("ignored-key", record.get("key").toString());
            assertEquals("{\"a\":1}", record.get("value").toString());
            assertEquals(0L, record.get("offset"));
        }
    }

    @Test
    void manualCommitsAreWhereAReconnectingClientResumes() throws Exception {
        String topic = "out-manual";
        cluster.connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < 10; i++) {
            produce(topic, 0, null, "m" + i, null);
        }
        String query = "clientId=manual&groupId=manual-group&topic=" + topic + "&autoCommit=false";
        try (TestSocket socket = open(query)) {
            List<JsonNode> frames = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                frames.add(socket.next());
            }
            socket.send("{\"wsProxyMessageId\":\"" + frames.get(3).get("wsProxyMessageId").asText() + "\"}");
            socket.send("{\"wsProxyMessageId\":\"" + topic + "-0-99-1\"}");
            JsonNode unknown = socket.next();
            assertTrue(unknown.get("error").asText().startsWith("Unknown wsProxyMessageId"), unknown.toString());
            socket.send("{\"nonsense\":true}");
            assertTrue(socket.next().has("error"));
            TestUtils.waitForCondition(() -> committed("manual-group", topic) == 4L, 15_000,
                    "the client's commit reached Kafka");
        }
        awaitGroupEmpty("manual-group");
        try (TestSocket socket = open(query)) {
            assertEquals(4, socket.next().get("offset").asLong(), "resumes after the last commit");
        }
    }

    @Test
    void autoCommitCommitsWhatWasDelivered() throws Exception {
        String topic = "out-auto";
        cluster.connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < 6; i++) {
            produce(topic, 0, null, "a" + i, null);
        }
        try (TestSocket socket = open("clientId=auto&groupId=auto-group&topic=" + topic)) {
            for (int i = 0; i < 6; i++) {
                socket.next();
            }
            TestUtils.waitForCondition(() -> committed("auto-group", topic) == 6L, 15_000,
                    "delivered offsets committed");
        }
    }

    @Test
    void socketsOfOneGroupSplitThePartitionsAndTheGroupIsBounded() throws Exception {
        String topic = "out-split";
        cluster.connect.kafka().createTopic(topic, 2);
        String group = "split-group";
        try (TestSocket a = open("clientId=a&groupId=" + group + "&topic=" + topic);
             TestSocket b = open("clientId=b&groupId=" + group + "&topic=" + topic)) {
            TestUtils.waitForCondition(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                return description.members().size() == 2 && description.members().stream()
                        .allMatch(m -> m.assignment().topicPartitions().size() == 1);
            }, 30_000, "both sockets hold a partition");
            TestSocket.Refusal third = TestSocket.upgrade(port, "/socket/out?clientId=c&groupId=" + group
                    + "&topic=" + topic, BASIC);
            assertEquals(409, third.status());
            TestSocket.Refusal again = TestSocket.upgrade(port, "/socket/out?clientId=a&groupId=" + group
                    + "&topic=" + topic, BASIC);
            assertEquals(409, again.status());
            assertTrue(again.body().get("message").asText().contains("already connected"));
            for (int i = 0; i < 10; i++) {
                produce(topic, i % 2, null, "s" + i, null);
            }
            Set<Integer> partitionsOfA = new HashSet<>();
            Set<Integer> partitionsOfB = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                partitionsOfA.add(a.next().get("partition").asInt());
                partitionsOfB.add(b.next().get("partition").asInt());
            }
            assertEquals(1, partitionsOfA.size());
            assertEquals(1, partitionsOfB.size());
            assertFalse(partitionsOfA.equals(partitionsOfB), "each socket reads its own partition");
        }
    }

    @Test
    void rateHoldsWithinTenPercent() throws Exception {
        String topic = "out-rate";
        cluster.connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < 400; i++) {
            producer.send(new ProducerRecord<>(topic, 0, null, ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        int rate = 50;
        try (TestSocket socket = open("clientId=rate&topic=" + topic + "&rate=" + rate + "&batchSize=10")) {
            socket.next();
            long start = System.nanoTime();
            int received = 0;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
                if (socket.texts.poll(50, TimeUnit.MILLISECONDS) != null) {
                    received++;
                }
            }
            double measured = received / ((System.nanoTime() - start) / 1e9);
            assertTrue(Math.abs(measured - rate) <= rate * 0.10, "measured " + measured + " records/s for rate " + rate);
        }
    }

    @Test
    void connectAndDisconnect200TimesLeavesThreadsAndHeapFlat() throws Exception {
        String topic = "out-cycles";
        cluster.connect.kafka().createTopic(topic, 1);
        produce(topic, 0, null, "x", null);
        // Warm up class loading and pools before measuring.
        // One client reconnecting, as a flaky browser would: the same group, not 200 new ones on the broker.
        String query = "clientId=cycle&groupId=cycle-group&topic=" + topic;
        try (TestSocket socket = open(query)) {
            socket.next();
        }
        awaitLeft("cycle-group");
        for (int i = 0; i < 5; i++) {
            open(query).close();
            awaitLeft("cycle-group");
        }
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < 200; i++) {
            // Each open is a consumer created and checked against the cluster before the upgrade; the same
            // client id is taken again only once the server has closed the previous socket's consumer.
            open(query).close();
            awaitLeft("cycle-group");
        }
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapAfter = usedHeapAfterGc();
        System.out.printf("200 connect/disconnect cycles: threads %d -> %d, heap after GC %d -> %d KiB%n",
                threadsBefore, threadsAfter, heapBefore / 1024, heapAfter / 1024);
        assertTrue(threadsAfter <= threadsBefore + 3, "threads " + threadsBefore + " -> " + threadsAfter);
        assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024, "heap grew by " + (heapAfter - heapBefore) / 1024
                + " KiB over 200 cycles");
    }

    /** Readers share a pool of threads; the consumer's own thread (its group heartbeat) ends when it is closed. */
    private static void awaitConsumerClosed(String group) throws InterruptedException {
        TestUtils.waitForCondition(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("kafka-coordinator-heartbeat-thread | " + group)), 30_000,
                "the consumer of group " + group + " closed");
    }

    /**
     * The socket's consumer closed and left its group. The heartbeat thread ends first in a close, before the
     * consumer leaves: until it has, the next socket of the same client finds its old self among the members (409).
     */
    private static void awaitLeft(String group) throws InterruptedException {
        awaitConsumerClosed(group);
        awaitGroupEmpty(group);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static Long committed(String group, String topic) throws Exception {
        var offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topic, 0));
        return offset == null ? null : offset.offset();
    }

    private static void awaitGroupEmpty(String group) throws InterruptedException {
        TestUtils.waitForCondition(() -> admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                .members().isEmpty(), 30_000, "the closed socket left its group");
    }
}

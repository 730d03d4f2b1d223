package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Exactly-once source support on real workers: records go out in transactions, and a client is acknowledged only
 * once the transaction holding its record has committed, so read_committed consumers see exactly the acknowledged
 * records.
 */
class ExactlyOnceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that a record sits in an open transaction while the test looks. */
    private static final long TRANSACTION_MS = 3_000;
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        // One broker: the transaction log must make do with one replica, or no transaction ever starts.
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        cluster = new GatewayCluster(1, broker, Map.of(), Map.of("exactly.once.source.support", "enabled"));
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "eos-.*");
        props.put("exactly.once.support", "required");
        props.put("transaction.boundary", "interval");
        props.put("transaction.boundary.interval.ms", String.valueOf(TRANSACTION_MS));
        props.put("ack.timeout.ms", "20000");
        props.remove("producer.override.max.in.flight.requests.per.connection");
        cluster.startConnector("eos", props, 1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClientIsAnsweredOnlyOnceItsRecordsTransactionCommitted() throws Exception {
        String topic = "eos-orders";
        cluster.connect.kafka().createTopic(topic, 1);
        CompletableFuture<HttpResponse<String>> reply = cluster.postAsync(port, GatewayCluster.singlePath(topic),
                "application/json", "{\"order\": 1}".getBytes(StandardCharsets.UTF_8));

        // The record reaches the log inside an open transaction: visible to read_uncommitted only, no answer yet.
        List<ConsumerRecord<byte[], byte[]>> uncommitted = read(topic, "read_uncommitted", 1, Duration.ofSeconds(10));
        assertEquals(1, uncommitted.size());
        assertFalse(reply.isDone(), "answered before the transaction committed");
        assertEquals(0, read(topic, "read_committed", 1, Duration.ofMillis(300)).size());

        HttpResponse<String> answer = reply.get();
        assertEquals(200, answer.statusCode(), answer.body());
        List<ConsumerRecord<byte[], byte[]>> committed = read(topic, "read_committed", 1, Duration.ofSeconds(10));
        assertEquals(1, committed.size(), "visible to read_committed once acknowledged");
        assertEquals(committed.get(0).offset(), JSON.readTree(answer.body()).get("offset").asLong());
    }

    @Test
    void readCommittedConsumersSeeExactlyTheAcknowledgedRecords() throws Exception {
        String topic = "eos-many";
        cluster.connect.kafka().createTopic(topic, 1);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(cluster.postAsync(port, GatewayCluster.singlePath(topic), "application/json",
                    ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        List<Long> acknowledged = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> answer = reply.get();
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode body = JSON.readTree(answer.body());
            acknowledged.add(body.get("offset").asLong());
        }
        List<Long> visible = read(topic, "read_committed", 50, Duration.ofSeconds(15)).stream()
                .map(ConsumerRecord::offset).toList();
        assertEquals(acknowledged.stream().sorted().toList(), visible);
    }

    /** Records of partition 0 from the beginning, as a consumer with this isolation level sees them. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation, int wanted,
                                                              Duration within) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.connect.kafka().bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + within.toNanos();
            while (records.size() < wanted && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}

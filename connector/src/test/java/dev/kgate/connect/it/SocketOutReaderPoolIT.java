package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /socket/out} readers on the worker's shared pool of reader threads, here two of them
 * ({@code out.reader.threads=2}): fifty sockets read and commit each their own, on those two threads only, and a
 * client that reads nothing neither holds up the others nor loses its place in its group. Its own cluster, so that
 * the worker's pool is this connector's alone (the pool grows to the largest setting of the worker's connectors).
 */
class SocketOutReaderPoolIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READER_THREADS = 2;
    private static final int SOCKETS = 50;
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_PARTITION = 20;

    private static GatewayCluster cluster;
    private static int port;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(1, new Properties(), Map.of());
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "pool-.*");
        props.put("out.topics.allowed.regex", "pool-.*");
        props.put("out.reader.threads", String.valueOf(READER_THREADS));
        cluster.startConnector("pool", props, 1);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.connect.kafka().bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of("bootstrap.servers", cluster.connect.kafka().bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void produce(String topic, int partition, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
    }

    private static TestSocket open(String query) {
        return TestSocket.open(cluster.http, port, "/socket/out?" + query, Map.of());
    }

    @Test
    void fiftySocketsOnTwoThreadsEachReadEveryRecordInOrderAndCommitIt() throws Exception {
        String topic = "pool-fifty";
        cluster.connect.kafka().createTopic(topic, PARTITIONS);
        for (int i = 0; i < PARTITIONS * RECORDS_PER_PARTITION; i++) {
            produce(topic, i % PARTITIONS, ("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        producer.flush();
        int threadsBefore = Thread.activeCount();
        // (Other test classes' workers in this JVM have pools of their own, with the same thread names.)
        int readersBefore = readerThreads();
        List<TestSocket> sockets = new ArrayList<>();
        try {
            // Each socket in a group of its own, so that each reads every partition; one in five commits by itself.
            for (int i = 0; i < SOCKETS; i++) {
                sockets.add(open("clientId=fifty-" + i + "&groupId=fifty-" + i + "&topic=" + topic
                        + (manual(i) ? "&autoCommit=false" : "")));
            }
            for (int i = 0; i < SOCKETS; i++) {
                TestSocket socket = sockets.get(i);
                long[] nextOffset = new long[PARTITIONS];
                String[] lastIds = new String[PARTITIONS];
                for (int n = 0; n < PARTITIONS * RECORDS_PER_PARTITION; n++) {
                    JsonNode frame = socket.next();
                    int partition = frame.get("partition").asInt();
                    assertEquals(nextOffset[partition]++, frame.get("offset").asLong(), "in order, none missing");
                    lastIds[partition] = frame.get("wsProxyMessageId").asText();
                }
                if (manual(i)) {
                    for (String id : lastIds) {
                        socket.send("{\"wsProxyMessageId\":\"" + id + "\"}");
                    }
                }
            }
            int readersAdded = readerThreads() - readersBefore;
            assertTrue(readersAdded <= READER_THREADS, "reader threads added: " + readersAdded);
            int kafkaThreads = heartbeatThreads("fifty-");
            assertEquals(SOCKETS, kafkaThreads, "Kafka's consumer has a heartbeat thread per group member");
            System.out.printf("%d sockets: %d reader thread(s) of ours added, %d heartbeat thread(s) of Kafka's"
                    + " consumers, threads in this JVM %d -> %d%n", SOCKETS, readersAdded, kafkaThreads,
                    threadsBefore, Thread.activeCount());
            for (int i = 0; i < SOCKETS; i++) {
                String group = "fifty-" + i;
                TestUtils.waitForCondition(() -> committedTotal(group, topic) == PARTITIONS * RECORDS_PER_PARTITION,
                        30_000, "group " + group + " committed every record it was sent");
            }
        } finally {
            sockets.forEach(TestSocket::close);
        }
        TestUtils.waitForCondition(() -> heartbeatThreads("fifty-") == 0, 60_000, "every consumer closed");
    }

    private static boolean manual(int socket) {
        return socket % 5 == 0;
    }

    /**
     * A client that takes none of its frames fills its connection's output bound; its reader then pauses its
     * partition (it stays in its group) and waits, while the other sockets on the same two threads read on. Once
     * the client reads, it gets everything in order.
     */
    @Test
    void aClientThatReadsNothingHoldsUpNoOtherSocketAndKeepsItsPartition() throws Exception {
        String slowTopic = "pool-slow";
        String topic = "pool-others";
        cluster.connect.kafka().createTopic(slowTopic, 1);
        cluster.connect.kafka().createTopic(topic, 1);
        byte[] large = new byte[100_000];
        Arrays.fill(large, (byte) 'x');
        int largeRecords = 200;
        for (int i = 0; i < largeRecords; i++) {
            produce(slowTopic, 0, large);
        }
        producer.flush();
        try (RawWebSocket slow = RawWebSocket.open(port, "/socket/out?clientId=slow&groupId=slow&topic=" + slowTopic)) {
            // 20 MB sent at a client that reads nothing: more than the socket's buffers and the output bound hold.
            TestUtils.waitForCondition(() -> assignedPartitions("slow") == 1, 30_000, "the slow socket joined");
            List<TestSocket> others = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    others.add(open("clientId=other-" + i + "&groupId=other-" + i + "&topic=" + topic));
                }
                for (int round = 0; round < 3; round++) {
                    produce(topic, 0, ("o" + round).getBytes(StandardCharsets.UTF_8));
                    producer.flush();
                    for (TestSocket other : others) {
                        assertEquals("o" + round, other.next().get("value").get("value").asText());
                    }
                }
            } finally {
                others.forEach(TestSocket::close);
            }
            assertEquals(1, assignedPartitions("slow"), "the waiting reader is still its group's member");
            Long committedWhileStuck = committed("slow", slowTopic, 0);
            assertTrue(committedWhileStuck == null || committedWhileStuck < largeRecords,
                    "only what reached the network is committed: " + committedWhileStuck);
            for (int i = 0; i < largeRecords; i++) {
                RawWebSocket.Frame frame = slow.read();
                assertEquals(1, frame.opcode(), "frame " + i);
                assertEquals(i, JSON.readTree(frame.payload()).get("offset").asLong());
            }
            TestUtils.waitForCondition(() -> Long.valueOf(largeRecords).equals(committed("slow", slowTopic, 0)),
                    30_000, "everything the client read is committed");
        }
    }

    /** The pool's threads: {@code kgate-reader-<n>}, not the threads that open or close readers. */
    private static int readerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().matches("kgate-reader-\\d+")).count();
    }

    /** Kafka's consumer of a group runs a heartbeat thread named after the group. */
    private static int heartbeatThreads(String groupPrefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("kafka-coordinator-heartbeat-thread | " + groupPrefix))
                .count();
    }

    private static int assignedPartitions(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
    }

    private static long committedTotal(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get());
        Set<TopicPartition> ofTopic = offsets.keySet().stream().filter(p -> p.topic().equals(topic))
                .collect(Collectors.toSet());
        return ofTopic.stream().mapToLong(p -> offsets.get(p).offset()).sum();
    }

    private static Long committed(String group, String topic, int partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topic, partition));
        return offset == null ? null : offset.offset();
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Posting single messages to a connector with two tasks on one worker, checked against what landed in Kafka. */
@ExtendWith(SharedGatewayCluster.class)
class ProduceSingleIT {

    private static final String CONNECTOR = "produce-single";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 2, "single-.*|filtered-.*");
        // Records for filtered-* topics are dropped by a transform: Connect calls commitRecord(record, null).
        props.put("transforms", "dropFiltered");
        props.put("transforms.dropFiltered.type", "org.apache.kafka.connect.transforms.Filter");
        props.put("transforms.dropFiltered.predicate", "isFiltered");
        props.put("predicates", "isFiltered");
        props.put("predicates.isFiltered.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        props.put("predicates.isFiltered.pattern", "filtered-.*");
        cluster.startConnector(CONNECTOR, props, 2);
    }

    @Test
    void postedMessageLandsWithTheOffsetTheReplyGave() throws Exception {
        String topic = "single-landed";
        cluster.connect.kafka().createTopic(topic, 3);
        String body = "{\"message\": \"New Message\"}";

        HttpResponse<String> response = cluster.post(port, GatewayCluster.singlePath(topic),
                "application/json", body);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertTrue(reply.get("success").asBoolean());
        assertTrue(reply.get("error").isNull());
        assertEquals(topic, reply.get("topic").asText());
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(1, landed.size());
        ConsumerRecord<byte[], byte[]> record = landed.get(0);
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), record.value());
        assertEquals(record.partition(), reply.get("partition").asInt());
        assertEquals(record.offset(), reply.get("offset").asLong());
        assertEquals(record.timestamp(), reply.get("timestamp").asLong());
    }

    @Test
    void bothTasksShareThePortAndTakeTraffic() throws Exception {
        String topic = "single-two-tasks";
        cluster.connect.kafka().createTopic(topic, 2);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(cluster.postAsync(port, GatewayCluster.singlePath(topic), "text/plain",
                    ("message " + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertEquals(200, reply.join().statusCode(), reply.join().body());
        }
        assertEquals(200, cluster.consumeAll(topic).size());
        // Each task's own poll counter, from Connect's metrics: both handed records to Kafka.
        assertTrue(recordsPolledByTask(0) > 0, "task 0 took no traffic");
        assertTrue(recordsPolledByTask(1) > 0, "task 1 took no traffic");
    }

    @Test
    void invalidTopicIs400DisallowedIs403AndNothingIsWritten() throws Exception {
        String tooLong = "single-" + "x".repeat(250);
        for (String station : List.of("bad%20name", "single-caf%C3%A9", tooLong, "not-allowed", "..")) {
            HttpResponse<String> response = cluster.post(port, GatewayCluster.singlePath(station),
                    "text/plain", "hello");
            assertEquals(station.equals("not-allowed") ? 403 : 400, response.statusCode(),
                    station + ": " + response.body());
            JsonNode reply = JSON.readTree(response.body());
            assertFalse(reply.get("success").asBoolean());
            assertFalse(reply.get("error").asText().isEmpty());
        }
        assertTrue(cluster.connect.kafka().describeTopics("not-allowed").get("not-allowed").isEmpty(),
                "a refused station must not be written (nor auto-created)");
    }

    @Test
    void recordDroppedByTransformIsReportedNotWritten() throws Exception {
        String topic = "filtered-out";
        cluster.connect.kafka().createTopic(topic, 1);

        HttpResponse<String> response = cluster.post(port, GatewayCluster.singlePath(topic),
                "text/plain", "dropped");

        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains("not written"), response.body());
        assertEquals(0, cluster.consumeAll(topic).size());
    }

    @Test
    void emptyBodyAndUnknownContentTypeAreRefused() throws Exception {
        String topic = "single-refused";
        cluster.connect.kafka().createTopic(topic, 1);
        assertEquals(400, cluster.post(port, GatewayCluster.singlePath(topic), "text/plain", "")
                .statusCode());
        assertEquals(415, cluster.post(port, GatewayCluster.singlePath(topic), "application/xml", "<a/>")
                .statusCode());
        assertEquals(404, cluster.post(port, "/nowhere", "text/plain", "x").statusCode());
        assertEquals(0, cluster.consumeAll(topic).size());
    }

    private static long recordsPolledByTask(int task) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("kafka.connect:type=source-task-metrics,connector=" + CONNECTOR
                + ",task=" + task);
        return ((Number) server.getAttribute(name, "source-record-poll-total")).longValue();
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with an Idempotency-Key on a real worker: one record in the topic however often a client retries. */
@ExtendWith(SharedGatewayCluster.class)
class IdempotencyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ACK_TIMEOUT_MS = 1_000;
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        // Two tasks share the listener, so retries land on either: the table of keys is the worker's.
        Map<String, String> props = GatewayCluster.connectorConfig(port, 2, "idem-.*");
        props.put("ack.timeout.ms", String.valueOf(ACK_TIMEOUT_MS));
        // Records to idem-slow-* take longer than a client waits: their first attempt is answered 504.
        props.put("transforms", "slow");
        props.put("transforms.slow.type", SlowTransform.class.getName());
        props.put("transforms.slow.sleep.ms", String.valueOf(ACK_TIMEOUT_MS * 3 / 2));
        props.put("transforms.slow.predicate", "isSlow");
        props.put("predicates", "isSlow");
        props.put("predicates.isSlow.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        props.put("predicates.isSlow.pattern", "idem-slow.*");
        cluster.startConnector("idempotent", props, 2);
    }

    private static HttpResponse<String> post(String topic, String key, String body) throws Exception {
        return cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(topic), "application/json",
                body.getBytes(StandardCharsets.UTF_8)).header("Idempotency-Key", key));
    }

    @Test
    void aRetryAfterA504GetsTheFirstAttemptsOffsetAndWritesNothingMore() throws Exception {
        String topic = "idem-slow";
        cluster.connect.kafka().createTopic(topic, 1);
        HttpResponse<String> first = post(topic, "order-42", "{\"order\": 42}");
        assertEquals(504, first.statusCode(), first.body());

        // As a client would: retry with the same key while the outcome is unknown. Each retry waits for the first
        // attempt's acknowledgement (up to ack.timeout.ms), and none writes.
        HttpResponse<String> retry = post(topic, "order-42", "{\"order\": 42}");
        for (int attempt = 0; retry.statusCode() == 504 && attempt < 5; attempt++) {
            retry = post(topic, "order-42", "{\"order\": 42}");
        }
        assertEquals(200, retry.statusCode(), "the first attempt's acknowledgement: " + retry.body());
        HttpResponse<String> again = post(topic, "order-42", "{\"order\": 42}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(JSON.readTree(retry.body()).get("offset"), JSON.readTree(again.body()).get("offset"));

        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(1, landed.size(), "written once");
        assertEquals(JSON.readTree(retry.body()).get("offset").asLong(), landed.get(0).offset());
        assertEquals("order-42", new String(landed.get(0).headers().lastHeader("Idempotency-Key").value(),
                StandardCharsets.UTF_8), "the key travels with the record");
    }

    @Test
    void aKeyIsPerStationAndCannotBeReusedForAnotherMessage() throws Exception {
        String topic = "idem-fast";
        cluster.connect.kafka().createTopic(topic, 1);
        cluster.connect.kafka().createTopic("idem-other", 1);
        assertEquals(200, post(topic, "k-1", "{\"a\": 1}").statusCode());
        HttpResponse<String> reused = post(topic, "k-1", "{\"a\": 2}");
        assertEquals(422, reused.statusCode());
        assertTrue(reused.body().contains("was used for a different message"), reused.body());
        assertEquals(200, post("idem-other", "k-1", "{\"a\": 2}").statusCode(), "another station, another key");
        assertEquals(400, post(topic, "has space", "{\"a\": 3}").statusCode());
        HttpResponse<String> batch = cluster.send(GatewayCluster.postRequest(port, "/stations/" + topic
                + "/produce/batch", "application/json", "[{\"a\": 4}]".getBytes(StandardCharsets.UTF_8))
                .header("Idempotency-Key", "b-1"));
        assertEquals(400, batch.statusCode());
        assertTrue(batch.body().contains("batches are not deduplicated"), batch.body());
        assertEquals(1, cluster.consumeAll(topic).size());
        assertEquals(1, cluster.consumeAll("idem-other").size());
    }

    @Test
    void aRepeatedSocketFrameIsAnsweredWithTheFirstResult() throws Exception {
        String topic = "idem-socket";
        cluster.connect.kafka().createTopic(topic, 1);
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=c&topic=" + topic,
                Map.of())) {
            String frame = "{\"value\": {\"value\": \"aGVsbG8=\", \"format\": \"bytearray\"}, \"messageId\": \"m\","
                    + " \"idempotencyKey\": \"s-1\"}";
            socket.send(frame);
            JsonNode first = socket.next();
            socket.send(frame);
            JsonNode repeat = socket.next();
            assertTrue(first.has("offset"), first.toString());
            assertEquals(first.get("offset"), repeat.get("offset"), repeat.toString());
            socket.send("{\"value\": {\"value\": \"Ynll\", \"format\": \"bytearray\"}, \"messageId\": \"n\","
                    + " \"idempotencyKey\": \"s-1\"}");
            JsonNode reused = socket.next();
            assertEquals("INVALID", reused.get("outcome").asText(), reused.toString());
        }
        List<ConsumerRecord<byte[], byte[]>> landed = cluster.consumeAll(topic);
        assertEquals(1, landed.size());
        assertEquals("s-1", new String(landed.get(0).headers().lastHeader("Idempotency-Key").value(),
                StandardCharsets.UTF_8));
    }
}

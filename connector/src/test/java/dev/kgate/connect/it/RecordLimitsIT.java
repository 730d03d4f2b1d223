package dev.kgate.connect.it;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records Kafka would refuse, on a real broker: over the producer's max.request.size, over a topic's own
 * max.message.bytes, and one only the producer can find too large (the converter makes it bigger). None is
 * acknowledged, none fails a task, and the next client is served.
 */
@ExtendWith(SharedGatewayCluster.class)
class RecordLimitsIT {

    private static GatewayCluster cluster;
    private static int bytesPort;
    private static int jsonPort;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        bytesPort = GatewayCluster.freePort();
        cluster.startConnector("limits", GatewayCluster.connectorConfig(bytesPort, 1, "limits-.*"), 1);
        // JsonConverter writes bytes as base64 inside an envelope: a third larger than what the front measured.
        jsonPort = GatewayCluster.freePort();
        Map<String, String> json = GatewayCluster.connectorConfig(jsonPort, 1, "converted-.*");
        json.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        json.put("value.converter.schemas.enable", "true");
        json.put("producer.override.max.request.size", "20000");
        cluster.startConnector("converted", json, 1);
    }

    private static String body(int bytes) {
        char[] text = new char[bytes];
        Arrays.fill(text, 'r');
        return new String(text);
    }

    private static void assertTaskRunning(String connector) {
        ConnectorStateInfo state = cluster.connect.connectorStatus(connector);
        assertEquals("RUNNING", state.tasks().get(0).state(), "task state: " + state.tasks().get(0).trace());
    }

    @Test
    void aBodyOverTheProducersLimitIs413AndTheTaskLivesOn() throws Exception {
        String topic = "limits-producer";
        cluster.connect.kafka().createTopic(topic, 1);
        for (int size : new int[]{1_100_000, 2_200_000, 3_500_000}) {
            HttpResponse<String> response = cluster.post(bytesPort, GatewayCluster.singlePath(topic), "text/plain",
                    body(size));
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(response.body().contains("Kafka takes at most"), response.body());
        }
        HttpResponse<String> socketAnswer = cluster.post(bytesPort, "/stations/" + topic + "/produce/batch",
                "application/json", "[\"small\",\"" + body(1_100_000) + "\"]");
        assertEquals(400, socketAnswer.statusCode(), socketAnswer.body());
        assertTrue(socketAnswer.body().contains("\"sent\":1"), socketAnswer.body());
        assertEquals(200, cluster.post(bytesPort, GatewayCluster.singlePath(topic), "text/plain", "after")
                .statusCode());
        assertEquals(2, cluster.consumeAll(topic).size(), "the batch's small message and the last one");
        assertTaskRunning("limits");
    }

    @Test
    void aTopicsOwnMaxMessageBytesIsRespected() throws Exception {
        String topic = "limits-small-topic";
        cluster.connect.kafka().createTopic(topic, 1, 1, Map.of("max.message.bytes", "5000"));
        HttpResponse<String> refused = cluster.post(bytesPort, GatewayCluster.singlePath(topic), "text/plain",
                body(6_000));
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals(200, cluster.post(bytesPort, GatewayCluster.singlePath(topic), "text/plain", body(3_000))
                .statusCode());
        assertEquals(1, cluster.consumeAll(topic).size());
        assertTaskRunning("limits");
    }

    @Test
    void aRecordOnlyTheProducerFindsTooLargeIsAnsweredNotWrittenAndTheTaskLivesOn() throws Exception {
        String topic = "converted-grown";
        cluster.connect.kafka().createTopic(topic, 1);
        // 16,000 bytes pass the front (20,000 less overhead); base64 makes them ~21,400 for the producer.
        HttpResponse<String> grown = cluster.post(jsonPort, GatewayCluster.singlePath(topic), "text/plain",
                body(16_000));
        assertEquals(422, grown.statusCode(), grown.body());
        assertTrue(grown.body().contains("not written"), grown.body());
        HttpResponse<String> next = cluster.post(jsonPort, GatewayCluster.singlePath(topic), "text/plain", "next");
        assertEquals(200, next.statusCode(), next.body());
        assertEquals(1, cluster.consumeAll(topic).size());
        assertTrue(new String(cluster.consumeAll(topic).get(0).value(), StandardCharsets.UTF_8).contains("bmV4dA=="),
                "the next message, base64 in JsonConverter's envelope");
        assertTaskRunning("converted");
    }
}

package dev.kgate.connect.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the broker gone nothing can be acknowledged, so no client may be told 200. */
class BrokerDownIT {

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(1);
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "down-.*");
        props.put("ack.timeout.ms", "2000");
        cluster.startConnector("gateway", props, 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void noRequestGets200WhileTheBrokerIsDown() throws Exception {
        String topic = "down-topic";
        cluster.connect.kafka().createTopic(topic, 1);
        assertEquals(200, cluster.post(port, GatewayCluster.singlePath(topic), "text/plain", "before")
                .statusCode());

        cluster.connect.kafka().stopOnlyBrokers();
        try {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                replies.add(cluster.postAsync(port, GatewayCluster.singlePath(topic), "text/plain",
                        ("while-down-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (CompletableFuture<HttpResponse<String>> future : replies) {
                HttpResponse<String> reply = future.join();
                assertTrue(reply.statusCode() == 504 || reply.statusCode() == 503,
                        "got " + reply.statusCode() + " " + reply.body());
                assertTrue(reply.body().contains("\"success\":false"), reply.body());
            }
        } finally {
            cluster.connect.kafka().restartOnlyBrokers();
        }
    }
}

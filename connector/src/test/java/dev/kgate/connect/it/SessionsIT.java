package dev.kgate.connect.it;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: WebSocket client sessions held across the connector's tasks through Kafka. Two tasks share one listener
 * here and take upgrades in turn, but each has its own reader and writer of the sessions topic, so they agree only
 * through Kafka, as two workers do.
 */
@ExtendWith(SharedGatewayCluster.class)
class SessionsIT {

    private static final Map<String, String> ROOT = Map.of("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("root:memphis".getBytes(StandardCharsets.UTF_8)));

    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 2, "ses-.*"));
        props.put("out.topics.allowed.regex", "ses-.*");
        props.put("access.grants", "root=write:ses-*,root=read:ses-*,root=group:*");
        props.put("sessions.enabled", "true");
        props.put("sessions.max.connections.per.client", "2");
        props.put("sessions.ttl.ms", "6000");
        cluster.connect.kafka().createTopic("ses-in", 2);
        cluster.startConnector("sessions", props, 2);
    }

    private static TestSocket open(String query) {
        return TestSocket.open(cluster.http, port, "/socket/in?topic=ses-in&" + query, ROOT);
    }

    private static int status(String route, String query) throws Exception {
        return TestSocket.upgrade(port, route + "?topic=ses-in&" + query, ROOT).status();
    }

    @Test
    void aDuplicateClientInstanceIsRefusedOnEveryTaskAndTheMaximumPerClientHolds() throws Exception {
        try (TestSocket first = open("clientId=c1&instanceId=i1")) {
            // Upgrades are spread over both tasks: each of them refuses the duplicate.
            for (int i = 0; i < 4; i++) {
                TestSocket.Refusal duplicate = TestSocket.upgrade(port, "/socket/in?topic=ses-in&clientId=c1"
                        + "&instanceId=i1", ROOT);
                assertEquals(409, duplicate.status());
                assertTrue(duplicate.body().get("message").asText().contains("instanceId 'i1' is already connected"));
            }
            try (TestSocket second = open("clientId=c1&instanceId=i2")) {
                assertEquals(409, status("/socket/in", "clientId=c1&instanceId=i3"), "two per client at most");
                assertEquals(409, status("/socket/in", "clientId=c1&instanceId=i3"), "on the other task too");
            }
        }
        // Given back on close: the same instance may connect again.
        TestUtils.waitForCondition(() -> status("/socket/in", "clientId=c1&instanceId=i1") == 101, 15_000,
                "the closed sockets' sessions were not given back");
    }

    @Test
    void aSecondSocketOfAClientNeedsItsOwnInstanceId() throws Exception {
        try (TestSocket first = open("clientId=c2")) {
            for (int i = 0; i < 2; i++) {
                TestSocket.Refusal second = TestSocket.upgrade(port, "/socket/in?topic=ses-in&clientId=c2", ROOT);
                assertEquals(409, second.status());
                assertTrue(second.body().get("message").asText().contains("needs its own instanceId"));
            }
        }
    }

    @Test
    void ofSocketsRacingForOnePlaceOnBothTasksExactlyOneGetsIn() throws Exception {
        List<CompletableFuture<TestSocket>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> open("clientId=c3&instanceId=only")));
        }
        List<TestSocket> in = new ArrayList<>();
        int refused = 0;
        for (CompletableFuture<TestSocket> socket : racing) {
            try {
                in.add(socket.join());
            } catch (RuntimeException e) {
                assertTrue(String.valueOf(e.getCause()).contains("409"), String.valueOf(e.getCause()));
                refused++;
            }
        }
        try {
            assertEquals(1, in.size(), "sockets in");
            assertEquals(7, refused);
        } finally {
            in.forEach(TestSocket::close);
        }
    }

    @Test
    void oneConsumerSocketPerClientInAGroupAcrossTasks() throws Exception {
        try (TestSocket reader = TestSocket.open(cluster.http, port, "/socket/out?topic=ses-in&clientId=r1"
                + "&groupId=ses-group", ROOT)) {
            for (int i = 0; i < 2; i++) {
                assertEquals(409, status("/socket/out", "clientId=r1&groupId=ses-group"));
            }
        }
    }
}

package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kgate.http.access.ApiKeys;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: principals and their permissions on every route, on a real worker. Two users and an API key; each
 * refusal is checked in Kafka (nothing written).
 */
@ExtendWith(SharedGatewayCluster.class)
class AccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ALICE = basic("alice", "wonderland");
    private static final Map<String, String> BOB = basic("bob", "builder");
    private static final String[] ETL_KEY = ApiKeys.generate("etl");

    private static GatewayCluster cluster;
    private static int port;
    private static Map<String, String> props;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        props = GatewayCluster.connectorConfig(port, 1, "acc-.*|__consumer_offsets|connect-configs");
        props.put("out.topics.allowed.regex", "acc-.*");
        props.put("auth.enabled", "true");
        props.put("access.anonymous.enabled", "false");
        props.put("auth.users", "alice:wonderland,bob:builder,carol:burst");
        props.put("limits.principal.requests.per.second", "40");
        props.put("limits.principal.sockets", "3");
        props.put("auth.jwt.secret", "access-test-secret-of-32-bytes-at-least");
        props.put("auth.api.keys", ETL_KEY[1]);
        props.put("auth.api.key.header", "X-API-Key");
        // A grant never opens an internal topic: the last two grants must have no effect.
        props.put("access.grants", "alice=write:acc-a*,alice=read:acc-a*,alice=group:alice-*,"
                + "alice=describe:cluster,bob=write:acc-b*,bob=read:acc-b*,bob=group:bob-*,etl=write:acc-etl,"
                + "*=write:__consumer_offsets,*=write:connect-configs,carol=write:acc-burst");
        for (String topic : List.of("acc-a1", "acc-b1", "acc-etl", "acc-tricks", "acc-burst")) {
            cluster.connect.kafka().createTopic(topic, 1);
        }
        cluster.startConnector("access", props, 1);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> produce(String station, String kind, Map<String, String> headers,
                                                String body) throws Exception {
        var request = GatewayCluster.postRequest(port, "/stations/" + station + "/produce/" + kind,
                "application/json", body.getBytes(StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return cluster.send(request);
    }

    private static void assertRefused(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(false, JSON.readTree(response.body()).get("success").asBoolean());
    }

    private static int upgrade(String pathAndQuery, Map<String, String> headers) throws Exception {
        return TestSocket.upgrade(port, pathAndQuery, headers).status();
    }

    @Test
    void aUserCannotWriteOrReadAnotherUsersTopicsThroughAnyRoute() throws Exception {
        assertEquals(200, produce("acc-a1", "single", ALICE, "{\"by\":\"alice\"}").statusCode());
        assertRefused(403, produce("acc-a1", "single", BOB, "{\"by\":\"bob\"}"));
        assertRefused(403, produce("acc-a1", "batch", BOB, "[{\"by\":\"bob\"}]"));
        TestSocket.Refusal socketIn = TestSocket.upgrade(port, "/socket/in?clientId=b&topic=acc-a1", BOB);
        assertEquals(403, socketIn.status());
        assertTrue(socketIn.body().get("message").asText().contains("'bob' may not write to topic 'acc-a1'"));
        assertEquals(403, upgrade("/socket/out?clientId=bob-1&topic=acc-a1", BOB));
        // Bob's own topic, but alice's consumer group: he could take her partitions and read her records.
        assertEquals(403, upgrade("/socket/out?clientId=bob-1&groupId=alice-readers&topic=acc-b1", BOB));
        // The default group is <clientId>-group: a client id that is not bob's own makes a group that is not either.
        assertEquals(403, upgrade("/socket/out?clientId=alice&topic=acc-b1", BOB));
        assertEquals(101, upgrade("/socket/out?clientId=bob-1&topic=acc-b1", BOB));
        assertEquals(101, upgrade("/socket/in?clientId=a&topic=acc-a1", ALICE));
        List<String> landed = cluster.landedInOrder("acc-a1");
        assertTrue(landed.contains("{\"by\":\"alice\"}"), landed.toString());
        assertTrue(landed.stream().noneMatch(value -> value.contains("bob")), landed.toString());
    }

    @Test
    void nothingAboutATopicIsRevealedBeforeTheCallerIsAuthenticated() throws Exception {
        for (String station : List.of("acc-a1", "acc-missing", "not-open", "a%2Fb", "__consumer_offsets")) {
            HttpResponse<String> response = produce(station, "single", Map.of(), "{}");
            assertRefused(401, response);
            assertTrue(response.body().contains("Unauthorized"), response.body());
            assertEquals(401, upgrade("/socket/in?clientId=x&topic=" + station, Map.of()));
            assertEquals(401, upgrade("/socket/out?clientId=x&topic=" + station, Map.of()));
        }
        assertRefused(401, produce("acc-a1", "single", basic("alice", "wrong"), "{}"));
        assertTrue(cluster.landedInOrder("acc-b1").isEmpty());
    }

    @Test
    void internalTopicsAreRefusedWhateverTheGrantsSay() throws Exception {
        for (String internal : List.of("__consumer_offsets", "connect-configs")) {
            HttpResponse<String> response = produce(internal, "single", ALICE, "{}");
            assertRefused(403, response);
            assertTrue(response.body().contains("internal"), response.body());
            assertEquals(403, upgrade("/socket/in?clientId=a&topic=" + internal, ALICE));
        }
    }

    @Test
    void topicNameTricksAreRefusedAndWriteNothing() throws Exception {
        Map<String, Integer> tricks = Map.of(
                "acc-a%2F..%2Facc-b1", 400, "%2e%2e", 400, "acc-a1;x", 400, "ACC-A1", 403, "acc-a%00", 400,
                "acc-a1.", 404, "acc-a1%20", 400, "acc-b1%23", 400);
        for (Map.Entry<String, Integer> trick : tricks.entrySet()) {
            assertRefused(trick.getValue(), produce(trick.getKey(), "single", ALICE, "{\"trick\":1}"));
        }
        assertEquals(400, upgrade("/socket/in?clientId=a&topic=acc-a1%2F..", ALICE));
        assertEquals(403, upgrade("/socket/in?clientId=a&topic=ACC-A1", ALICE));
        assertTrue(cluster.landedInOrder("acc-b1").isEmpty());
        assertTrue(cluster.landedInOrder("acc-tricks").isEmpty());
        assertTrue(cluster.connect.kafka().describeTopics("acc-a1.").get("acc-a1.").isEmpty(), "no topic created");
    }

    @Test
    void clusterInfoNeedsTheDescribeGrant() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                + "/kafka/cluster/info")).GET();
        ALICE.forEach(request::header);
        HttpResponse<String> alice = cluster.send(request);
        assertEquals(200, alice.statusCode(), alice.body());
        JsonNode brokers = JSON.readTree(alice.body());
        assertTrue(brokers.isArray() && brokers.size() == 1, alice.body());
        var asBob = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                + "/kafka/cluster/info")).GET();
        BOB.forEach(asBob::header);
        assertEquals(403, cluster.send(asBob).statusCode());
    }

    @Test
    void anApiKeyWorksAsBearerBasicOrItsHeaderUntilItIsRevoked() throws Exception {
        String key = ETL_KEY[0];
        assertEquals(200, produce("acc-etl", "single", Map.of("Authorization", "Bearer " + key), "1").statusCode());
        assertEquals(200, produce("acc-etl", "single", basic("etl", key), "2").statusCode());
        assertEquals(200, produce("acc-etl", "single", Map.of("X-API-Key", key), "3").statusCode());
        assertEquals(101, upgrade("/socket/in?clientId=etl&topic=acc-etl", Map.of("X-API-Key", key)));
        String wrong = ApiKeys.generate("etl")[0];
        assertRefused(401, produce("acc-etl", "single", Map.of("Authorization", "Bearer " + wrong), "x"));
        assertRefused(401, produce("acc-etl", "single", Map.of("X-API-Key", wrong), "x"));
        // The key may write only where granted.
        assertRefused(403, produce("acc-a1", "single", Map.of("X-API-Key", key), "x"));
        assertEquals(List.of("1", "2", "3"), cluster.landedInOrder("acc-etl"));

        // Revoked: its entry removed through the Connect REST API.
        Map<String, String> revoked = new java.util.HashMap<>(props);
        revoked.put("auth.api.keys", "");
        revoked.put("access.grants", props.get("access.grants").replace("etl=write:acc-etl,", ""));
        cluster.connect.configureConnector("access", revoked);
        TestUtils.waitForCondition(() -> produce("acc-etl", "single", Map.of("X-API-Key", key), "late")
                .statusCode() == 401, 60_000, "the revoked key still gets in");
        assertEquals(List.of("1", "2", "3"), cluster.landedInOrder("acc-etl"));
        // Restore for the other tests, whatever order they run in.
        cluster.connect.configureConnector("access", props);
        TestUtils.waitForCondition(() -> produce("acc-etl", "single", Map.of("X-API-Key", key), "4")
                .statusCode() == 200, 60_000, "the key was not restored");
    }

    @Test
    void aBurstOverThePrincipalsRateIs429WithOnlyTheAllowedPartWritten() throws Exception {
        Map<String, String> carol = basic("carol", "burst");
        long started = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            var request = GatewayCluster.postRequest(port, "/stations/acc-burst/produce/single", "text/plain",
                    String.valueOf(i).getBytes(StandardCharsets.UTF_8));
            carol.forEach(request::header);
            replies.add(cluster.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        int written = 0;
        int limited = 0;
        for (var reply : replies) {
            HttpResponse<String> response = reply.join();
            if (response.statusCode() == 200) {
                written++;
            } else {
                assertRefused(429, response);
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                limited++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(limited > 0, "no request was limited");
        assertTrue(written <= 40 + Math.ceil(seconds * 40) + 1, written + " written in " + seconds + " s");
        assertEquals(written, cluster.landedInOrder("acc-burst").size(), "exactly the accepted ones landed");
        // Another principal is not slowed by carol's bucket.
        assertEquals(200, produce("acc-a1", "single", ALICE, "{\"by\":\"alice\"}").statusCode());
    }

    @Test
    void aPrincipalHoldsAtMostItsShareOfSockets() throws Exception {
        Map<String, String> carol = basic("carol", "burst");
        List<TestSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(TestSocket.open(cluster.http, port, "/socket/in?clientId=c" + i + "&topic=acc-burst", carol));
            }
            TestSocket.Refusal fourth = TestSocket.upgrade(port, "/socket/in?clientId=c3&topic=acc-burst", carol);
            assertEquals(429, fourth.status());
            assertTrue(fourth.body().get("message").asText().contains("holds as many sockets"));
            assertEquals(101, upgrade("/socket/in?clientId=b&topic=acc-b1", BOB), "others are not affected");
        } finally {
            open.forEach(TestSocket::close);
        }
        TestUtils.waitForCondition(() -> upgrade("/socket/in?clientId=c4&topic=acc-burst", carol) == 101, 15_000,
                "closing sockets did not give their places back");
    }
}

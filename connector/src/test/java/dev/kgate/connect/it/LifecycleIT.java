package dev.kgate.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector as Connect's REST API drives it: pause and resume, restart, config update, with clients posting
 * throughout. What each client is told must be true of the topic: every 200 is there once, every "not written" is
 * not, and a stop answers what the producer still held from its final flush instead of "outcome unknown".
 */
class LifecycleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayCluster cluster;

    @BeforeAll
    static void start() {
        // The worker gives up waiting for acks before stop() at once, so the stop test finds records still in the
        // producer (held by linger.ms): they are acknowledged during the producer's close, after stop().
        cluster = new GatewayCluster(1, new Properties(), Map.of(), Map.of("offset.flush.timeout.ms", "1"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Map<String, String> config(int port, String topics) {
        return GatewayCluster.connectorConfig(port, 1, topics);
    }

    private static CompletableFuture<HttpResponse<String>> post(int port, String topic, String value) {
        return cluster.postAsync(port, GatewayCluster.singlePath(topic), "text/plain",
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPausedConnectorRefusesAtOnceAndTakesRequestsAgainWhenResumed() throws Exception {
        int port = GatewayCluster.freePort();
        String topic = "life-pause";
        cluster.connect.kafka().createTopic(topic, 1);
        cluster.startConnector("life-pause", config(port, "life-.*"), 1);
        assertEquals(200, post(port, topic, "before").join().statusCode());
        assertEquals(200, cluster.get(port, "/ready").statusCode());

        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=c&topic=" + topic,
                Map.of())) {
            cluster.connect.pauseConnector("life-pause");
            long pausedAt = System.nanoTime();
            TestUtils.waitForCondition(() -> cluster.get(port, "/ready").statusCode() == 503, 5_000,
                    "the readiness route did not see the pause");
            long detectedMs = (System.nanoTime() - pausedAt) / 1_000_000;
            System.out.printf("lifecycle: pause seen by the readiness route after %d ms%n", detectedMs);
            assertTrue(detectedMs < 2_000, detectedMs + " ms");
            HttpResponse<String> ready = cluster.get(port, "/ready");
            assertEquals("The connector is paused", JSON.readTree(ready.body()).get("reason").asText());
            assertTrue(ready.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, cluster.get(port, "/healthcheck").statusCode(), "liveness stays");

            long start = System.nanoTime();
            HttpResponse<String> refused = post(port, topic, "while paused").join();
            long answeredMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("The connector is paused"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertTrue(answeredMs < 1_000, "answered at once, not after ack.timeout.ms: " + answeredMs + " ms");
            assertEquals(1012, socket.closeCode.get(5, TimeUnit.SECONDS), "the open socket is closed: reconnect later");
        }
        TestSocket.Refusal upgrade = TestSocket.upgrade(port, "/socket/in?clientId=c&topic=" + topic, Map.of());
        assertEquals(503, upgrade.status(), "no socket while paused: " + upgrade.body());

        cluster.connect.resumeConnector("life-pause");
        TestUtils.waitForCondition(() -> cluster.get(port, "/ready").statusCode() == 200, 10_000,
                "the readiness route did not see the resume");
        assertEquals(200, post(port, topic, "after").join().statusCode());
        assertEquals(List.of("before", "after"), cluster.landedInOrder(topic));
        cluster.connect.deleteConnector("life-pause");
    }

    @Test
    void messagesQueuedWhenThePauseComesAreAnsweredNotWrittenAtOnce() throws Exception {
        int port = GatewayCluster.freePort();
        String topic = "life-queued";
        cluster.connect.kafka().createTopic(topic, 1);
        cluster.startConnector("life-queued", config(port, "life-.*"), 1);
        // Posts every 50 ms across the pause: those that arrive after the last poll() and before the pause is seen
        // wait in the queue, and are answered when it is (not after the 10 s ack timeout).
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        List<Long> answeredAt = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i == 10) {
                cluster.connect.pauseConnector("life-queued");
            }
            int index = i;
            sentAt.add(System.nanoTime());
            answeredAt.add(0L);
            answers.add(post(port, topic, "q" + i).whenComplete((r, e) -> answeredAt.set(index, System.nanoTime())));
            Thread.sleep(50);
        }
        List<String> acknowledged = new ArrayList<>();
        long longestQueuedMs = 0;
        int fromTheQueue = 0;
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> answer = answers.get(i).get(15, TimeUnit.SECONDS);
            if (answer.statusCode() == 200) {
                acknowledged.add("q" + i);
                continue;
            }
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("paused"), answer.body());
            if (answer.body().contains("Message not written, a retry is safe: the connector is paused")) {
                fromTheQueue++;
                longestQueuedMs = Math.max(longestQueuedMs, (answeredAt.get(i) - sentAt.get(i)) / 1_000_000);
            }
        }
        System.out.printf("lifecycle: 40 posts across a pause: %d written, %d answered from the queue when the pause"
                + " was seen (longest wait %d ms), %d refused at once%n", acknowledged.size(), fromTheQueue,
                longestQueuedMs, 40 - acknowledged.size() - fromTheQueue);
        assertTrue(fromTheQueue > 0, "some posts waited in the queue for the pause to be seen");
        assertTrue(longestQueuedMs < 2_000, longestQueuedMs + " ms");
        assertEquals(new java.util.HashSet<>(acknowledged), cluster.landedValues(topic),
                "exactly the acknowledged ones were written");
        assertEquals(acknowledged.size(), cluster.landedInOrder(topic).size(), "once each");
        cluster.connect.resumeConnector("life-queued");
        TestUtils.waitForCondition(() -> cluster.get(port, "/ready").statusCode() == 200, 10_000, "not resumed");
        cluster.connect.deleteConnector("life-queued");
    }

    @Test
    void aRestartAnswersWhatTheProducerHeldFromItsFinalFlush() throws Exception {
        int port = GatewayCluster.freePort();
        String topic = "life-restart";
        cluster.connect.kafka().createTopic(topic, 1);
        Map<String, String> props = config(port, "life-.*");
        // Records wait in the producer for 3 s: a stop comes while they are there.
        props.put("producer.override.linger.ms", "3000");
        props.put("ack.timeout.ms", "60000");
        cluster.startConnector("life-restart", props, 1);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(post(port, topic, "m" + i));
        }
        Thread.sleep(1_000);
        cluster.connect.restartConnectorAndTasks("life-restart", false, true, false);
        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertEquals(200, response.statusCode(), "acknowledged from the final flush, not 'outcome unknown': "
                    + response.body());
        }
        System.out.printf("lifecycle: 20 messages in the producer at a restart answered %s%n", statuses);
        assertEquals(20, cluster.landedInOrder(topic).size());
        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("life-restart", 1, "not restarted");
        TestUtils.waitForCondition(() -> post(port, topic, "after").join().statusCode() == 200, 30_000,
                "the restarted task does not take requests");
        cluster.connect.deleteConnector("life-restart");
    }

    @Test
    void aConfigUpdateUnderLoadLosesNothingAcknowledgedAndOnlyNewTasksServeAfterIt() throws Exception {
        int port = GatewayCluster.freePort();
        String topic = "life-update";
        cluster.connect.kafka().createTopic(topic, 1);
        cluster.connect.kafka().createTopic("life-update-new", 1);
        Map<String, String> props = config(port, "life-update");
        cluster.startConnector("life-update", props, 1);

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                String value = "u" + i;
                sent.add(value);
                answers.add(post(port, topic, value));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread.sleep(500);
        // Other listener settings and a wider allow-list: the new tasks need a listener of their own.
        Map<String, String> updated = new HashMap<>(props);
        updated.put("topics.allowed.regex", "life-update.*");
        updated.put("http.io.threads", "3");
        cluster.connect.configureConnector("life-update", updated);
        load.join();

        int written = 0;
        Map<Integer, Integer> statuses = new HashMap<>();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> response;
            try {
                response = answers.get(i).get(60, TimeUnit.SECONDS);
            } catch (Exception refusedConnection) {
                statuses.merge(-1, 1, Integer::sum);
                continue;
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 200) {
                written++;
                acknowledged.add(sent.get(i));
            } else {
                assertEquals(503, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Retry-After").isPresent(), response.body());
                assertTrue(!response.body().contains("may or may not"), "no unknown outcome: " + response.body());
            }
        }
        System.out.printf("lifecycle: 200 posts across a config update answered %s (-1: connection refused)%n",
                statuses);
        List<String> landed = cluster.landedInOrder(topic);
        assertTrue(landed.containsAll(acknowledged), "every acknowledged message is in the topic");
        assertEquals(written, landed.size(), "and nothing that was not acknowledged");
        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("life-update", 1, "not updated");
        TestUtils.waitForCondition(() -> post(port, "life-update-new", "new").join().statusCode() == 200, 30_000,
                "the new configuration does not serve");
        JsonNode info = JSON.readTree(cluster.get(port, "/ready").body());
        assertTrue(info.get("ready").asBoolean(), info.toString());
        cluster.connect.deleteConnector("life-update");
    }
}

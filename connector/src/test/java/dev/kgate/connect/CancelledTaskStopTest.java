package dev.kgate.connect;

import dev.kgate.connect.lifecycle.PollWatch;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task driven as Connect's worker drives a task it cancels: records polled, the worker's graceful stop too slow
 * (no broker), the producer force-closed. Its aborted sends come back to {@code commitRecord} without metadata from
 * the producer's thread; a record the send loop never handed to the producer gets no call at all. The clients of
 * both must be answered "outcome unknown" soon after, not when the task's 35 s final wait ends (found by the fault
 * suite: a client waited 32.7 s after a broker outage). The test thread plays Connect's task thread.
 */
class CancelledTaskStopTest {

    private static final String TOPIC = "orders";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Metrics metrics = new Metrics();
    private HttpGatewaySourceTask task;

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
        metrics.close();
    }

    @Test
    void recordsNeverHandedToAForceClosedProducerAreAnsweredSoonAfterStop() throws Exception {
        int port = freePort();
        task = startedTask(port);
        List<CompletableFuture<HttpResponse<String>>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(post(port, "{\"n\":" + i + "}"));
        }
        List<SourceRecord> polled = pollUntil(3);

        // The first record reached the producer, whose forced close aborts it (on the producer's thread); the other
        // two were still in the send loop's hands when the worker gave up on the task.
        Thread producerThread = new Thread(() -> task.commitRecord(polled.get(0), null), "producer-network-thread");
        producerThread.start();
        producerThread.join();
        task.stop();

        long stopped = System.nanoTime();
        for (CompletableFuture<HttpResponse<String>> client : clients) {
            HttpResponse<String> response = client.get(HttpGatewaySourceTask.FINAL_ACKS_WAIT_MS / 2,
                    TimeUnit.MILLISECONDS);
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().toLowerCase().contains("outcome unknown"), response.body());
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        assertTrue(waitedMs < HttpGatewaySourceTask.FINAL_ACKS_WAIT_MS / 2, "answered after " + waitedMs + " ms");
    }

    @Test
    void aTaskWhoseProducerGaveUpAndThatNoLongerPollsTakesNoNewRequestsBeforeItsStop() throws Exception {
        int port = freePort();
        task = startedTask(port);
        List<CompletableFuture<HttpResponse<String>>> clients = List.of(post(port, "{\"n\":1}"), post(port, "{\"n\":2}"));
        List<SourceRecord> polled = pollUntil(2);
        // The worker cancelled the task: its producer's forced close aborts the first record; the second stays in
        // the send loop's hands. The task thread polls no more, and the worker calls stop() only after its offset
        // flush gives up, seconds later (found by the fault suite: retries sent to such a task waited for that).
        Thread producerThread = new Thread(() -> task.commitRecord(polled.get(0), null), "producer-network-thread");
        producerThread.start();
        producerThread.join();
        // The two posts race: whichever was polled first is the one the producer aborted.
        CompletableFuture.anyOf(clients.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        CompletableFuture<HttpResponse<String>> aborted = clients.get(0).isDone() ? clients.get(0) : clients.get(1);
        CompletableFuture<HttpResponse<String>> inSendLoop = aborted == clients.get(0) ? clients.get(1) : clients.get(0);
        assertEquals(503, aborted.get().statusCode());

        CompletableFuture<HttpResponse<String>> retry = post(port, "{\"n\":1}");
        HttpResponse<String> response = retry.get(PollWatch.PAUSED_AFTER_MS + 3_000, TimeUnit.MILLISECONDS);
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), response.body());
        assertTrue(!response.body().toLowerCase().contains("outcome unknown"), "never queued for the producer, so"
                + " certainly not written: " + response.body());
        assertTrue(!inSendLoop.isDone(), "the record in the send loop's hands is answered at stop()");
    }

    @Test
    void aStoppedTaskStillWaitsForTheProducersAcknowledgements() throws Exception {
        int port = freePort();
        task = startedTask(port);
        CompletableFuture<HttpResponse<String>> client = post(port, "{\"n\":1}");
        List<SourceRecord> polled = pollUntil(1);

        task.stop();
        // Without a sign that the producer gives up, the worker's final flush is still on its way: the ack that
        // arrives after stop() answers the client with its offset.
        Thread.sleep(HttpGatewaySourceTask.AFTER_PRODUCER_GAVE_UP_MS * 2);
        assertTrue(!client.isDone(), "answered before the final flush: " + (client.isDone() ? client.get().body() : ""));
        Thread producerThread = new Thread(() -> task.commitRecord(polled.get(0),
                new RecordMetadata(new org.apache.kafka.common.TopicPartition(TOPIC, 0), 41, 0, 1L, 2, 8)),
                "producer-network-thread");
        producerThread.start();
        producerThread.join();

        HttpResponse<String> response = client.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"offset\":41"), response.body());
    }

    private HttpGatewaySourceTask startedTask(int port) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "cancelled-task-test");
        props.put("http.port", String.valueOf(port));
        props.put("http.bind.address", "127.0.0.1");
        props.put("topics.allowed.regex", ".*");
        // No broker: nothing may need one before the records reach poll().
        props.put("kafka.bootstrap.servers", "127.0.0.1:1");
        props.put("topics.must.exist", "false");
        props.put("auth.enabled", "false");
        props.put("access.anonymous.enabled", "true");
        props.put("access.grants", "anonymous=write:*,anonymous=create:*");
        props.put("ack.timeout.ms", "60000");
        HttpGatewaySourceTask started = new HttpGatewaySourceTask();
        started.initialize(new TestContext(props, new PluginMetricsImpl(metrics, Map.of("task", "0"))));
        started.start(props);
        return started;
    }

    private CompletableFuture<HttpResponse<String>> post(int port, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/stations/" + TOPIC + "/produce/single"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<SourceRecord> pollUntil(int count) throws InterruptedException {
        List<SourceRecord> polled = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (polled.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> records = task.poll();
            if (records != null) {
                polled.addAll(records);
            }
        }
        assertEquals(count, polled.size(), "records polled");
        return polled;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record TestContext(Map<String, String> configs, PluginMetrics pluginMetrics) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }
    }
}

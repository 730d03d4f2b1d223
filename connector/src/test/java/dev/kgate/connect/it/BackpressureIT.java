package dev.kgate.connect.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task whose send loop is held up by a slow transform: its small queue fills, clients get 503 with Retry-After,
 * exactly the acknowledged messages land, and the heap does not grow with what clients throw at it.
 */
class BackpressureIT {

    private static final int QUEUE_BYTES = 1024 * 1024;
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(1);
        port = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(port, 1, "pressure-.*");
        props.put("queue.max.records", "5");
        props.put("queue.max.bytes", String.valueOf(QUEUE_BYTES));
        props.put("poll.max.records", "5");
        props.put("transforms", "slow");
        props.put("transforms.slow.type", SlowTransform.class.getName());
        props.put("transforms.slow.sleep.ms", "20");
        // Every post here is answered 200 or 503: an answer that waits for Kafka past the timeout (504, outcome
        // unknown) would make "exactly the acknowledged ones landed" uncheckable. A loaded 2-core machine, with the
        // heap sampler collecting without pause, took more than the default 10 s here now and then.
        props.put("ack.timeout.ms", "60000");
        cluster.startConnector("slow-gateway", props, 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void fullQueueAnswers503WithRetryAfterAndOnlyAcknowledgedMessagesLand() throws Exception {
        String topic = "pressure-records";
        cluster.connect.kafka().createTopic(topic, 1);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(cluster.postAsync(port, GatewayCluster.singlePath(topic), "text/plain",
                    ("m-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> acknowledged = new HashSet<>();
        int refused = 0;
        for (int i = 0; i < replies.size(); i++) {
            HttpResponse<String> reply = replies.get(i).join();
            if (reply.statusCode() == 200) {
                acknowledged.add("m-" + i);
            } else {
                assertEquals(503, reply.statusCode(), reply.body());
                assertEquals("1", reply.headers().firstValue("Retry-After").orElse(null));
                assertTrue(reply.body().contains("\"success\":false"), reply.body());
                refused++;
            }
        }
        assertTrue(refused > 0, "a queue of 5 behind a slow task must refuse some of 200 concurrent posts");
        assertTrue(!acknowledged.isEmpty(), "some posts must get through");

        Set<String> landed = cluster.landedValues(topic);
        assertEquals(acknowledged, landed, "exactly the acknowledged messages are in the topic");
    }

    @Test
    void heapStaysBoundedWhenClientsPostFarMoreThanTheQueueHolds() throws Exception {
        String topic = "pressure-bytes";
        cluster.connect.kafka().createTopic(topic, 1);
        byte[] body = new byte[256 * 1024];
        int posts = 600; // 150 MiB offered to a queue bounded at 1 MiB
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedAfterGc(memory);
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean flooding = new AtomicBoolean(true);
        // A full collection every 20 ms, not back to back: the broker and the worker share this JVM, and collections
        // without pause starved them into failed sends and a lost group membership on a loaded 2-core machine. What
        // the gateway holds on to lives far longer than 20 ms, so the peak is still seen.
        Thread sampler = new Thread(() -> {
            while (flooding.get()) {
                peak.accumulateAndGet(usedAfterGc(memory), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();

        int ok = 0;
        int refused = 0;
        try {
            Semaphore inFlight = new Semaphore(32);
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                inFlight.acquire();
                replies.add(cluster.postAsync(port, GatewayCluster.singlePath(topic), "application/x-protobuf",
                        body).whenComplete((r, e) -> inFlight.release()));
            }
            for (CompletableFuture<HttpResponse<String>> reply : replies) {
                int status = reply.join().statusCode();
                if (status == 200) {
                    ok++;
                } else {
                    assertEquals(503, status);
                    refused++;
                }
            }
        } finally {
            // Also when an assertion fails: a sampler left running would collect garbage for every later test.
            flooding.set(false);
            sampler.join();
        }

        long growthMiB = (peak.get() - baseline) / (1024 * 1024);
        System.out.printf("backpressure: %d posts of 256 KiB, %d acknowledged, %d refused, heap peak +%d MiB%n",
                posts, ok, refused, growthMiB);
        assertTrue(refused > 0, "the byte bound must refuse some of " + posts + " posts");
        assertEquals(ok, cluster.consumeAll(topic).size(), "every acknowledged post landed, no other");
        assertTrue(growthMiB < 64, "heap grew by " + growthMiB + " MiB while " + posts / 4
                + " MiB were offered to a 1 MiB queue");
    }

    @Test
    void stoppingTheConnectorAnswersEveryPendingRequestAndNothingHangs() throws Exception {
        String topic = "pressure-stop";
        cluster.connect.kafka().createTopic(topic, 1);
        int stopPort = GatewayCluster.freePort();
        Map<String, String> props = GatewayCluster.connectorConfig(stopPort, 1, "pressure-.*");
        props.put("queue.max.records", "100");
        props.put("poll.max.records", "1");
        props.put("ack.timeout.ms", "60000");
        props.put("transforms", "slow");
        props.put("transforms.slow.type", SlowTransform.class.getName());
        props.put("transforms.slow.sleep.ms", "200");
        cluster.startConnector("stopping-gateway", props, 1);
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(cluster.postAsync(stopPort, GatewayCluster.singlePath(topic), "text/plain",
                    ("s-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Thread.sleep(500);

        cluster.connect.deleteConnector("stopping-gateway");

        Set<String> acknowledged = new HashSet<>();
        int answeredNotWritten = 0;
        for (int i = 0; i < replies.size(); i++) {
            // Well inside ack.timeout.ms: the stop itself must answer.
            HttpResponse<String> reply = replies.get(i).get(20, java.util.concurrent.TimeUnit.SECONDS);
            if (reply.statusCode() == 200) {
                acknowledged.add("s-" + i);
            } else {
                assertEquals(503, reply.statusCode(), reply.body());
                assertTrue(reply.headers().firstValue("Retry-After").isPresent());
                answeredNotWritten++;
            }
        }
        assertTrue(answeredNotWritten > 0, "the queued requests must be answered 503 by the stop");
        assertTrue(cluster.landedValues(topic).containsAll(acknowledged));
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}

package dev.kgate.connect.it;

import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two workers, one task; the worker running it is stopped while clients post continuously and retry on errors, and
 * the task moves to the other worker. Every message that was answered 200 must be in the topic.
 * <p>One task, not two: each worker loads the plugin in a class loader of its own, as on separate hosts, so two
 * workers in this JVM cannot share one listener port the way two tasks on one worker do.
 */
class WorkerFailoverIT {

    private static final String CONNECTOR = "gateway";
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(2);
        port = GatewayCluster.freePort();
        cluster.startConnector(CONNECTOR, GatewayCluster.connectorConfig(port, 1, "failover-.*"), 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyAcknowledgedMessageSurvivesAWorkerStopping() throws Exception {
        String topic = "failover-topic";
        cluster.connect.kafka().createTopic(topic, 3);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger nextId = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger acknowledgedAfterStop = new AtomicInteger();
        AtomicBoolean workerStopped = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                while (running.get()) {
                    String id = "msg-" + nextId.getAndIncrement();
                    // A client that retries the same message until it is acknowledged.
                    while (running.get()) {
                        try {
                            HttpResponse<String> reply = cluster.post(port, GatewayCluster.singlePath(topic),
                                    "text/plain", id);
                            if (reply.statusCode() == 200) {
                                acknowledged.add(id);
                                if (workerStopped.get()) {
                                    acknowledgedAfterStop.incrementAndGet();
                                }
                                break;
                            }
                        } catch (Exception e) {
                            // Connection refused or reset while the listener changes hands: retry.
                        }
                        errors.incrementAndGet();
                        Thread.sleep(50);
                    }
                }
                return null;
            });
        }

        Thread.sleep(2_000);
        WorkerHandle victim = workerRunningTheTask();
        cluster.connect.removeWorker(victim);
        workerStopped.set(true);
        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1,
                "the task should run again on the remaining worker");
        Thread.sleep(2_000);
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));

        Set<String> landed = cluster.landedValues(topic);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(landed);
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged messages are missing from the topic: " + lost);
        assertTrue(acknowledged.size() > 100, "too little traffic to mean anything: " + acknowledged.size());
        assertTrue(acknowledgedAfterStop.get() > 0, "nothing was acknowledged after the worker stopped");
        System.out.printf("failover: %d acknowledged (%d after the stop), %d landed, %d errors retried%n",
                acknowledged.size(), acknowledgedAfterStop.get(), landed.size(), errors.get());
    }

    /** A worker id is its REST address, {@code host:port}; the port tells the worker apart in this JVM. */
    private static WorkerHandle workerRunningTheTask() {
        String workerId = cluster.connect.connectorStatus(CONNECTOR).tasks().get(0).workerId();
        int restPort = Integer.parseInt(workerId.substring(workerId.lastIndexOf(':') + 1));
        return cluster.connect.workers().stream().filter(worker -> worker.url().getPort() == restPort).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " in " + cluster.connect.workers()));
    }
}

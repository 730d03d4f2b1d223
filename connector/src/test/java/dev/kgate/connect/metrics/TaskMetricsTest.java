package dev.kgate.connect.metrics;

import dev.kgate.connect.queue.IngestQueue;
import dev.kgate.http.ingest.IngestMessage;
import dev.kgate.http.ingest.MessageSink;
import dev.kgate.http.ingest.TypedValue;
import dev.kgate.http.metrics.RefusalReason;
import dev.kgate.http.metrics.SocketSide;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task's metrics as Connect's registry holds them: names, tags and the values recorded. */
class TaskMetricsTest {

    private static final String ROUTE = "/stations/{station}/produce/single";
    private final Metrics registry = new Metrics();
    private final PluginMetricsImpl plugin = new PluginMetricsImpl(registry, Map.of("connector", "gw", "task", "0"));
    private final IngestQueue queue = new IngestQueue(10, 1_000_000);
    private final TaskMetrics metrics = new TaskMetrics(plugin, queue);

    @AfterEach
    void close() throws Exception {
        metrics.close();
        plugin.close();
        registry.close();
    }

    /** The value of a plugin metric with these tags besides the connector and the task; null when absent. */
    private Object value(String name, String... tags) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("connector", "gw", "task", "0"));
        for (int i = 0; i < tags.length; i += 2) {
            all.put(tags[i], tags[i + 1]);
        }
        KafkaMetric metric = registry.metric(new MetricName(name, "plugins", "", all));
        return metric == null ? null : metric.metricValue();
    }

    private static IngestMessage message(String value) {
        return new IngestMessage("t", null, TypedValue.bytes(value.getBytes(StandardCharsets.UTF_8)), List.of(), null,
                outcome -> { });
    }

    @Test
    void requestsAndBytesAreCountedByRouteAndStatus() {
        metrics.requestCompleted(ROUTE, 200, 100, 80);
        metrics.requestCompleted(ROUTE, 200, 50, 80);
        metrics.requestCompleted(ROUTE, 400, 7, 60);
        metrics.requestCompleted("/socket/in", 101, 0, 120);

        assertEquals(2.0, value("request-total", "route", ROUTE, "status", "200"));
        assertEquals(150.0, value("request-byte-total", "route", ROUTE, "status", "200"));
        assertEquals(160.0, value("response-byte-total", "route", ROUTE, "status", "200"));
        assertEquals(1.0, value("request-total", "route", ROUTE, "status", "400"));
        assertEquals(1.0, value("request-total", "route", "/socket/in", "status", "101"));
        assertTrue((Double) value("request-rate", "route", ROUTE, "status", "200") > 0);
        assertNull(value("request-total", "route", ROUTE, "status", "500"), "a series appears when it first occurs");
    }

    @Test
    void everyRefusalReasonIsThereFromTheStartAndCounts() {
        for (RefusalReason reason : RefusalReason.values()) {
            assertEquals(0.0, value("refusal-total", "reason", reason.tag()), reason.tag());
        }
        metrics.refused(RefusalReason.QUEUE_FULL);
        metrics.refused(RefusalReason.QUEUE_FULL);
        metrics.refused(RefusalReason.UNAUTHENTICATED);
        metrics.authenticationFailed(ROUTE);

        assertEquals(2.0, value("refusal-total", "reason", "queue-full"));
        assertEquals(1.0, value("refusal-total", "reason", "unauthenticated"));
        assertEquals(1.0, value("auth-failure-total", "route", ROUTE));
    }

    @Test
    void queueAndSocketsAreGauges() {
        assertEquals(MessageSink.Offer.ACCEPTED, queue.offer(message("12345")));
        queue.offer(message("67890"));
        metrics.socketOpened(SocketSide.IN);
        metrics.socketOpened(SocketSide.IN);
        metrics.socketOpened(SocketSide.OUT);
        metrics.socketClosed(SocketSide.IN);

        assertEquals(2, value("queue-records"));
        assertEquals(queue.bytes(), value("queue-bytes"));
        assertEquals(1, value("sockets-open", "route", "/socket/in"));
        assertEquals(1, value("sockets-open", "route", "/socket/out"));
    }

    @Test
    void ackLatencyHasAverageMaximumAndPercentiles() throws Exception {
        IngestMessage first = message("a");
        Thread.sleep(20);
        metrics.acknowledged(first);
        metrics.acknowledged(message("b"));

        assertEquals(2.0, value("ack-total"));
        double max = (Double) value("ack-latency-max");
        assertTrue(max >= 20 && max < 10_000, "ms, not ns: " + max);
        assertTrue((Double) value("ack-latency-avg") > 0);
        assertTrue((Double) value("ack-latency-p99") > 0);
        assertTrue((Double) value("ack-latency-p50") >= 0);
        double p999 = (Double) value("ack-latency-p999");
        assertTrue(p999 <= max && p999 >= max * 0.984, "the slower of two, read from its bin: " + p999);
    }

    @Test
    void closeRemovesEverySeriesAndLaterRecordsAreHarmless() {
        metrics.requestCompleted(ROUTE, 200, 1, 1);
        metrics.authenticationFailed(ROUTE);
        assertTrue(registry.metrics().keySet().stream().anyMatch(name -> name.group().equals("plugins")));

        metrics.close();
        metrics.close();
        metrics.requestCompleted(ROUTE, 201, 1, 1);
        metrics.refused(RefusalReason.INVALID);
        metrics.acknowledged(message("x"));

        assertTrue(registry.metrics().keySet().stream().noneMatch(name -> name.group().equals("plugins")),
                registry.metrics().keySet().toString());
    }

    @Test
    void twoTasksInOneWorkerKeepTheirOwnCounts() throws Exception {
        try (PluginMetricsImpl otherPlugin = new PluginMetricsImpl(registry, Map.of("connector", "gw", "task", "1"));
             TaskMetrics other = new TaskMetrics(otherPlugin, queue)) {
            other.requestCompleted(ROUTE, 200, 1, 1);
            other.refused(RefusalReason.INVALID);
            metrics.requestCompleted(ROUTE, 200, 1, 1);
            metrics.requestCompleted(ROUTE, 200, 1, 1);

            assertEquals(2.0, value("request-total", "route", ROUTE, "status", "200"));
            assertEquals(0.0, value("refusal-total", "reason", "invalid"));
            KafkaMetric otherTotal = registry.metric(new MetricName("request-total", "plugins", "",
                    new LinkedHashMap<>(Map.of("connector", "gw", "task", "1", "route", ROUTE, "status", "200"))));
            assertEquals(1.0, otherTotal.metricValue());
        }
    }
}

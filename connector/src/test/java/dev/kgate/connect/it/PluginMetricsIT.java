package dev.kgate.connect.it;

import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's metrics as an operator finds them: in the worker's JMX, as Connect's plugin metrics of the task
 * ({@code kafka.connect:type=plugins,connector=..,task=..}), after real traffic on a real worker.
 */
@ExtendWith(SharedGatewayCluster.class)
class PluginMetricsIT {

    private static final String CONNECTOR = "metered";
    private static final String TOPIC = "metered-in";
    private static final String SINGLE = "/stations/{station}/produce/single";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("root:memphis".getBytes(StandardCharsets.UTF_8));
    private static final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private static GatewayCluster cluster;
    private static int port;

    @BeforeAll
    static void start(GatewayCluster shared) throws Exception {
        cluster = shared;
        port = GatewayCluster.freePort();
        cluster.connect.kafka().createTopic(TOPIC, 1);
        cluster.startConnector(CONNECTOR, GatewayCluster.withSeedUser(GatewayCluster.connectorConfig(port, 1,
                "metered-.*")), 1);
    }

    /** The task's plugin metric with these tags besides the connector and task; the route's value is unquoted. */
    private static Object metric(String attribute, Map<String, String> tags) throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR
                + ",task=0,*"), null);
        for (ObjectName name : names) {
            if (name.getKeyPropertyList().size() == tags.size() + 3 && tags.entrySet().stream().allMatch(tag ->
                    tag.getValue().equals(unquoted(name.getKeyProperty(tag.getKey()))))) {
                return jmx.getAttribute(name, attribute);
            }
        }
        throw new AssertionError("no MBean with " + tags + " among " + names);
    }

    private static String unquoted(String value) {
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static double number(String attribute, Map<String, String> tags) throws Exception {
        return ((Number) metric(attribute, tags)).doubleValue();
    }

    /** Waits until the metric has the value: an exchange is counted when it has ended, just after its answer. */
    private static void awaitMetric(double expected, String attribute, Map<String, String> tags) throws Exception {
        TestUtils.waitForCondition(() -> number(attribute, tags) == expected, 15_000,
                () -> attribute + " " + tags + " is not " + expected);
    }

    @Test
    void trafficShowsInTheWorkersJmxWithTheConnectorAndTaskAsTags() throws Exception {
        String body = "{\"n\":1}";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> written = cluster.send(GatewayCluster.postRequest(port,
                    GatewayCluster.singlePath(TOPIC), "application/json", body.getBytes(StandardCharsets.UTF_8))
                    .header("Authorization", BASIC));
            assertEquals(200, written.statusCode(), written.body());
        }
        assertEquals(401, cluster.post(port, GatewayCluster.singlePath(TOPIC), "application/json", body)
                .statusCode());
        assertEquals(400, cluster.send(GatewayCluster.postRequest(port, GatewayCluster.singlePath(TOPIC),
                        "application/json", "not gzip".getBytes(StandardCharsets.UTF_8))
                .header("Content-Encoding", "gzip").header("Authorization", BASIC)).statusCode());
        assertEquals(404, cluster.get(port, "/no/such/route").statusCode());

        awaitMetric(3, "request-total", Map.of("route", SINGLE, "status", "200"));
        assertEquals(3.0 * body.length(), number("request-byte-total", Map.of("route", SINGLE, "status", "200")));
        assertTrue(number("response-byte-total", Map.of("route", SINGLE, "status", "200")) > 0);
        awaitMetric(1, "request-total", Map.of("route", SINGLE, "status", "401"));
        awaitMetric(1, "request-total", Map.of("route", SINGLE, "status", "400"));
        awaitMetric(1, "request-total", Map.of("route", "other", "status", "404"));
        awaitMetric(1, "refusal-total", Map.of("reason", "unauthenticated"));
        awaitMetric(1, "refusal-total", Map.of("reason", "invalid"));
        awaitMetric(1, "refusal-total", Map.of("reason", "not-found"));
        assertEquals(0.0, number("refusal-total", Map.of("reason", "queue-full")));
        awaitMetric(1, "auth-failure-total", Map.of("route", SINGLE));

        assertEquals(3.0, number("ack-total", Map.of()));
        double p50 = number("ack-latency-p50", Map.of());
        double p99 = number("ack-latency-p99", Map.of());
        double max = number("ack-latency-max", Map.of());
        double avg = number("ack-latency-avg", Map.of());
        System.out.printf("ack latency ms: p50=%.2f p99=%.2f max=%.2f avg=%.2f%n", p50, p99, max, avg);
        double p999 = number("ack-latency-p999", Map.of());
        assertTrue(p99 > 0 && p99 >= p50 && p999 >= p99, "p999 " + p999 + ", p99 " + p99 + ", p50 " + p50);
        // Three acks: the p99.9 is the slowest (its bin's middle, never above the maximum).
        assertTrue(p999 <= max && p999 >= max * 0.984, "p999 " + p999 + ", max " + max);
        assertTrue(max > 0 && max < 10_000 && avg > 0 && avg <= max, "max " + max + ", avg " + avg);
        assertEquals(0, ((Number) metric("queue-records", Map.of())).intValue());
        assertEquals(0L, ((Number) metric("queue-bytes", Map.of())).longValue());
    }

    @Test
    void openSocketsAreAGaugePerRoute() throws Exception {
        Map<String, String> in = Map.of("route", "/socket/in");
        assertEquals(0, ((Number) metric("sockets-open", in)).intValue());
        try (TestSocket socket = TestSocket.open(cluster.http, port, "/socket/in?clientId=c&topic=" + TOPIC,
                Map.of("Authorization", BASIC))) {
            TestUtils.waitForCondition(() -> ((Number) metric("sockets-open", in)).intValue() == 1, 15_000,
                    "the open socket is not counted");
            assertEquals(0, ((Number) metric("sockets-open", Map.of("route", "/socket/out"))).intValue());
            awaitMetric(1, "request-total", Map.of("route", "/socket/in", "status", "101"));
        }
        TestUtils.waitForCondition(() -> ((Number) metric("sockets-open", in)).intValue() == 0, 15_000,
                "the closed socket is still counted");
    }
}
